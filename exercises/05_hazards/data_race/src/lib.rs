//! Two tallies: `LocalTally` for one thread, `SharedTally` for many threads at once.
//!
//! Both compile and both work on one thread. But each carries an `unsafe impl Sync` that
//! promises the compiler something untrue, and with it safe code can race. Read README.md.

use std::cell::Cell;

use shim::cell::UnsafeCell;

/// A count kept by one thread: no synchronisation at all, so it costs nothing.
/// It may be moved to another thread, but never used from two threads at once.
#[derive(Debug, Default)]
pub struct LocalTally {
    count: Cell<u64>,
}

// TODO: is this true? `Sync` means "any number of threads may call `&self` methods at the
// same time". Two threads calling `add` on one `Cell` would both read, add and write it.
// Safety: a tally is only ever used by one thread (we think).
unsafe impl Sync for LocalTally {}

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
    count: UnsafeCell<u64>,
}

// TODO: this makes `SharedTally` shareable, and the tests need that. But what stops two
// threads from writing `count` at the same moment?
// Safety: adding to a `u64` is a single machine instruction, so it cannot be torn (we think).
unsafe impl Sync for SharedTally {}

impl Default for SharedTally {
    fn default() -> Self {
        SharedTally::new()
    }
}

impl SharedTally {
    pub fn new() -> Self {
        SharedTally {
            count: UnsafeCell::new(0),
        }
    }

    /// Adds `amount`; any number of threads may call this at the same time.
    pub fn add(&self, amount: u64) {
        // Safety: see the `unsafe impl Sync` above. Is it true?
        self.count.with_mut(|count| unsafe { *count += amount });
    }

    /// Everything added so far (by calls to `add` that have returned).
    pub fn get(&self) -> u64 {
        // Safety: see the `unsafe impl Sync` above. Is it true?
        self.count.with(|count| unsafe { *count })
    }

    /// Adds a thread's local tally, which it hands over when it has finished counting.
    pub fn absorb(&self, local: LocalTally) {
        self.add(local.get());
    }
}
