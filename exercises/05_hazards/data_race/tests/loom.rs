//! Loom model: every interleaving of two threads sharing one tally.
//!
//! Loom watches every access to the count (through `shim::cell::UnsafeCell`, or inside its
//! own atomics and mutexes) and reports a "causality violation" when two threads touch it
//! with no happens-before edge between them: a data race, caught as a test failure instead
//! of undefined behaviour.
#![cfg(loom)]

use data_race::{LocalTally, SharedTally};
use shim::sync::Arc;
use shim::thread;

#[test]
fn two_threads_adding_at_once_lose_nothing() {
    shim::model(|| {
        let tally = Arc::new(SharedTally::new());
        let other = {
            let tally = tally.clone();
            thread::spawn(move || tally.add(2))
        };
        tally.add(3);
        other.join().unwrap();
        assert_eq!(
            tally.get(),
            5,
            "two threads added 2 and 3 at once, and an addition was lost"
        );
    });
}

#[test]
fn reading_while_another_thread_adds_sees_before_or_after() {
    shim::model(|| {
        let tally = Arc::new(SharedTally::new());
        let other = {
            let tally = tally.clone();
            thread::spawn(move || {
                // A local tally moved into this thread, counted here, then handed over.
                let local = LocalTally::new();
                local.add(1);
                local.add(1);
                tally.absorb(local);
            })
        };
        let seen = tally.get();
        assert!(
            seen == 0 || seen == 2,
            "get() ran while another thread absorbed 2 and saw {seen}"
        );
        other.join().unwrap();
        assert_eq!(tally.get(), 2);
    });
}
