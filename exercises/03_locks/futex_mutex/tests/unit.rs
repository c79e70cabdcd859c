//! Unit tests: the mutex on real threads. The futex (`src/futex.rs`) counts sleeps and wake
//! calls, so the tests can see that a waiting thread sleeps, and that an uncontended unlock
//! makes no wake call. The checker makes one futex wait in four return spuriously here.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futex_mutex::{FutexGuard, FutexMutex};
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};

assert_impl_all!(FutexMutex<Cell<u8>>: Send, Sync);
assert_not_impl_any!(FutexMutex<Rc<u8>>: Send, Sync);
assert_impl_all!(FutexGuard<'static, u64>: Sync);
assert_not_impl_any!(FutexGuard<'static, Cell<u8>>: Sync);

#[test]
fn lock_gives_access_to_the_value_and_unlocks_on_drop() {
    let mutex = FutexMutex::new(vec![1]);
    for n in 2..=3 {
        mutex.lock().push(n);
    }
    assert_eq!(*mutex.lock(), vec![1, 2, 3]);
}

#[test]
fn an_uncontended_lock_never_sleeps_or_wakes() {
    let mutex = FutexMutex::new(0);
    for _ in 0..100 {
        *mutex.lock() += 1;
    }
    assert_eq!(
        mutex.sleeps(),
        0,
        "a thread slept on a mutex nobody else held"
    );
    assert_eq!(
        mutex.wake_calls(),
        0,
        "unlocking a mutex nobody waited for made a wake call (a system call on Linux): \
         wake only if the state says a thread may be asleep"
    );
}

#[test]
fn a_waiting_thread_sleeps_instead_of_spinning() {
    let watchdog = Watchdog::start("a thread waiting for the mutex", Duration::from_secs(5));
    let mutex = Arc::new(FutexMutex::new(0));
    let released = Arc::new(AtomicBool::new(false));
    let held = mutex.lock();
    let waiter = {
        let (mutex, released) = (mutex.clone(), released.clone());
        std::thread::spawn(move || {
            *mutex.lock() += 1;
            // SeqCst: test bookkeeping only; the strongest ordering keeps it simple.
            released.load(Ordering::SeqCst)
        })
    };
    // A waiter that sleeps shows up in the futex's count; one that spins never does.
    let started = Instant::now();
    while mutex.sleeps() == 0 && started.elapsed() < Duration::from_secs(4) {
        std::thread::sleep(Duration::from_millis(1));
        watchdog.progress();
    }
    assert!(
        mutex.sleeps() > 0,
        "a thread has waited for the mutex for seconds without ever sleeping on the futex: \
         it must sleep (`futex.wait`) instead of spinning"
    );
    released.store(true, Ordering::SeqCst);
    drop(held);
    assert!(
        waiter.join().unwrap(),
        "the waiter got in while the mutex was still held"
    );
    assert!(
        mutex.wake_calls() > 0,
        "the sleeper got in although nobody woke it"
    );
    assert_eq!(*mutex.lock(), 1);
}

#[test]
fn only_one_thread_is_ever_inside() {
    const THREADS: usize = 4;
    const ROUNDS: usize = 1_000;
    let mutex = Arc::new(FutexMutex::new((0usize, 0usize)));
    let watchdog = Watchdog::start("four threads taking the mutex", Duration::from_secs(5));
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let (mutex, watchdog) = (mutex.clone(), watchdog.handle());
            std::thread::spawn(move || {
                for _ in 0..ROUNDS {
                    let mut pair = mutex.lock();
                    pair.0 += 1;
                    std::thread::yield_now();
                    pair.1 += 1;
                    assert_eq!(pair.0, pair.1, "another thread got in between two writes");
                    drop(pair);
                    watchdog.progress();
                }
            })
        })
        .collect();
    for thread in threads {
        thread
            .join()
            .expect("a thread panicked while using the mutex");
    }
    assert_eq!(
        *mutex.lock(),
        (THREADS * ROUNDS, THREADS * ROUNDS),
        "increments were lost"
    );
}
