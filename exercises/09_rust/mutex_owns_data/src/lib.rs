//! A `Mutex<T>` that owns its data, built on a raw C-style lock (`raw.rs`).
//!
//! It locks and unlocks correctly. But, as in C, it trusts its users: it lets anyone reach the
//! data without the lock, and it tells the compiler it may be shared whatever `T` is. Read
//! README.md.

use std::cell::UnsafeCell;
use std::ops::{Deref, DerefMut};

pub mod raw;

use raw::RawLock;

/// A value and the lock that guards it, in one.
pub struct Mutex<T> {
    raw: RawLock,
    data: UnsafeCell<T>,
}

// TODO: too generous. Sharing a `Mutex<T>` lets each thread in turn reach the `T` through
// `&mut`, so the `T` moves between threads: this may only be promised when `T: Send`.
// Safety: (to be written) the raw lock lets one guard at a time reach `data`.
unsafe impl<T> Sync for Mutex<T> {}

impl<T> Mutex<T> {
    pub fn new(value: T) -> Self {
        Mutex {
            raw: RawLock::new(),
            data: UnsafeCell::new(value),
        }
    }

    /// Waits for the lock; the guard is the way to the data until it is dropped.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.raw.lock();
        MutexGuard { mutex: self }
    }

    /// TODO: the C habit of a quick look without the lock. Another thread may be changing the
    /// data right now: that is a data race. Nothing but a guard may reach the data while the
    /// mutex is shared.
    pub fn peek(&self) -> &T {
        // Safety: none. This is the bug.
        unsafe { &*self.data.get() }
    }

    /// The data, without locking: `&mut self` proves nobody else can hold a guard.
    pub fn get_mut(&mut self) -> &mut T {
        self.data.get_mut()
    }

    /// The data, for good.
    pub fn into_inner(self) -> T {
        self.data.into_inner()
    }
}

/// Proof that the lock is held: it reaches the data, and unlocks when dropped.
pub struct MutexGuard<'a, T> {
    // TODO: through `&MutexGuard`, threads get `&T` at the same time, so a guard may be shared
    // only when `T: Sync`. As written it is `Sync` whenever `Mutex<T>` is.
    mutex: &'a Mutex<T>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // Safety: the guard holds the lock, so no other guard reaches the data meanwhile.
        unsafe { &*self.mutex.data.get() }
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // Safety: as in `deref`, and `&mut self` makes this the only way in through the guard.
        unsafe { &mut *self.mutex.data.get() }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        self.mutex.raw.unlock();
    }
}
