//! A spin lock: a lock that waits by spinning instead of sleeping.
//!
//! Make `lock` take the lock and `SpinGuard`'s `Drop` give it back.
//! Read README.md first; run `threadlings hint` when stuck.

use std::ops::{Deref, DerefMut};

use shim::cell::UnsafeCell;
use shim::sync::atomic::{AtomicBool, Ordering};

pub struct SpinLock<T> {
    /// `true` while some thread holds the lock.
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// Safety: the lock hands out the value to one thread at a time, so sharing a `SpinLock`
// between threads only ever moves access to the `T` from thread to thread: `T: Send` suffices.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub fn new(value: T) -> Self {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Waits until the lock is free, takes it, and returns a guard that gives access to the value.
    pub fn lock(&self) -> SpinGuard<'_, T> {
        // TODO: take the lock. Spin (calling `shim::hint::spin_loop()`) while another thread
        // holds it. Which `Ordering` makes the previous holder's writes visible to us?
        todo!("take the lock")
    }
}

/// Access to the value while the lock is held; dropping it unlocks.
pub struct SpinGuard<'a, T> {
    lock: &'a SpinLock<T>,
}

// Safety: whoever holds `&SpinGuard` gets `&T` through `Deref`, so sharing a guard between
// threads shares the `T`: that is safe exactly when `T: Sync`. Left to the compiler, the guard
// would be `Sync` whenever `&SpinLock<T>` is (any `T: Send`), and two threads sharing one
// `&SpinGuard<Cell<u8>>` could both call `Cell::set` at once: a data race in safe code.
unsafe impl<T: Sync> Sync for SpinGuard<'_, T> {}

impl<T> Deref for SpinGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // Safety: a guard exists only while its thread holds the lock, so nobody writes meanwhile.
        self.lock.value.with(|value| unsafe { &*value })
    }
}

impl<T> DerefMut for SpinGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // Safety: holding the lock (and `&mut` to the guard) means we are the only user.
        self.lock.value.with_mut(|value| unsafe { &mut *value })
    }
}

impl<T> Drop for SpinGuard<'_, T> {
    fn drop(&mut self) {
        // TODO: give the lock back, so that the next holder sees every write we made.
        todo!("release the lock")
    }
}
