//! A value shared by every handle cloned from it, as `Rc<RefCell<T>>` is on one thread.
//!
//! Reference solution: `Arc<Mutex<T>>`, the thread-safe twin of `Rc<RefCell<T>>`, and no
//! `unsafe impl`. The compiler works out from the parts that `Shared<T>` is `Send` and `Sync`
//! exactly when `T: Send`.

use std::sync::{Arc, Mutex, MutexGuard};

/// A handle to one value; its clones are handles to the same value.
pub struct Shared<T> {
    /// `Arc`: the handle count changes with atomic instructions, so handles may be cloned and
    /// dropped on any thread. `Mutex`: one thread at a time reaches the value.
    value: Arc<Mutex<T>>,
}

impl<T> Shared<T> {
    /// A new value, with this one handle to it.
    pub fn new(value: T) -> Self {
        Shared {
            value: Arc::new(Mutex::new(value)),
        }
    }

    /// Runs `change` on the value, with no other handle touching it meanwhile, and returns
    /// what `change` returns.
    pub fn update<R>(&self, change: impl FnOnce(&mut T) -> R) -> R {
        change(&mut self.lock())
    }

    /// A copy of the value as it is now.
    pub fn get(&self) -> T
    where
        T: Clone,
    {
        self.lock().clone()
    }

    fn lock(&self) -> MutexGuard<'_, T> {
        // Poisoned: a `change` panicked while it held the lock. The value is whatever that
        // change left, which is all a `RefCell` would have offered too; carry on with it.
        self.value
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Another handle to the same value (whether or not `T` itself can be cloned).
impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared {
            value: Arc::clone(&self.value),
        }
    }
}
