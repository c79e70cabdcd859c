//! A mutex that sleeps instead of spinning: three states over a futex.
//!
//! Reference solution: Ulrich Drepper's three-state mutex ("Futexes are tricky", 2004).

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
        // The fast path, with nobody else around: one compare-exchange. Acquire on success:
        // pairs with the last holder's Release in `drop`, so we see what it wrote. Relaxed on
        // failure: we only learn that the mutex is held.
        if self
            .state
            .word
            .compare_exchange(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            self.lock_contended();
        }
        FutexGuard { mutex: self }
    }

    /// The slow path: mark the mutex CONTENDED and sleep until we take it.
    #[cold]
    fn lock_contended(&self) {
        // `swap(CONTENDED)` both announces a sleeper and tries to take the mutex. We cannot
        // know whether other threads sleep too, so we take it as CONTENDED, never LOCKED:
        // our unlock then wakes one more thread than needed, at worst, never one too few.
        // Acquire: as on the fast path, when the swap finds it UNLOCKED and takes it.
        while self.state.word.swap(CONTENDED, Ordering::Acquire) != UNLOCKED {
            // Sleeps only if it is still CONTENDED: an unlock in between makes this return
            // at once (no lost wake-up). A spurious return just loops.
            self.state.wait(CONTENDED);
        }
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
        // Release: publishes our writes to the value to the next holder's Acquire. `swap`
        // tells us in the same step whether anyone may be asleep.
        if self.mutex.state.word.swap(UNLOCKED, Ordering::Release) == CONTENDED {
            // Somebody may sleep: wake one. It retakes the mutex as CONTENDED, so that the
            // others, if any, are woken in their turn.
            self.mutex.state.wake_one();
        }
    }
}
