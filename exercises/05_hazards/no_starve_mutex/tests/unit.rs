//! Unit tests: the lock on real threads, in-order entry included.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use no_starve_mutex::{FairGuard, FairMutex};
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};

// The lock moves a `T` from thread to thread: it is `Sync` when `T: Send`, and not otherwise.
assert_impl_all!(FairMutex<Cell<u8>>: Sync, Send);
assert_not_impl_any!(FairMutex<Rc<u8>>: Sync, Send);
// A shared guard shares `&T`: it is `Sync` exactly when `T: Sync`.
assert_impl_all!(FairGuard<'static, u64>: Sync);
assert_not_impl_any!(FairGuard<'static, Cell<u8>>: Sync);

#[test]
fn lock_gives_access_to_the_value() {
    let lock = FairMutex::new(vec![1, 2]);
    lock.lock().push(3);
    assert_eq!(
        *lock.lock(),
        vec![1, 2, 3],
        "a write through one guard must be seen by the next"
    );
}

#[test]
fn arriving_never_waits() {
    let lock = FairMutex::new(0);
    let watchdog = Watchdog::start(
        "arrive() while the lock is held, then wait() once it is free",
        Duration::from_secs(3),
    );
    let held = lock.lock();
    // Taking a place in line must not wait for the holder: if it did, this thread (the holder)
    // would wait for itself, and the watchdog would stop the test.
    let arrival = lock.arrive();
    watchdog.progress();
    drop(held);
    *arrival.wait() += 1;
    watchdog.progress();
    assert_eq!(*lock.lock(), 1);
}

#[test]
fn threads_go_in_in_the_order_they_arrived() {
    const THREADS: usize = 4;
    let lock = Arc::new(FairMutex::new(Vec::new()));
    let watchdog = Watchdog::start(
        "four threads waiting in line for the lock",
        Duration::from_secs(5),
    );
    let held = lock.lock();
    let (arrived, arrivals) = mpsc::channel();
    let mut threads = Vec::new();
    for thread in 0..THREADS {
        let (lock, arrived) = (lock.clone(), arrived.clone());
        threads.push(std::thread::spawn(move || {
            let arrival = lock.arrive();
            arrived.send(()).expect("the test is waiting for this");
            arrival.wait().push(thread);
        }));
        // Only once this thread has its place does the next one arrive.
        arrivals.recv().expect("the thread arrived");
        watchdog.progress();
    }
    // Let the waiters go in, in whatever order the lock chooses.
    std::thread::sleep(Duration::from_millis(20));
    drop(held);
    for thread in threads {
        thread.join().expect("a thread panicked");
        watchdog.progress();
    }
    assert_eq!(
        *lock.lock(),
        (0..THREADS).collect::<Vec<_>>(),
        "threads that arrived one after another while the lock was held went in out of \
         order: a fair lock lets them in first come, first served"
    );
}

#[test]
fn only_one_thread_is_ever_inside() {
    const THREADS: usize = 4;
    const ROUNDS: usize = 100;
    let lock = Arc::new(FairMutex::new(0usize));
    let inside = Arc::new(AtomicBool::new(false));
    let watchdog = Watchdog::start("four threads taking the lock", Duration::from_secs(5));
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let (lock, inside, watchdog) = (lock.clone(), inside.clone(), watchdog.handle());
            std::thread::spawn(move || {
                for _ in 0..ROUNDS {
                    let mut guard = lock.lock();
                    assert!(
                        !inside.swap(true, Ordering::SeqCst),
                        "two threads held the lock at once"
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
        thread.join().expect("a thread panicked");
    }
    assert_eq!(*lock.lock(), THREADS * ROUNDS, "an increment was lost");
}
