//! Loom model: every interleaving of three philosophers at one meal each.
//!
//! When every thread is blocked waiting for a fork, loom reports a deadlock and aborts the
//! test process, so each test here runs in its own process.
#![cfg(loom)]

use philosophers::{Coffman, condition_broken, dine};
use shim::tracked::{self, Condition};

const SEATS: usize = 3;

/// One dinner of three, one meal each, checked for meals and for two forks per meal.
fn one_dinner() {
    let before = tracked::evidence().acquisitions_while_holding;
    // If all three hold one fork and wait for the next, loom stops here with "deadlock".
    assert_eq!(
        dine(SEATS, 1),
        vec![1; SEATS],
        "each of 3 seats eats its one meal"
    );
    let with_two_forks = tracked::evidence().acquisitions_while_holding - before;
    assert!(
        with_two_forks >= SEATS as u64,
        "3 meals were eaten but a fork was picked up with another in hand only \
         {with_two_forks} times: every meal needs both forks"
    );
}

#[test]
fn three_philosophers_never_deadlock() {
    shim::model(one_dinner);
}

/// `condition_broken()` must name what the philosophers really do: the tracked forks record,
/// over every interleaving, whether a philosopher ever waits for a fork while holding one, and
/// whether one that cannot get a fork puts down what it holds.
#[test]
fn the_condition_named_is_the_one_dine_breaks() {
    tracked::reset_evidence();
    shim::model(one_dinner);
    let claim = match condition_broken() {
        Coffman::MutualExclusion => Condition::MutualExclusion,
        Coffman::HoldAndWait => Condition::HoldAndWait,
        Coffman::NoPreemption => Condition::NoPreemption,
        Coffman::CircularWait => Condition::CircularWait,
    };
    if let Err(why) = tracked::judge(claim, &tracked::evidence()) {
        panic!("condition_broken() does not match what the philosophers do: {why}");
    }
}
