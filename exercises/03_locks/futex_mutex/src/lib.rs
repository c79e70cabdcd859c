//! A mutex that sleeps instead of spinning: three states over a futex.
//!
//! Make `lock` take the mutex (sleeping while it is held) and `FutexGuard`'s `Drop` release
//! it (waking a sleeper only if there may be one). Read README.md first; run
//! `threadlings hint` when stuck. `src/futex.rs` is given: you do not need to change it.

pub mod futex;

use std::ops::{Deref, DerefMut};

use shim::cell::UnsafeCell;
use shim::sync::atomic::Ordering;

use futex::Futex;

/// Nobody holds the mutex.
const UNLOCKED: u32 = 0;
/// Held, and nobody sleeps waiting for it: unlocking needs to wake nobody.
const LOCKED: u32 = 1;
/// Held, and threads may be sleeping on it: unlocking must wake one.
const CONTENDED: u32 = 2;

pub struct FutexMutex<T> {
    /// `UNLOCKED`, `LOCKED` or `CONTENDED`, in `state.word`.
    state: Futex,
    value: UnsafeCell<T>,
}

// Safety: the mutex hands the value to one thread at a time, so sharing it only moves access
// to the `T` from thread to thread: `T: Send` suffices.
unsafe impl<T: Send> Sync for FutexMutex<T> {}

impl<T> FutexMutex<T> {
    pub fn new(value: T) -> Self {
        FutexMutex {
            state: Futex::new(UNLOCKED),
            value: UnsafeCell::new(value),
        }
    }

    /// Takes the mutex, sleeping (not spinning) while another thread holds it.
    pub fn lock(&self) -> FutexGuard<'_, T> {
        // TODO: take the mutex: UNLOCKED -> LOCKED in one step if you can. Otherwise mark it
        // CONTENDED (you are about to sleep on it), sleep with `self.state.wait(CONTENDED)`
        // and try again. Which orderings hand the value over from the last holder?
        let _ = (UNLOCKED, LOCKED, CONTENDED, Ordering::Relaxed);
        todo!("take the mutex, sleeping while it is held")
    }

    /// How many times a thread went to sleep waiting for this mutex (for the tests).
    pub fn sleeps(&self) -> usize {
        self.state.sleeps()
    }

    /// How many times unlocking woke (or tried to wake) a sleeper (for the tests).
    pub fn wake_calls(&self) -> usize {
        self.state.wake_calls()
    }
}

/// Access to the value while the mutex is held; dropping it unlocks.
pub struct FutexGuard<'a, T> {
    mutex: &'a FutexMutex<T>,
}

// Safety: sharing `&FutexGuard` shares only `&T` (through `Deref`): sound exactly when
// `T: Sync`. The auto impl would follow `&FutexMutex<T>` and ask only for `T: Send`.
unsafe impl<T: Sync> Sync for FutexGuard<'_, T> {}

impl<T> Deref for FutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // Safety: a guard exists only while its thread holds the mutex.
        self.mutex.value.with(|value| unsafe { &*value })
    }
}

impl<T> DerefMut for FutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // Safety: holding the mutex (and `&mut` to the guard) means we are the only user.
        self.mutex.value.with_mut(|value| unsafe { &mut *value })
    }
}

impl<T> Drop for FutexGuard<'_, T> {
    fn drop(&mut self) {
        // TODO: set the state to UNLOCKED, and wake one sleeper (`self.mutex.state.wake_one()`)
        // only if it was CONTENDED: an uncontended unlock must make no wake call.
        todo!("release the mutex")
    }
}
