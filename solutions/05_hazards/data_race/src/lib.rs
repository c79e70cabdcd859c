//! Two tallies: `LocalTally` for one thread, `SharedTally` for many threads at once.
//!
//! Reference solution: `LocalTally` keeps its `Cell` and is therefore not `Sync` (the compiler
//! now refuses to share it); `SharedTally` counts in an atomic, so it is `Sync` because it
//! really does synchronise, and no `unsafe` is left.

use std::cell::Cell;

use shim::sync::atomic::{AtomicU64, Ordering};

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
    // An atomic is `Sync`, so `SharedTally` is too, with no `unsafe impl` to get wrong.
    count: AtomicU64,
}

impl Default for SharedTally {
    fn default() -> Self {
        SharedTally::new()
    }
}

impl SharedTally {
    pub fn new() -> Self {
        SharedTally {
            count: AtomicU64::new(0),
        }
    }

    /// Adds `amount`; any number of threads may call this at the same time.
    pub fn add(&self, amount: u64) {
        // Relaxed: the count publishes no other data. The read-modify-write is one indivisible
        // step whatever the ordering, so no addition is lost.
        self.count.fetch_add(amount, Ordering::Relaxed);
    }

    /// Everything added so far (by calls to `add` that have returned).
    pub fn get(&self) -> u64 {
        // Relaxed: every addition is one step in the count's single modification order, and a
        // caller that joined the adding threads sees all of theirs (join synchronises).
        self.count.load(Ordering::Relaxed)
    }

    /// Adds a thread's local tally, which it hands over when it has finished counting.
    pub fn absorb(&self, local: LocalTally) {
        self.add(local.get());
    }
}
