//! Loom model: every interleaving of threads taking the mutex (preemption bound 2).
//!
//! Loom tracks the value (`shim::cell::UnsafeCell`), so a handover without Acquire/Release is a
//! causality violation. Its condition variables (inside the futex) never wake spuriously, so a
//! thread asleep on the futex that nobody wakes sleeps for ever: loom reports the deadlock.
#![cfg(loom)]

use futex_mutex::FutexMutex;
use shim::sync::Arc;
use shim::thread;

#[test]
fn two_threads_hand_the_value_over() {
    shim::model(|| {
        let mutex = Arc::new(FutexMutex::new(String::new()));
        let other = {
            let mutex = mutex.clone();
            thread::spawn(move || mutex.lock().push('a'))
        };
        mutex.lock().push('b');
        other.join().unwrap();
        assert_eq!(mutex.lock().len(), 2, "an update was lost");
    });
}

#[test]
fn every_sleeper_is_woken_in_its_turn() {
    // A holder and two waiters: after the first waiter is woken and takes the mutex, its
    // unlock must still wake the second one.
    shim::model(|| {
        let mutex = Arc::new(FutexMutex::new(0));
        let held = mutex.lock();
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let mutex = mutex.clone();
                thread::spawn(move || *mutex.lock() += 1)
            })
            .collect();
        drop(held);
        for waiter in waiters {
            waiter.join().unwrap();
        }
        assert_eq!(*mutex.lock(), 2);
    });
}
