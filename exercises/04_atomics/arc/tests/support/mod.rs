//! A value whose every use loom can see, and that counts how often it is dropped.
//!
//! Each holder reads it through `read`; its `Drop` writes it. Loom tracks both accesses
//! (they go through `shim::cell::UnsafeCell`), so if the thread that drops the value has no
//! happens-before edge from another holder's read, loom stops with a causality violation:
//! the drop could run while, or before, that holder was still using the value.

use std::sync::Arc as StdArc;
use std::sync::atomic::{AtomicUsize, Ordering};

use shim::cell::UnsafeCell;

pub struct Tracked {
    value: UnsafeCell<u64>,
    drops: StdArc<AtomicUsize>,
}

// Safety: through `&Tracked` the cell is only read; the one write is in `Drop`, which has
// `&mut self`. Whether the `Arc` under test really makes that drop exclusive is the test.
unsafe impl Sync for Tracked {}

impl Tracked {
    /// A value holding `value`, and the counter its drops are counted in.
    pub fn new(value: u64) -> (Tracked, DropCount) {
        let drops = StdArc::new(AtomicUsize::new(0));
        let tracked = Tracked {
            value: UnsafeCell::new(value),
            drops: StdArc::clone(&drops),
        };
        (tracked, DropCount(drops))
    }

    pub fn read(&self) -> u64 {
        // Safety: only `Drop` writes the cell (see the `Sync` impl above).
        self.value.with(|value| unsafe { *value })
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        // Safety: `&mut self`: no one else may be using the value any more.
        self.value.with_mut(|value| unsafe { *value = 0 });
        self.drops.fetch_add(1, Ordering::SeqCst);
    }
}

/// How many times a `Tracked` has been dropped.
pub struct DropCount(StdArc<AtomicUsize>);

impl DropCount {
    pub fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}
