//! Two tallies: `LocalTally` for one thread, `SharedTally` for many threads at once.
//!
//! Another correct answer: `SharedTally` keeps its `UnsafeCell` and its `unsafe impl Sync`,
//! and makes the promise true with a spin lock around every access.

use std::cell::Cell;

use shim::cell::UnsafeCell;
use shim::sync::atomic::{AtomicBool, Ordering};

/// A count kept by one thread: no synchronisation at all, so it costs nothing.
/// It may be moved to another thread, but never used from two threads at once.
#[derive(Debug, Default)]
pub struct LocalTally {
    // `Cell` is `Send` but not `Sync`, and so is `LocalTally`: exactly the promise it can keep.
    count: Cell<u64>,
}

impl LocalTally {
    pub fn new() -> Self {
        LocalTally {
            count: Cell::new(0),
        }
    }

    pub fn add(&self, amount: u64) {
        self.count.set(self.count.get() + amount);
    }

    pub fn get(&self) -> u64 {
        self.count.get()
    }
}

/// A count that every thread adds to, all at once.
#[derive(Debug)]
pub struct SharedTally {
    locked: AtomicBool,
    count: UnsafeCell<u64>,
}

// Safety: `count` is only touched inside `with_lock`, which one thread at a time can be in,
// and each holder's Release unlock happens before the next holder's Acquire lock.
unsafe impl Sync for SharedTally {}

impl Default for SharedTally {
    fn default() -> Self {
        SharedTally::new()
    }
}

impl SharedTally {
    pub fn new() -> Self {
        SharedTally {
            locked: AtomicBool::new(false),
            count: UnsafeCell::new(0),
        }
    }

    fn with_lock<R>(&self, body: impl FnOnce(*mut u64) -> R) -> R {
        // Acquire: see everything the last holder wrote to the count.
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            shim::hint::spin_loop();
        }
        let result = self.count.with_mut(body);
        // Release: publish this holder's write to the next one.
        self.locked.store(false, Ordering::Release);
        result
    }

    /// Adds `amount`; any number of threads may call this at the same time.
    pub fn add(&self, amount: u64) {
        // Safety: we hold the lock, so no other thread touches the count.
        self.with_lock(|count| unsafe { *count += amount });
    }

    /// Everything added so far (by calls to `add` that have returned).
    pub fn get(&self) -> u64 {
        // Safety: we hold the lock, so no other thread touches the count.
        self.with_lock(|count| unsafe { *count })
    }

    /// Adds a thread's local tally, which it hands over when it has finished counting.
    pub fn absorb(&self, local: LocalTally) {
        self.add(local.get());
    }
}
