//! Loom model: every interleaving of readers and writers (preemption bound 2).
//!
//! Loom tracks each access to the value (through `shim::cell::UnsafeCell`): a reader and a
//! writer inside together, or a guard handed over without a happens-before edge, is a
//! causality violation. Loom's condition variables never wake spuriously, so a waiter that
//! nobody wakes is a deadlock that loom reports.
#![cfg(loom)]

use rwlock::RwLock;
use shim::sync::Arc;
use shim::thread;

#[test]
fn readers_never_see_a_half_written_value() {
    shim::model(|| {
        let lock = Arc::new(RwLock::new(String::new()));
        let writer = {
            let lock = lock.clone();
            thread::spawn(move || lock.write().push_str("written"))
        };
        let seen = lock.read().clone();
        assert!(
            seen.is_empty() || seen == "written",
            "saw a half-written value: {seen:?}"
        );
        if let Some(seen) = lock.try_read() {
            assert!(
                seen.is_empty() || *seen == "written",
                "saw a half-written value"
            );
        }
        writer.join().unwrap();
        assert_eq!(*lock.read(), "written");
    });
}

#[test]
fn two_writers_lose_no_update() {
    shim::model(|| {
        let lock = Arc::new(RwLock::new(0));
        let other = {
            let lock = lock.clone();
            thread::spawn(move || *lock.write() += 1)
        };
        *lock.write() += 1;
        other.join().unwrap();
        assert_eq!(*lock.read(), 2, "an update was lost");
    });
}

#[test]
fn a_leaving_writer_wakes_every_waiting_reader() {
    shim::model(|| {
        let lock = Arc::new(RwLock::new(0));
        let writing = lock.write();
        let readers: Vec<_> = (0..2)
            .map(|_| {
                let lock = lock.clone();
                thread::spawn(move || *lock.read())
            })
            .collect();
        let mut writing = writing;
        *writing = 1;
        drop(writing);
        for reader in readers {
            assert_eq!(
                reader.join().unwrap(),
                1,
                "a reader went in before the writer left"
            );
        }
    });
}
