//! Unit tests: what an `Arc` does, on real threads.

mod support;

use std::cell::Cell;
use std::rc::Rc;
use std::sync::{Barrier, Mutex, MutexGuard};

use arc::Arc;
use static_assertions::{assert_impl_all, assert_not_impl_any};
use support::Tracked;

// An `Arc<T>` hands `&T` to every thread that holds a clone, and the last of them drops `T`:
// it may cross threads only when `T` is both `Sync` and `Send`.
assert_impl_all!(Arc<u64>: Send, Sync, Clone);
assert_impl_all!(Arc<Mutex<Vec<u8>>>: Send, Sync);
// `Cell` is `Send` but not `Sync`: two threads sharing it could race on `set`.
assert_not_impl_any!(Arc<Cell<u8>>: Send, Sync);
// `Rc` is neither: its own count is not atomic.
assert_not_impl_any!(Arc<Rc<u8>>: Send, Sync);
// A `MutexGuard` is `Sync` but not `Send`: it must be dropped on the thread that locked.
assert_not_impl_any!(Arc<MutexGuard<'static, u8>>: Send, Sync);

#[test]
fn a_new_arc_has_one_owner_and_derefs_to_the_value() {
    let arc = Arc::new(String::from("shared"));
    assert_eq!(
        *arc, "shared",
        "`*arc` must be the value given to `Arc::new`"
    );
    assert_eq!(
        Arc::strong_count(&arc),
        1,
        "a new Arc is the value's only owner"
    );
}

#[test]
fn clones_point_to_one_and_the_same_value() {
    let first = Arc::new(7u64);
    let second = first.clone();
    assert!(
        std::ptr::eq(&*first, &*second),
        "a clone must share the value, not copy it"
    );
}

#[test]
fn strong_count_follows_every_clone_and_drop() {
    let first = Arc::new(0u8);
    let second = first.clone();
    let third = second.clone();
    assert_eq!(Arc::strong_count(&first), 3, "after two clones");
    drop(second);
    assert_eq!(Arc::strong_count(&third), 2, "after dropping one clone");
    drop(first);
    assert_eq!(Arc::strong_count(&third), 1, "after dropping the original");
}

#[test]
fn the_value_is_dropped_once_when_the_last_arc_goes() {
    let (tracked, drops) = Tracked::new(5);
    let first = Arc::new(tracked);
    let second = first.clone();
    drop(first);
    assert_eq!(
        drops.get(),
        0,
        "the value was dropped while a clone still pointed to it"
    );
    assert_eq!(second.read(), 5);
    drop(second);
    assert_eq!(
        drops.get(),
        1,
        "dropping the last Arc must drop the value, exactly once"
    );
}

#[test]
fn clones_made_and_dropped_on_many_threads_are_all_counted() {
    const THREADS: usize = 4;
    const CLONES: usize = 1_000;
    let (tracked, drops) = Tracked::new(9);
    let arc = Arc::new(tracked);
    let start = std::sync::Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let (arc, start) = (arc.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let clones: Vec<_> = (0..CLONES).map(|_| arc.clone()).collect();
                assert!(clones.iter().all(|clone| clone.read() == 9));
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a thread panicked while cloning");
    }
    assert_eq!(
        Arc::strong_count(&arc),
        1,
        "every clone was dropped, so one Arc is left: clones or drops were lost"
    );
    assert_eq!(drops.get(), 0, "the value was dropped while still in use");
    drop(arc);
    assert_eq!(drops.get(), 1, "the last drop must drop the value once");
}
