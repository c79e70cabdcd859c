//! A `Mutex<T>` that owns its data, built on a raw C-style lock (`raw.rs`).
//!
//! Reference solution: the data is reachable only through a guard (or through `&mut self`,
//! which proves nobody else holds one), the mutex may be shared only when `T: Send`, and a
//! guard only when `T: Sync` too.

use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

pub mod raw;

use raw::RawLock;

/// A value and the lock that guards it, in one.
pub struct Mutex<T> {
    raw: RawLock,
    data: UnsafeCell<T>,
}

// Safety: the raw lock lets one guard at a time reach `data`, so threads sharing the mutex
// never touch the `T` at once; but each of them may take it by `&mut` in turn, so the `T`
// effectively moves between them: it must be `Send`. (It need not be `Sync`: nobody shares
// it.) `Send` for `Mutex<T>` comes on its own: `UnsafeCell<T>` is `Send` when `T` is.
unsafe impl<T: Send> Sync for Mutex<T> {}

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
        MutexGuard {
            mutex: self,
            _shares_t: PhantomData,
        }
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
    mutex: &'a Mutex<T>,
    /// A guard hands out `&T` to every thread holding `&MutexGuard`: it behaves as a
    /// `&mut T`, so it is `Sync` only when `T` is (and `Send` only when `T` is).
    _shares_t: PhantomData<&'a mut T>,
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
