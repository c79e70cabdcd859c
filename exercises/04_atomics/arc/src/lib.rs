//! `Arc`: shared ownership across threads, counted with one atomic.
//!
//! Fill in the `todo!()`s. The README says what each part must do, and why each atomic
//! operation needs the ordering it has; justify every `Ordering` you pick in a comment.
// Until the `todo!()`s are filled in, some of what they will use looks unused.
#![allow(dead_code, unused_imports, unused_variables)]

use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr::NonNull;

use shim::sync::atomic::{AtomicUsize, Ordering, fence};

/// What every clone of one `Arc` points to: the count and the value, in one allocation.
struct Inner<T> {
    /// How many `Arc`s point here.
    strong: AtomicUsize,
    value: T,
}

/// A thread-safe reference-counted pointer: the value lives until the last clone is dropped.
pub struct Arc<T> {
    inner: NonNull<Inner<T>>,
    /// Tells the compiler (and the drop checker) that an `Arc<T>` owns an `Inner<T>`.
    owns: PhantomData<Inner<T>>,
}

// Safety: an `Arc<T>` sent to another thread hands that thread `&T` (so `T: Sync`) and maybe
// the last drop of `T` (so `T: Send`).
unsafe impl<T: Send + Sync> Send for Arc<T> {}
// Safety: sharing `&Arc<T>` lets other threads clone it, which is the same as sending one.
unsafe impl<T: Send + Sync> Sync for Arc<T> {}

impl<T> Arc<T> {
    /// Moves `value` into a new allocation, with a count of one.
    /// (`Box::new` then `NonNull::from(Box::leak(..))` gives you the pointer.)
    pub fn new(value: T) -> Self {
        todo!("allocate an Inner with strong = 1 and keep a pointer to it")
    }

    /// How many `Arc`s share this value right now.
    pub fn strong_count(this: &Self) -> usize {
        todo!("read the count")
    }

    fn inner(&self) -> &Inner<T> {
        // Safety: while this `Arc` exists the count is at least 1, so the allocation is alive.
        unsafe { self.inner.as_ref() }
    }
}

impl<T> Clone for Arc<T> {
    fn clone(&self) -> Self {
        todo!("count one more Arc and return another pointer to the same Inner")
    }
}

impl<T> Deref for Arc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        todo!("the shared value")
    }
}

impl<T> Drop for Arc<T> {
    fn drop(&mut self) {
        todo!(
            "count one Arc less; if this was the last one, free the allocation \
             (Box::from_raw) so the value is dropped exactly once"
        )
    }
}
