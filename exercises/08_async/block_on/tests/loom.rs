//! Loom model: `block_on` parking on the shim's `park`, with the future finished by another
//! thread, and with extra (spurious) unparks, in every interleaving.
//!
//! A wake that lands between the poll and the park must be kept by park's token; a spurious
//! unpark must lead to one more poll, not to a wrong answer. A `block_on` that loses a wake
//! sleeps with every other thread finished, and loom reports a deadlock.
#![cfg(loom)]

mod support;

use block_on::block_on;
use shim::thread;
use support::steps;

#[test]
fn a_future_finished_by_another_thread_wakes_block_on() {
    shim::model(|| {
        let (future, stepper) = steps(1, 7);
        let outside = thread::spawn(move || stepper.step());
        assert_eq!(block_on(future), 7);
        outside.join().unwrap();
    });
}

#[test]
fn a_spurious_unpark_does_not_end_the_wait_early() {
    shim::model(|| {
        let (future, stepper) = steps(1, 'x');
        let blocked = thread::current();
        let spurious = thread::spawn(move || blocked.unpark());
        let outside = thread::spawn(move || stepper.step());
        assert_eq!(block_on(future), 'x');
        spurious.join().unwrap();
        outside.join().unwrap();
    });
}

#[test]
fn two_wakes_from_another_thread_both_reach_block_on() {
    shim::model(|| {
        let (future, stepper) = steps(2, 2u8);
        let outside = thread::spawn(move || {
            stepper.step();
            stepper.step();
        });
        assert_eq!(block_on(future), 2);
        outside.join().unwrap();
    });
}
