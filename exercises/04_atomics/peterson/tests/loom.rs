//! Loom model: every interleaving of the two sides, with weak memory.
//!
//! Loom tracks every access to the value (through `shim::cell::UnsafeCell`) and stops with a
//! "Causality violation" when both sides touch it with no happens-before edge between them:
//! both were inside at once. Loom models SeqCst *fences* faithfully; it models SeqCst loads
//! and stores only as Acquire and Release (see README), so this exercise asks for fences.
#![cfg(loom)]

use peterson::peterson;
use shim::thread;

#[test]
fn the_two_sides_are_never_inside_at_once() {
    shim::model(|| {
        let (mut left, mut right) = peterson(0);
        let other = thread::spawn(move || {
            *right.lock() += 1;
        });
        *left.lock() += 1;
        other.join().unwrap();
        assert_eq!(
            *left.lock(),
            2,
            "an increment was lost: the sides overlapped"
        );
    });
}
