//! Loom model: every interleaving of the join's polls with children completed by other threads.
//!
//! The task is driven by loom's `block_on`, which sleeps after each `Pending` until its waker
//! is called. If the join loses the waker (polls the children with a fresh context or a no-op
//! waker) or returns `Pending` with no child left to wake it, some interleaving leaves the task
//! asleep with every other thread finished, and loom reports a deadlock.
#![cfg(loom)]

mod support;

use join::join;
use shim::thread;
use support::{Countdown, block_on, remote};

#[test]
fn a_child_completed_by_another_thread_wakes_the_join() {
    shim::model(|| {
        let (a, finish_a, _) = remote();
        let (b, _) = Countdown::ready(2);
        let completer = thread::spawn(move || finish_a.complete(1));
        assert_eq!(
            block_on(join(a, b)),
            (1, 2),
            "the join must finish with both outputs, in order (a, b)"
        );
        completer.join().unwrap();
    });
}

#[test]
fn children_completed_by_two_threads_in_any_order_finish_the_join() {
    shim::model(|| {
        let (a, finish_a, _) = remote();
        let (b, finish_b, _) = remote();
        let completers = [
            thread::spawn(move || finish_a.complete('a')),
            thread::spawn(move || finish_b.complete('b')),
        ];
        assert_eq!(
            block_on(join(a, b)),
            ('a', 'b'),
            "the join must finish with both outputs, in order (a, b)"
        );
        for completer in completers {
            completer.join().unwrap();
        }
    });
}

#[test]
fn a_wake_from_inside_a_nested_join_reaches_the_task() {
    shim::model(|| {
        let (a, finish_a, _) = remote();
        let (b, _) = Countdown::after(1, 'b');
        let (c, _) = Countdown::ready('c');
        let completer = thread::spawn(move || finish_a.complete('a'));
        assert_eq!(block_on(join(c, join(a, b))), ('c', ('a', 'b')));
        completer.join().unwrap();
    });
}
