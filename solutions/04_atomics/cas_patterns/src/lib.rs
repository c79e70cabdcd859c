//! Two compare-and-swap loops: a running maximum, and ids that are never handed out twice.
//!
//! Reference solution.

use std::ops::Range;

use shim::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// The largest value ever recorded (a "high-water mark").
pub struct HighWater {
    max: AtomicU64,
}

impl HighWater {
    pub fn new(initial: u64) -> Self {
        HighWater {
            max: AtomicU64::new(initial),
        }
    }

    /// Records `value`; returns the maximum as it was just before (so `value` if that is larger).
    pub fn record(&self, value: u64) -> u64 {
        // Relaxed throughout: the maximum stands for itself and publishes no other data;
        // the compare-exchange alone makes the read-check-write one indivisible step.
        let mut current = self.max.load(Ordering::Relaxed);
        while value > current {
            match self.max.compare_exchange_weak(
                current,
                value,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                // Someone changed it since we looked (or a spurious failure): look again.
                Err(actual) => current = actual,
            }
        }
        current
    }

    /// The largest value recorded so far.
    pub fn get(&self) -> u64 {
        // Relaxed: the number itself is all the caller gets.
        self.max.load(Ordering::Relaxed)
    }
}

/// Hands out each id of a range at most once, then `None` for ever.
pub struct IdAllocator {
    /// The next id to hand out; once it reaches `end`, it never moves again.
    next: AtomicU32,
    end: u32,
}

impl IdAllocator {
    pub fn new(ids: Range<u32>) -> Self {
        IdAllocator {
            next: AtomicU32::new(ids.start),
            end: ids.end.max(ids.start),
        }
    }

    /// A fresh id, or `None` once every id of the range has been handed out.
    pub fn allocate(&self) -> Option<u32> {
        // Relaxed: an id is unique because each successful compare-exchange moves `next` on
        // in one step; no other memory is published with it.
        let mut id = self.next.load(Ordering::Relaxed);
        loop {
            // Check *before* moving `next`: a `fetch_add` would move it past `end` and, at
            // `u32::MAX`, wrap around to 0 and hand out ids again.
            if id >= self.end {
                return None;
            }
            match self.next.compare_exchange_weak(
                id,
                id + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(id),
                Err(actual) => id = actual,
            }
        }
    }
}
