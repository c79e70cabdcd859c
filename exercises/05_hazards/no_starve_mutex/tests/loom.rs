//! Loom models: every interleaving of two or three threads using the lock.
//!
//! Bounded bypass is checked from the moment `arrive` returns: after that, another thread may
//! go in before us only if it was in line before us, so at most once per other thread.
#![cfg(loom)]

use no_starve_mutex::FairMutex;
use shim::sync::Arc;
use shim::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use shim::thread;

#[test]
fn a_waiting_thread_is_overtaken_at_most_once_by_each_other_thread() {
    shim::model(|| {
        const ROUNDS: usize = 3;
        let lock = Arc::new(FairMutex::new(()));
        // How many times anyone went in; bumped inside the lock.
        let entries = Arc::new(AtomicUsize::new(0));
        let other = {
            let (lock, entries) = (lock.clone(), entries.clone());
            thread::spawn(move || {
                for _ in 0..ROUNDS {
                    let guard = lock.lock();
                    entries.fetch_add(1, Ordering::SeqCst);
                    drop(guard);
                }
            })
        };
        let arrival = lock.arrive();
        // A read-modify-write reads the newest count (a plain load might read an old one).
        let at_arrival = entries.fetch_add(0, Ordering::SeqCst);
        let guard = arrival.wait();
        let overtaken = entries.fetch_add(1, Ordering::SeqCst) - at_arrival;
        drop(guard);
        other.join().unwrap();
        assert!(
            overtaken <= 1,
            "this thread took its place in line, then the other thread went in {overtaken} \
             times before it did: it was overtaken {overtaken} times. A fair lock lets each \
             thread that was in line before us go in once, and nobody who came later: here at \
             most once. The lock let a thread that came back for more push in front"
        );
    });
}

#[test]
fn two_waiters_go_in_in_the_order_they_arrived() {
    shim::model(|| {
        let lock = Arc::new(FairMutex::new(Vec::new()));
        let held = lock.lock();
        let waiter = |name: &'static str| {
            let lock = lock.clone();
            let arrived = Arc::new(AtomicBool::new(false));
            let flag = arrived.clone();
            let handle = thread::spawn(move || {
                let arrival = lock.arrive();
                // Release: pairs with the Acquire below, so "arrived" is seen after the arrival.
                flag.store(true, Ordering::Release);
                arrival.wait().push(name);
            });
            while !arrived.load(Ordering::Acquire) {
                thread::yield_now();
            }
            handle
        };
        // `first` has its place in line before `second` arrives.
        let first = waiter("first");
        let second = waiter("second");
        drop(held);
        first.join().unwrap();
        second.join().unwrap();
        assert_eq!(
            *lock.lock(),
            ["first", "second"],
            "two threads waited in line while the lock was held; the one that arrived first \
             must go in first"
        );
    });
}
