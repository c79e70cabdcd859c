//! Loom model: every interleaving of `fire` on another thread with the timer's polls.
//!
//! The task runs in loom's `block_on`, which sleeps after each `Pending` until its waker is
//! called. A timer that checks the flag and only then stores the waker lets `fire` slip in
//! between: `fire` finds no waker, the task sleeps forever, and loom reports a deadlock.
#![cfg(loom)]

mod support;

use shim::thread;
use support::block_on;
use timer_future::timer;

#[test]
fn a_timer_fired_by_another_thread_always_wakes_its_task() {
    shim::model(|| {
        let (pending, fire) = timer();
        let firing = thread::spawn(move || fire.fire());
        block_on(pending);
        firing.join().unwrap();
    });
}

#[test]
fn two_timers_fired_by_two_threads_in_any_order_both_finish() {
    shim::model(|| {
        let (first, fire_first) = timer();
        let (second, fire_second) = timer();
        let firing = [
            thread::spawn(move || fire_second.fire()),
            thread::spawn(move || fire_first.fire()),
        ];
        block_on(async {
            first.await;
            second.await;
        });
        for thread in firing {
            thread.join().unwrap();
        }
    });
}
