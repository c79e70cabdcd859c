//! Loom model: every interleaving of threads sharing, using and dropping clones.
//!
//! The shared value is a `Tracked` (see `support`): every holder reads it, and its `Drop`
//! writes it. If the thread that drops it is not ordered after another holder's read (a
//! Release decrement in that holder, an Acquire in the dropper), loom reports a causality
//! violation: on a real machine that drop could free memory another thread is still reading.
#![cfg(loom)]

mod support;

use arc::Arc;
use shim::thread;
use support::Tracked;

#[test]
fn the_thread_that_drops_the_value_sees_every_other_use_of_it() {
    shim::model(|| {
        let (tracked, drops) = Tracked::new(1);
        let arc = Arc::new(tracked);
        let other = {
            let arc = arc.clone();
            thread::spawn(move || {
                assert_eq!(arc.read(), 1);
                drop(arc);
            })
        };
        assert_eq!(arc.read(), 1);
        // Either thread may be the last; whichever it is must be ordered after the other.
        drop(arc);
        other.join().unwrap();
        assert_eq!(
            drops.get(),
            1,
            "both Arcs are gone, so the value must have been dropped exactly once"
        );
    });
}

#[test]
fn three_owners_dropping_at_once_drop_the_value_exactly_once() {
    shim::model(|| {
        let (tracked, drops) = Tracked::new(2);
        let arc = Arc::new(tracked);
        let threads: Vec<_> = (0..2)
            .map(|_| {
                let arc = arc.clone();
                thread::spawn(move || {
                    assert_eq!(arc.read(), 2);
                    drop(arc);
                })
            })
            .collect();
        drop(arc);
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(
            drops.get(),
            1,
            "three Arcs were dropped, so the value must have been dropped exactly once"
        );
    });
}

#[test]
fn clones_made_on_two_threads_at_once_are_both_counted() {
    shim::model(|| {
        let (tracked, drops) = Tracked::new(3);
        let arc = Arc::new(tracked);
        let other = {
            let arc = arc.clone();
            thread::spawn(move || {
                // One more clone from this thread, while the main thread clones too.
                let extra = arc.clone();
                drop(arc);
                extra
            })
        };
        let mine = arc.clone();
        let theirs = other.join().unwrap();
        assert_eq!(
            Arc::strong_count(&mine),
            3,
            "`arc`, `mine` and the other thread's clone are alive: a clone was lost"
        );
        drop((arc, mine));
        assert_eq!(
            drops.get(),
            0,
            "the value was dropped while a clone was alive"
        );
        drop(theirs);
        assert_eq!(
            drops.get(),
            1,
            "the last Arc went, so the value must be dropped"
        );
    });
}
