//! A raw lock, as C has it: `lock` and `unlock`, and nothing that says what it protects.
//! (Not yours to edit: `src/lib.rs` builds a `Mutex<T>` on top of it.)

use std::sync::{Condvar, Mutex as StdMutex, PoisonError};

/// One bit of "held", and a way to wait until it is not.
#[derive(Debug, Default)]
pub struct RawLock {
    held: StdMutex<bool>,
    released: Condvar,
}

impl RawLock {
    pub const fn new() -> Self {
        RawLock {
            held: StdMutex::new(false),
            released: Condvar::new(),
        }
    }

    /// Waits until the lock is free, then holds it. Everything the last holder wrote before
    /// `unlock` is visible after this returns.
    pub fn lock(&self) {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        while *held {
            held = self
                .released
                .wait(held)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *held = true;
    }

    /// Lets the next waiter in. Call it once per `lock`, from any thread.
    pub fn unlock(&self) {
        *self.held.lock().unwrap_or_else(PoisonError::into_inner) = false;
        self.released.notify_one();
    }
}
