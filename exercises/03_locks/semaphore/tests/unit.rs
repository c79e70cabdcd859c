//! Unit tests: the semaphore's behaviour on real threads. The checker makes one condition
//! variable wait in four return spuriously here, as real ones may.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use semaphore::{Permit, Semaphore};
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};

// Threads share the semaphore; a permit can be handed to another thread and dropped there.
assert_impl_all!(Semaphore: Send, Sync);
assert_impl_all!(Permit<'static>: Send);
// A copy of a permit would be a second permit out of thin air.
assert_not_impl_any!(Permit<'static>: Clone, Copy);

#[test]
fn permits_are_counted_out_and_back() {
    let semaphore = Semaphore::new(2);
    assert_eq!(semaphore.available(), 2);
    let first = semaphore.acquire();
    assert_eq!(semaphore.available(), 1, "acquire must take a permit");
    let second = semaphore.try_acquire().expect("one permit was still free");
    assert_eq!(semaphore.available(), 0);
    drop(first);
    assert_eq!(
        semaphore.available(),
        1,
        "dropping a permit must give it back"
    );
    drop(second);
    assert_eq!(semaphore.available(), 2);
}

#[test]
fn try_acquire_at_zero_hands_out_nothing() {
    let none = Semaphore::new(0);
    assert!(
        none.try_acquire().is_none(),
        "a semaphore with no permits handed one out"
    );
    assert_eq!(none.available(), 0);

    let one = Semaphore::new(1);
    let held = one.acquire();
    assert!(
        one.try_acquire().is_none(),
        "the only permit is held, yet try_acquire gave one"
    );
    assert_eq!(
        one.available(),
        0,
        "a failed try_acquire must not change the count"
    );
    drop(held);
    assert!(one.try_acquire().is_some());
}

#[test]
fn acquire_waits_until_a_permit_comes_back() {
    let semaphore = Arc::new(Semaphore::new(1));
    let returned = Arc::new(AtomicBool::new(false));
    let held = semaphore.acquire();
    let watchdog = Watchdog::start(
        "acquire waiting for a returned permit",
        Duration::from_secs(5),
    );
    let waiters: Vec<_> = (0..3)
        .map(|_| {
            let (semaphore, returned) = (semaphore.clone(), returned.clone());
            std::thread::spawn(move || {
                let _permit = semaphore.acquire();
                // SeqCst: test bookkeeping only; the strongest ordering keeps it simple.
                returned.load(Ordering::SeqCst)
            })
        })
        .collect();
    // Let the waiters wait (and wake spuriously) for a while; none may get through.
    for _ in 0..20 {
        std::thread::sleep(Duration::from_millis(2));
        watchdog.progress();
    }
    returned.store(true, Ordering::SeqCst);
    drop(held);
    for waiter in waiters {
        let after_return = waiter.join().expect("a waiter panicked");
        assert!(
            after_return,
            "acquire returned while the only permit was still held: re-check the count \
             after every wake-up (a wait can end spuriously)"
        );
    }
    assert_eq!(semaphore.available(), 1, "a permit was lost or made up");
}

#[test]
fn never_more_than_n_holders_and_no_permit_lost() {
    const PERMITS: usize = 3;
    const THREADS: usize = 8;
    const ROUNDS: usize = 300;
    let semaphore = Arc::new(Semaphore::new(PERMITS));
    let holders = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let watchdog = Watchdog::start(
        "eight threads sharing three permits",
        Duration::from_secs(5),
    );
    let threads: Vec<_> = (0..THREADS)
        .map(|thread| {
            let (semaphore, holders, most) = (semaphore.clone(), holders.clone(), most.clone());
            let watchdog = watchdog.handle();
            std::thread::spawn(move || {
                for round in 0..ROUNDS {
                    // Mix the blocking and the non-blocking way in.
                    let permit = if (thread + round) % 3 == 0 {
                        match semaphore.try_acquire() {
                            Some(permit) => permit,
                            None => continue,
                        }
                    } else {
                        semaphore.acquire()
                    };
                    let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::yield_now();
                    holders.fetch_sub(1, Ordering::SeqCst);
                    drop(permit);
                    watchdog.progress();
                }
            })
        })
        .collect();
    for thread in threads {
        thread
            .join()
            .expect("a thread panicked while using the semaphore");
    }
    let most = most.load(Ordering::SeqCst);
    assert!(
        most <= PERMITS,
        "{most} threads held a permit at once, with only {PERMITS} permits"
    );
    assert_eq!(
        semaphore.available(),
        PERMITS,
        "every permit was given back, so all {PERMITS} must be free again"
    );
}
