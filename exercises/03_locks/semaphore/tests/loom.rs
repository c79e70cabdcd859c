//! Loom model: every interleaving of threads sharing a semaphore.
//!
//! A semaphore of one permit is a lock: loom checks, through an `UnsafeCell` the permit
//! guards, that whoever takes the permit sees what the previous holder wrote (a causality
//! violation otherwise). And since loom's condition variables never wake spuriously, a waiter
//! that nobody notifies sleeps for ever: loom reports the deadlock.
#![cfg(loom)]

use semaphore::Semaphore;
use shim::cell::UnsafeCell;
use shim::sync::Arc;
use shim::thread;

/// A counter that only permit holders may touch; loom checks that they never overlap.
struct Guarded {
    semaphore: Semaphore,
    count: UnsafeCell<u32>,
}

// Safety: `count` is only touched while holding the semaphore's only permit (and loom checks
// that claim in every interleaving).
unsafe impl Sync for Guarded {}

impl Guarded {
    fn increment(&self) {
        let _permit = self.semaphore.acquire();
        // Safety: we hold the only permit.
        self.count.with_mut(|count| unsafe { *count += 1 });
    }
}

#[test]
fn one_permit_is_a_lock_that_publishes_the_holders_writes() {
    shim::model(|| {
        let shared = Arc::new(Guarded {
            semaphore: Semaphore::new(1),
            count: UnsafeCell::new(0),
        });
        let other = {
            let shared = shared.clone();
            thread::spawn(move || shared.increment())
        };
        shared.increment();
        other.join().unwrap();
        let _permit = shared.semaphore.acquire();
        // Safety: we hold the only permit, and the other thread has finished.
        let count = shared.count.with(|count| unsafe { *count });
        assert_eq!(count, 2, "an increment made under the permit was lost");
    });
}

#[test]
fn a_waiter_wakes_when_the_permit_comes_back() {
    shim::model(|| {
        let semaphore = Arc::new(Semaphore::new(1));
        let held = semaphore.acquire();
        let waiter = {
            let semaphore = semaphore.clone();
            thread::spawn(move || drop(semaphore.acquire()))
        };
        drop(held);
        waiter.join().unwrap();
        assert_eq!(semaphore.available(), 1, "a permit was lost or made up");
    });
}

#[test]
fn two_waiters_take_turns_on_one_permit() {
    shim::model(|| {
        let semaphore = Arc::new(Semaphore::new(1));
        let held = semaphore.acquire();
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let semaphore = semaphore.clone();
                thread::spawn(move || drop(semaphore.acquire()))
            })
            .collect();
        // Each return must wake a waiter: the first waiter's return wakes the second.
        drop(held);
        for waiter in waiters {
            waiter.join().unwrap();
        }
        assert_eq!(semaphore.available(), 1, "a permit was lost or made up");
    });
}
