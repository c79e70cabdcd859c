//! Loom model: every interleaving of two threads using the bank.
//!
//! When every thread is blocked waiting for a lock, loom reports a deadlock and aborts the test
//! process, so each test here runs in its own process.
#![cfg(loom)]

use bank::{Bank, Coffman, TransferError, condition_broken};
use shim::sync::Arc;
use shim::thread;
use shim::tracked::{self, Condition};

#[test]
fn transfers_in_opposite_directions_never_deadlock() {
    shim::model(|| {
        let bank = Arc::new(Bank::new(vec![10, 10]));
        let other = {
            let bank = bank.clone();
            thread::spawn(move || bank.transfer(0, 1, 3))
        };
        // If this thread holds account 1 and waits for 0 while the other holds 0 and waits
        // for 1, loom stops here with "deadlock".
        let mine = bank.transfer(1, 0, 4);
        let theirs = other.join().unwrap();
        assert_eq!(
            (mine, theirs),
            (Ok(()), Ok(())),
            "both transfers had the money"
        );
        assert_eq!(
            (bank.balance(0), bank.balance(1)),
            (11, 9),
            "account 0 gave 3 and got 4; account 1 gave 4 and got 3"
        );
    });
}

#[test]
fn total_during_a_transfer_is_always_the_same() {
    shim::model(|| {
        let bank = Arc::new(Bank::new(vec![10, 10]));
        let other = {
            let bank = bank.clone();
            thread::spawn(move || bank.transfer(0, 1, 5))
        };
        let total = bank.total();
        assert_eq!(
            total, 20,
            "total() ran during a transfer and saw {total}, not 20: it saw the money in both \
             accounts or in neither. total() must hold every account's lock at once, and a \
             transfer must take the money out and put it in within one critical section"
        );
        other.join().unwrap().unwrap();
        assert_eq!(bank.total(), 20);
    });
}

#[test]
fn two_withdrawals_from_one_account_never_overdraw_it() {
    shim::model(|| {
        let bank = Arc::new(Bank::new(vec![10, 0, 0]));
        let other = {
            let bank = bank.clone();
            thread::spawn(move || bank.transfer(0, 1, 7))
        };
        let mine = bank.transfer(0, 2, 7);
        let theirs = other.join().unwrap();
        let refused = [mine, theirs]
            .iter()
            .filter(|result| **result == Err(TransferError::InsufficientFunds))
            .count();
        assert_eq!(
            refused, 1,
            "account 0 holds 10, so exactly one of two transfers of 7 may succeed (got \
             {mine:?} and {theirs:?}): check the balance and take the money in one critical section"
        );
        assert_eq!(bank.balance(0), 3);
        assert_eq!(bank.total(), 10, "money was created or destroyed");
    });
}

/// `condition_broken()` must name what `transfer` really does. Two transfers that share
/// account 1, one in each direction, run in every interleaving while the tracked locks record
/// whether a thread ever waits for a lock while it holds another, and whether a thread that
/// cannot get a lock gives up what it holds.
#[test]
fn the_condition_named_is_the_one_transfer_breaks() {
    tracked::reset_evidence();
    shim::model(|| {
        let bank = Arc::new(Bank::new(vec![10, 10, 10]));
        let other = {
            let bank = bank.clone();
            thread::spawn(move || bank.transfer(2, 1, 2))
        };
        let mine = bank.transfer(0, 1, 1);
        assert_eq!((mine, other.join().unwrap()), (Ok(()), Ok(())));
    });
    let claim = match condition_broken() {
        Coffman::MutualExclusion => Condition::MutualExclusion,
        Coffman::HoldAndWait => Condition::HoldAndWait,
        Coffman::NoPreemption => Condition::NoPreemption,
        Coffman::CircularWait => Condition::CircularWait,
    };
    if let Err(why) = tracked::judge(claim, &tracked::evidence()) {
        panic!("condition_broken() does not match what transfer does: {why}");
    }
}
