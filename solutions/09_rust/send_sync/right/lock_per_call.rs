//! A value shared by every handle cloned from it, as `Rc<RefCell<T>>` is on one thread.
//!
//! Another correct answer: the same parts written out in each method, with `Arc::new` taking
//! a `Mutex` built beforehand and the guard held in a named variable.

use std::sync::{Arc, Mutex, PoisonError};

pub struct Shared<T> {
    value: Arc<Mutex<T>>,
}

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        let locked = Mutex::new(value);
        Shared {
            value: Arc::new(locked),
        }
    }

    pub fn update<R>(&self, change: impl FnOnce(&mut T) -> R) -> R {
        let mut guard = self
            .value
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        change(&mut *guard)
    }

    pub fn get(&self) -> T
    where
        T: Clone,
    {
        let guard = self
            .value
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        T::clone(&guard)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared {
            value: self.value.clone(),
        }
    }
}
