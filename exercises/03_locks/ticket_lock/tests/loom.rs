//! Loom model: every interleaving of two threads using the lock.
//!
//! Loom tracks every access to the value (through `shim::cell::UnsafeCell`) and reports a
//! "causality violation" when two threads touch it without a happens-before edge between them:
//! exactly what waiting for your turn with a `Relaxed` load, or serving the next ticket with a
//! `Relaxed` increment, allows.
#![cfg(loom)]

use shim::sync::Arc;
use shim::thread;
use ticket_lock::TicketLock;

#[test]
fn two_threads_incrementing_never_lose_an_update() {
    shim::model(|| {
        let lock = Arc::new(TicketLock::new(0));
        let other = {
            let lock = lock.clone();
            thread::spawn(move || *lock.lock() += 1)
        };
        *lock.lock() += 1;
        other.join().unwrap();
        assert_eq!(*lock.lock(), 2, "an increment was lost");
    });
}

#[test]
fn the_next_holder_sees_what_the_last_one_wrote() {
    shim::model(|| {
        let lock = Arc::new(TicketLock::new(String::new()));
        let writer = {
            let lock = lock.clone();
            thread::spawn(move || lock.lock().push_str("written"))
        };
        let seen = lock.lock().clone();
        assert!(
            seen.is_empty() || seen == "written",
            "saw a half-written value: {seen:?}"
        );
        writer.join().unwrap();
        assert_eq!(*lock.lock(), "written");
    });
}
