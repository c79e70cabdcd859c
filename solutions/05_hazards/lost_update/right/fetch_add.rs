//! A ticket counter: every caller of `take` gets its own number, and none is ever lost.
//!
//! Another correct answer: no lock at all. `fetch_add` reads and writes in one indivisible
//! atomic step.

use shim::sync::atomic::{AtomicU64, Ordering};

pub struct Counter {
    /// The next number to hand out.
    next: AtomicU64,
}

impl Counter {
    pub fn new(first: u64) -> Self {
        Counter {
            next: AtomicU64::new(first),
        }
    }

    pub fn take(&self) -> u64 {
        self.take_many(1)
    }

    pub fn take_many(&self, count: u64) -> u64 {
        // Relaxed: the count publishes no other data; the read-modify-write alone makes every
        // caller see a different old value.
        self.next.fetch_add(count, Ordering::Relaxed)
    }

    pub fn peek(&self) -> u64 {
        // Relaxed: a plain read of the count, ordering nothing else.
        self.next.load(Ordering::Relaxed)
    }
}
