//! Unit tests: the lock's behaviour on real threads, first-come-first-served included.

mod support;

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};
use ticket_lock::{TicketGuard, TicketLock};

// The lock moves a `T` from thread to thread: it is `Sync` when `T: Send`, and not otherwise.
assert_impl_all!(TicketLock<Cell<u8>>: Sync, Send);
assert_not_impl_any!(TicketLock<Rc<u8>>: Sync, Send);
// A shared guard shares `&T`: it is `Sync` exactly when `T: Sync`.
assert_impl_all!(TicketGuard<'static, u64>: Sync);
assert_not_impl_any!(TicketGuard<'static, Cell<u8>>: Sync);

#[test]
fn lock_gives_access_to_the_value() {
    let lock = TicketLock::new(vec![1, 2]);
    lock.lock().push(3);
    assert_eq!(
        *lock.lock(),
        vec![1, 2, 3],
        "a write through one guard must be seen by the next"
    );
}

#[test]
fn dropping_the_guard_serves_the_next_ticket() {
    let lock = TicketLock::new(0);
    for _ in 0..3 {
        // If the guard did not serve the next ticket, the second `lock()` would wait forever.
        *lock.lock() += 1;
    }
    assert_eq!(*lock.lock(), 3);
}

#[test]
fn only_one_thread_is_ever_inside() {
    const THREADS: usize = 4;
    const ROUNDS: usize = 1_000;
    let lock = Arc::new(TicketLock::new(0usize));
    let inside = Arc::new(AtomicBool::new(false));
    let watchdog = Watchdog::start(
        "four threads taking the ticket lock",
        Duration::from_secs(5),
    );
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let (lock, inside, watchdog) = (lock.clone(), inside.clone(), watchdog.handle());
            std::thread::spawn(move || {
                for _ in 0..ROUNDS {
                    let mut guard = lock.lock();
                    let someone_else_inside = inside.swap(true, Ordering::SeqCst);
                    assert!(
                        !someone_else_inside,
                        "two threads held the lock at the same time"
                    );
                    *guard += 1;
                    inside.store(false, Ordering::SeqCst);
                    drop(guard);
                    watchdog.progress();
                }
            })
        })
        .collect();
    for thread in threads {
        thread
            .join()
            .expect("a thread panicked while using the lock");
    }
    assert_eq!(
        *lock.lock(),
        THREADS * ROUNDS,
        "increments were lost: the lock let threads overlap"
    );
}

/// Lines up `waiters` threads behind a held lock, one after the other, then lets them in.
/// Returns the order in which they entered.
fn entry_order(waiters: usize) -> Vec<usize> {
    let lock = Arc::new(TicketLock::new(Vec::new()));
    let held = lock.lock();
    let mut threads = Vec::new();
    for id in 0..waiters {
        let lock = lock.clone();
        let thread = std::thread::spawn(move || lock.lock().push(id));
        // Only once this thread is surely queued does the next one arrive.
        support::until_waiting(&thread);
        threads.push(thread);
    }
    drop(held);
    for thread in threads {
        thread.join().expect("a waiting thread panicked");
    }
    lock.lock().clone()
}

#[test]
fn threads_enter_in_the_order_they_arrived() {
    // A lock that is not first-come-first-served lets three queued threads in in the right
    // order one time in six, by luck; five rounds in a row, about once in 8 000.
    let watchdog = Watchdog::start(
        "threads queued behind the ticket lock",
        Duration::from_secs(8),
    );
    for _ in 0..5 {
        let order = entry_order(3);
        assert_eq!(
            order,
            vec![0, 1, 2],
            "threads 0, 1 and 2 arrived in that order while the lock was held, but entered in \
             the order {order:?}: a ticket lock serves tickets first come, first served"
        );
        watchdog.progress();
    }
}
