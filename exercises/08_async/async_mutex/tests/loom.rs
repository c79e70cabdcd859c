//! Loom model: threads locking the async mutex, and a waiter cancelled while the lock is
//! being handed to it, in every interleaving.
//!
//! A wake-up lost (with the waiter that was cancelled, or between a check and a waker being
//! stored) leaves a thread parked with every other thread finished: loom reports a deadlock.
#![cfg(loom)]

mod support;

use async_mutex::Mutex;
use shim::sync::Arc;
use shim::thread;
use std::task::Poll;

use support::{Flag, block_on, poll_once};

#[test]
fn two_threads_both_get_the_lock_and_both_updates_land() {
    shim::model(|| {
        let mutex = Arc::new(Mutex::new(0));
        let other = mutex.clone();
        let outside = thread::spawn(move || block_on(async { *other.lock().await += 1 }));
        block_on(async { *mutex.lock().await += 1 });
        outside.join().unwrap();
        assert_eq!(block_on(async { *mutex.lock().await }), 2);
    });
}

#[test]
fn a_waiter_cancelled_after_the_unlock_passes_the_lock_to_another_thread() {
    shim::model(|| {
        let mutex = Arc::new(Mutex::new(0));
        let (_, waker) = Flag::waker();
        let Poll::Ready(held) = poll_once(&mut mutex.lock(), &waker) else {
            panic!("lock() of an unlocked mutex returned Pending")
        };
        let mut first = mutex.lock();
        assert!(poll_once(&mut first, &waker).is_pending());
        // Another thread queues up behind `first`, before or after the unlock below.
        let other = mutex.clone();
        let outside = thread::spawn(move || block_on(async { *other.lock().await += 1 }));
        // The lock goes to `first`, which is then cancelled without running.
        drop(held);
        drop(first);
        outside.join().unwrap();
        assert_eq!(block_on(async { *mutex.lock().await }), 1);
    });
}
