//! A mutex that never lets a waiting thread starve.
//!
//! Taking the lock is two steps, like a deli counter: `arrive` takes your place in line (it
//! never waits), `wait` waits until it is your turn and gives you the value. `lock` does both.
//!
//! As shipped, `arrive` does nothing and `wait` is std's `Mutex::lock`, which promises no
//! order at all: a thread that has waited a long time can be overtaken again and again by one
//! that just came back for more. Read the README, then make the line a real line.

use shim::sync::{Mutex, MutexGuard};

pub struct FairMutex<T> {
    /// The protected value. Its own mutex keeps it exclusive; the line decides who goes next.
    value: Mutex<T>,
    // TODO: the line: whose turn it is now, and the place the next thread to arrive will
    // take. A `Mutex` of a small state plus a `Condvar` (`shim::sync::Condvar`) to wake the
    // waiters will do.
}

/// A thread's place in line: taken by `arrive`, redeemed by `wait`.
///
/// Every arrival must be waited on, as every ticket at a counter must be served: a thread
/// that takes a place and walks away would hold up everyone behind it.
#[must_use = "a place in line must be waited on, or everyone behind it waits for ever"]
pub struct Arrival<'a, T> {
    lock: &'a FairMutex<T>,
    // TODO: which place in line this is.
}

/// Access to the value while the lock is held; dropping it lets the next thread in line go.
pub struct FairGuard<'a, T> {
    value: MutexGuard<'a, T>,
    // TODO: what `drop` needs to let the next thread in line go.
}

impl<T> FairMutex<T> {
    pub fn new(value: T) -> Self {
        FairMutex {
            value: Mutex::new(value),
        }
    }

    /// Takes the calling thread's place in line. A few steps, and never waits.
    pub fn arrive(&self) -> Arrival<'_, T> {
        // TODO: take the next place in line.
        Arrival { lock: self }
    }

    /// Waits for the calling thread's turn and takes the lock.
    pub fn lock(&self) -> FairGuard<'_, T> {
        self.arrive().wait()
    }
}

impl<'a, T> Arrival<'a, T> {
    /// Waits until it is this arrival's turn, then takes the lock.
    pub fn wait(self) -> FairGuard<'a, T> {
        // TODO: wait until it is our turn. As it is, whoever grabs the mutex first gets in,
        // however long the others have waited.
        FairGuard {
            value: lock(&self.lock.value),
        }
    }
}

impl<T> std::ops::Deref for FairGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> std::ops::DerefMut for FairGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T> Drop for FairGuard<'_, T> {
    fn drop(&mut self) {
        // TODO: let the next thread in line go. (The value's own mutex is unlocked just after
        // this, when the `value` field is dropped.)
    }
}

/// Locks one of our inner mutexes.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Poisoned means a thread panicked while holding the lock: stop rather than go on with a
    // value or a line that may be half-updated.
    mutex
        .lock()
        .expect("a lock is poisoned: a thread panicked while holding it")
}
