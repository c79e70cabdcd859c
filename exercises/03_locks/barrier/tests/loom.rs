//! Loom model: every interleaving of threads meeting at the barrier (preemption bound 2).
//!
//! Each thread writes its own slot before the barrier and reads the others' after it. Loom
//! tracks the slots (`shim::cell::UnsafeCell`): reading a slot its owner may still be writing
//! is a causality violation. A thread left waiting for ever (a lost wake-up, or a round that
//! a fast thread lapped) is a deadlock that loom reports.
#![cfg(loom)]

use barrier::Barrier;
use shim::cell::UnsafeCell;
use shim::sync::Arc;
use shim::thread;

struct Meeting {
    barrier: Barrier,
    slots: [UnsafeCell<u32>; 2],
}

// Safety: each slot is written only by its owner between two `wait`s, and read by the other
// thread only between the next two; loom checks that claim in every interleaving.
unsafe impl Sync for Meeting {}

fn meet(meeting: &Meeting, me: usize) {
    for round in 1..=2 {
        // Safety: only we write our slot, and nobody reads it until the barrier.
        meeting.slots[me].with_mut(|slot| unsafe { *slot = round });
        meeting.barrier.wait();
        // Safety: its owner wrote it before the barrier, and writes again only after the next.
        let theirs = meeting.slots[1 - me].with(|slot| unsafe { *slot });
        assert_eq!(theirs, round, "left the barrier of round {round} early");
        meeting.barrier.wait();
    }
}

#[test]
fn two_threads_meet_round_after_round_and_see_each_others_writes() {
    shim::model(|| {
        let meeting = Arc::new(Meeting {
            barrier: Barrier::new(2),
            slots: [UnsafeCell::new(0), UnsafeCell::new(0)],
        });
        let other = {
            let meeting = meeting.clone();
            thread::spawn(move || meet(&meeting, 1))
        };
        meet(&meeting, 0);
        other.join().unwrap();
    });
}

#[test]
fn the_last_arrival_releases_every_waiter() {
    shim::model(|| {
        let barrier = Arc::new(Barrier::new(3));
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let barrier = barrier.clone();
                thread::spawn(move || barrier.wait())
            })
            .collect();
        let mut leaders = usize::from(barrier.wait());
        for waiter in waiters {
            leaders += usize::from(waiter.join().unwrap());
        }
        assert_eq!(
            leaders, 1,
            "exactly one thread of a round must be told it was last"
        );
    });
}
