//! The shim's fair loads under loom: they must never let a thread see what no real machine
//! could show it. Run with `RUSTFLAGS="--cfg loom" cargo test -p threadlings-shim`.
#![cfg(loom)]

use shim::sync::Arc;
use shim::sync::atomic::{AtomicUsize, Ordering};
use shim::thread;

/// A spinner that became fair must not leave a write behind that another store's own thread
/// could read after that store (a regression: a written-back value once came back from the
/// past in loom's partial modification order).
#[test]
fn a_fair_load_leaves_nothing_that_a_later_store_can_read_back() {
    shim::model(|| {
        let flag = Arc::new(AtomicUsize::new(9));
        let other = {
            let flag = flag.clone();
            thread::spawn(move || flag.store(0, Ordering::Relaxed))
        };
        while flag.load(Ordering::Acquire) != 0 {
            shim::hint::spin_loop();
        }
        flag.store(1, Ordering::Relaxed);
        assert_eq!(
            flag.load(Ordering::Relaxed),
            1,
            "a thread must read its own latest store"
        );
        other.join().unwrap();
    });
}

/// A test-and-test-and-set lock whose retry writes (`swap`) finishes under loom.
#[test]
fn a_swap_test_and_test_and_set_spin_finishes() {
    shim::model(|| {
        let locked = Arc::new(shim::sync::atomic::AtomicBool::new(true));
        let holder = {
            let locked = locked.clone();
            thread::spawn(move || locked.store(false, Ordering::Release))
        };
        while locked.swap(true, Ordering::Acquire) {
            while locked.load(Ordering::Relaxed) {
                shim::hint::spin_loop();
            }
        }
        holder.join().unwrap();
    });
}
