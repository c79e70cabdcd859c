//! Unit tests: what a Peterson lock does, on real threads.
//!
//! Store buffering is the one reordering x86 does in hardware, so the many-rounds test here
//! may catch a lock that is wrong in this way. It may also miss it: the loom stage is where the
//! verdict is certain.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use peterson::{PetersonGuard, Side, peterson};
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};

// A side moves to its thread: it must be `Send` when the value is...
assert_impl_all!(Side<Vec<u8>>: Send);
assert_impl_all!(Side<Cell<u8>>: Send);
// ...and only then: an `Rc` would be cloned and dropped on two threads.
assert_not_impl_any!(Side<Rc<u8>>: Send);
// A shared guard hands out `&T`: it may be shared only if `T` may.
assert_impl_all!(PetersonGuard<'static, u8>: Sync);
assert_not_impl_any!(PetersonGuard<'static, Cell<u8>>: Sync);

#[test]
fn each_side_sees_what_the_other_wrote() {
    let (mut left, mut right) = peterson(Vec::new());
    left.lock().push(1);
    right.lock().push(2);
    left.lock().push(3);
    assert_eq!(*right.lock(), [1, 2, 3], "both sides share one value");
}

#[test]
fn a_side_can_lock_again_after_unlocking() {
    let (mut left, _right) = peterson(0);
    for _ in 0..3 {
        // If the guard did not unlock on drop, the next lock would wait for ever.
        *left.lock() += 1;
    }
    assert_eq!(*left.lock(), 3);
}

#[test]
fn the_two_sides_are_never_inside_at_once() {
    const ROUNDS: usize = 5_000;
    let (left, right) = peterson(0usize);
    let inside = Arc::new(AtomicBool::new(false));
    let watchdog = Watchdog::start("two threads taking a Peterson lock", Duration::from_secs(5));
    let threads: Vec<_> = [left, right]
        .into_iter()
        .map(|mut side| {
            let (inside, watchdog) = (inside.clone(), watchdog.handle());
            std::thread::spawn(move || {
                for _ in 0..ROUNDS {
                    let mut guard = side.lock();
                    assert!(
                        !inside.swap(true, Ordering::SeqCst),
                        "both sides were inside at once: each read the other's `wants` \
                         before the other's store reached it (store buffering)"
                    );
                    *guard += 1;
                    inside.store(false, Ordering::SeqCst);
                    drop(guard);
                    watchdog.progress();
                }
                side
            })
        })
        .collect();
    let mut sides: Vec<Side<usize>> = threads
        .into_iter()
        .map(|thread| {
            thread
                .join()
                .expect("a thread panicked (see its message above)")
        })
        .collect();
    assert_eq!(
        *sides[0].lock(),
        2 * ROUNDS,
        "increments were lost: the sides overlapped"
    );
}
