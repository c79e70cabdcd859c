//! Unit tests: the lock's behaviour on real threads. The checker makes one condition variable
//! wait in four return spuriously here, as real ones may.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rwlock::{ReadGuard, RwLock, WriteGuard};
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};

// Readers share `&T` across threads (`T: Sync`) and a writer changes it from any (`T: Send`).
assert_impl_all!(RwLock<Vec<u8>>: Send, Sync);
assert_not_impl_any!(RwLock<Cell<u8>>: Sync);
assert_not_impl_any!(RwLock<std::sync::MutexGuard<'static, u8>>: Sync);
// A shared guard shares `&T`: `Sync` exactly when `T: Sync`.
assert_impl_all!(ReadGuard<'static, u8>: Sync);
assert_impl_all!(WriteGuard<'static, u8>: Sync);
assert_not_impl_any!(ReadGuard<'static, Cell<u8>>: Sync);
assert_not_impl_any!(WriteGuard<'static, Cell<u8>>: Sync);

/// How long a test waits for something a correct lock does at once.
const PATIENCE: Duration = Duration::from_secs(4);

#[test]
fn readers_and_writers_see_the_value() {
    let lock = RwLock::new(vec![1]);
    lock.write().push(2);
    assert_eq!(
        *lock.read(),
        vec![1, 2],
        "a reader must see what the last writer wrote"
    );
    assert_eq!(lock.try_read().as_deref(), Some(&vec![1, 2]));
    // Every guard gives the lock back when dropped, or this would wait for ever.
    *lock.write() = vec![3];
    assert_eq!(*lock.read(), vec![3]);
}

#[test]
fn readers_really_run_together() {
    let lock = RwLock::new(0u32);
    let both_inside = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                let _reading = lock.read();
                // SeqCst: test bookkeeping only; the strongest ordering keeps it simple.
                both_inside.fetch_add(1, Ordering::SeqCst);
                let started = Instant::now();
                while both_inside.load(Ordering::SeqCst) < 2 && started.elapsed() < PATIENCE {
                    std::thread::yield_now();
                }
                assert_eq!(
                    both_inside.load(Ordering::SeqCst),
                    2,
                    "two readers never held read guards at the same time: readers must share"
                );
            });
        }
    });
    let (first, second) = (lock.read(), lock.try_read());
    assert!(
        second.is_some(),
        "try_read failed while only another reader was inside"
    );
    drop(first);
}

#[test]
fn try_read_fails_while_a_writer_is_inside() {
    let lock = RwLock::new(0u32);
    let writing = lock.write();
    std::thread::scope(|scope| {
        let refused = scope.spawn(|| lock.try_read().is_none()).join().unwrap();
        assert!(refused, "try_read succeeded while a writer held the lock");
    });
    drop(writing);
    assert!(
        lock.try_read().is_some(),
        "try_read failed with nobody inside"
    );
}

#[test]
fn once_a_writer_waits_new_readers_wait_too() {
    let watchdog = Watchdog::start("a writer waiting behind a reader", Duration::from_secs(5));
    let lock = RwLock::new(0u32);
    let calling_write = AtomicBool::new(false);
    let reading = lock.read();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            calling_write.store(true, Ordering::SeqCst);
            *lock.write() = 1;
        });
        while !calling_write.load(Ordering::SeqCst) {
            std::thread::yield_now();
        }
        // The writer is on its way into `write`; as soon as it waits, try_read must fail.
        let started = Instant::now();
        let mut refused = false;
        while !refused && started.elapsed() < PATIENCE {
            match lock.try_read() {
                Some(_) => std::thread::yield_now(),
                None => refused = true,
            }
            watchdog.progress();
        }
        assert!(
            refused,
            "a writer has been waiting for {PATIENCE:?} and try_read still lets new readers \
             in: a writer-preferring lock turns new readers away once a writer waits"
        );
        // A blocking reader arriving now must also let the waiting writer go first.
        let late_reader = scope.spawn(|| *lock.read());
        drop(reading);
        assert_eq!(
            late_reader.join().unwrap(),
            1,
            "a reader that arrived while a writer waited went in before the writer"
        );
    });
}

#[test]
fn readers_wait_while_a_writer_is_inside() {
    // An `if` around a reader's wait lets it in on a spurious wake-up; many waiting readers
    // make it show every run.
    let watchdog = Watchdog::start("readers waiting behind a writer", Duration::from_secs(5));
    for _ in 0..8 {
        let lock = RwLock::new((0u32, 0u32));
        let mut writing = lock.write();
        std::thread::scope(|scope| {
            let readers: Vec<_> = (0..4).map(|_| scope.spawn(|| *lock.read())).collect();
            for _ in 0..10 {
                std::thread::sleep(Duration::from_millis(2));
                watchdog.progress();
            }
            *writing = (1, 1);
            drop(writing);
            for reader in readers {
                assert_eq!(
                    reader.join().unwrap(),
                    (1, 1),
                    "a reader went in while the writer was still inside"
                );
            }
        });
    }
}

#[test]
fn writers_are_alone_and_lose_no_update() {
    const THREADS: usize = 4;
    const ROUNDS: u64 = 500;
    let lock = RwLock::new((0u64, 0u64));
    let watchdog = Watchdog::start("readers and writers on the rwlock", Duration::from_secs(5));
    std::thread::scope(|scope| {
        for thread in 0..THREADS {
            let watchdog = watchdog.handle();
            let lock = &lock;
            scope.spawn(move || {
                for round in 0..ROUNDS {
                    if (thread as u64 + round).is_multiple_of(2) {
                        let mut pair = lock.write();
                        pair.0 += 1;
                        std::thread::yield_now();
                        pair.1 += 1;
                    } else {
                        let pair = lock.read();
                        assert_eq!(pair.0, pair.1, "a reader saw a writer's half-done update");
                    }
                    watchdog.progress();
                }
            });
        }
    });
    let (first, second) = *lock.read();
    assert_eq!(
        first,
        THREADS as u64 * ROUNDS / 2,
        "updates were lost: writers overlapped"
    );
    assert_eq!(second, first);
}
