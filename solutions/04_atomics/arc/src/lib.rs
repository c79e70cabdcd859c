//! `Arc`: shared ownership across threads, counted with one atomic.
//!
//! Reference solution.

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

/// More clones than this means clones are being leaked in a loop; abort before the count
/// could wrap around to zero and free the value while clones still point to it.
const MAX_STRONG: usize = isize::MAX as usize;

impl<T> Arc<T> {
    pub fn new(value: T) -> Self {
        let inner = Box::new(Inner {
            strong: AtomicUsize::new(1),
            value,
        });
        Arc {
            inner: NonNull::from(Box::leak(inner)),
            owns: PhantomData,
        }
    }

    /// How many `Arc`s share this value right now (another thread may change it at once).
    pub fn strong_count(this: &Self) -> usize {
        // Relaxed: the number itself is all the caller gets; it guards no other memory.
        this.inner().strong.load(Ordering::Relaxed)
    }

    fn inner(&self) -> &Inner<T> {
        // Safety: while this `Arc` exists the count is at least 1, so the allocation is alive.
        unsafe { self.inner.as_ref() }
    }
}

impl<T> Clone for Arc<T> {
    fn clone(&self) -> Self {
        // Relaxed: we already hold a clone, so the value stays alive whatever the order;
        // a new clone publishes nothing to anyone.
        let before = self.inner().strong.fetch_add(1, Ordering::Relaxed);
        if before > MAX_STRONG {
            std::process::abort();
        }
        Arc {
            inner: self.inner,
            owns: PhantomData,
        }
    }
}

impl<T> Deref for Arc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner().value
    }
}

impl<T> Drop for Arc<T> {
    fn drop(&mut self) {
        // Release: everything this thread did with the value happens before our decrement,
        // so the thread that makes the count zero can see it all.
        if self.inner().strong.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        // Acquire: pairs with the Release decrements of every other clone, so their uses of
        // the value happen before we drop it.
        fence(Ordering::Acquire);
        // Safety: the count went from 1 to 0, so this was the last `Arc`: nobody else can
        // reach the allocation, and `Box::leak` in `new` made it.
        drop(unsafe { Box::from_raw(self.inner.as_ptr()) });
    }
}
