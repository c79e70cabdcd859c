//! Unit tests: the lock's behaviour on real threads.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use shim::watchdog::Watchdog;
use spinlock::{SpinGuard, SpinLock};
use static_assertions::{assert_impl_all, assert_not_impl_any};

#[test]
fn lock_gives_access_to_the_value() {
    let lock = SpinLock::new(vec![1, 2]);
    lock.lock().push(3);
    assert_eq!(
        *lock.lock(),
        vec![1, 2, 3],
        "a write through one guard must be seen by the next"
    );
}

#[test]
fn dropping_the_guard_unlocks() {
    let lock = SpinLock::new(0);
    for _ in 0..3 {
        // If the guard did not unlock on drop, the second `lock()` would spin forever.
        *lock.lock() += 1;
    }
    assert_eq!(*lock.lock(), 3);
}

#[test]
fn only_one_thread_is_ever_inside() {
    const THREADS: usize = 4;
    const ROUNDS: usize = 2_000;
    let lock = Arc::new(SpinLock::new(0usize));
    let inside = Arc::new(AtomicBool::new(false));
    let watchdog = Watchdog::start("four threads taking the spin lock", Duration::from_secs(5));
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

// The auto traits, checked when this file compiles. A lock hands its value to one thread at a
// time, so it may be shared whenever the value may be sent (`T: Send`), even a `Cell`, which
// is not `Sync` itself. A guard hands `&T` to whoever can see it, so it may be shared only
// when `T: Sync`. An error on one of these lines names the promise your types break (for a
// `not_impl` line rustc says "type annotations needed": the type *does* implement the trait).
assert_impl_all!(SpinLock<Vec<u8>>: Send, Sync);
assert_impl_all!(SpinLock<Cell<u8>>: Send, Sync);
assert_not_impl_any!(SpinLock<Rc<u8>>: Send, Sync); // an `Rc` must never reach another thread
assert_impl_all!(SpinGuard<'static, Vec<u8>>: Sync);
assert_not_impl_any!(SpinGuard<'static, Cell<u8>>: Sync); // `&guard` would share the `Cell`
