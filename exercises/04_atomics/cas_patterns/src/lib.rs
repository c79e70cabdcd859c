//! Two compare-and-swap loops: a running maximum, and ids that are never handed out twice.
//!
//! `HighWater::record` is yours to write. `IdAllocator::allocate` works on your machine and
//! passes a quick test, but it is wrong: find out how from the checks, then fix it.
//! Read README.md first; run `threadlings hint` when stuck.
// Until the `todo!()` is filled in, `value` looks unused.
#![allow(unused_variables)]

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
        // TODO: a compare-exchange loop (not `fetch_max`: the point is to write one). Which
        // `Ordering` does a number that stands only for itself need?
        todo!("raise `max` to `value` if `value` is larger, in one atomic step")
    }

    /// The largest value recorded so far.
    pub fn get(&self) -> u64 {
        // Relaxed: the number itself is all the caller gets.
        self.max.load(Ordering::Relaxed)
    }
}

/// Hands out each id of a range at most once, then `None` for ever.
pub struct IdAllocator {
    /// The next id to hand out.
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
        // Relaxed: `fetch_add` is one atomic step, so no two callers get the same number...
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        // ...and ids past the end are refused. TODO: is that really true of *every* call?
        (id < self.end).then_some(id)
    }
}
