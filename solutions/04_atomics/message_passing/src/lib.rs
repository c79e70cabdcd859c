//! A mailbox: one thread puts a message in, once; other threads look for it.
//!
//! Reference solution: the course's acquire/release pair. The Release store of `ready`
//! publishes the write to `value`; an Acquire load that sees `true` is guaranteed to see it.

use shim::cell::UnsafeCell;
use shim::sync::atomic::{AtomicBool, Ordering};

/// Holds one `u64`: written once by [`Mailbox::publish`], read by any number of threads.
pub struct Mailbox {
    /// The message. A plain, non-atomic cell: nothing but the orderings on `ready` make it
    /// safe for another thread to read it.
    value: UnsafeCell<u64>,
    /// `true` once `value` holds the whole message.
    ready: AtomicBool,
    /// `true` once some thread has begun to publish. It turns a second `publish` into a
    /// panic instead of a write into a cell that readers may be reading.
    claimed: AtomicBool,
}

// Safety: only the one thread that wins `claimed` ever writes `value`, and it writes before its
// Release store of `ready`; readers read `value` only after an Acquire load of `ready` returned
// `true`, so the write happens-before every read and no access ever overlaps another.
unsafe impl Sync for Mailbox {}

impl Mailbox {
    pub fn new() -> Self {
        Mailbox {
            value: UnsafeCell::new(0),
            ready: AtomicBool::new(false),
            claimed: AtomicBool::new(false),
        }
    }

    /// Puts `value` in the mailbox. Call it at most once; a second call panics.
    pub fn publish(&self, value: u64) {
        // Relaxed: `claimed` only decides *who* may write; it carries no data to anyone, and
        // the thread that loses never touches the cell.
        if self.claimed.swap(true, Ordering::Relaxed) {
            panic!("Mailbox::publish called twice: a mailbox carries exactly one message");
        }
        // Safety: winning `claimed` makes this thread the only writer, and no reader touches
        // the cell before it has seen `ready` (set below, after this write).
        self.value.with_mut(|cell| unsafe { *cell = value });
        // Release: everything written before this store (the message) is visible to any
        // thread whose Acquire load reads this `true`.
        self.ready.store(true, Ordering::Release);
    }

    /// The message, if it has been published; `None` before that.
    pub fn try_read(&self) -> Option<u64> {
        // Acquire: pairs with the Release in `publish`, so seeing `true` means seeing the message.
        if self.ready.load(Ordering::Acquire) {
            // Safety: the Acquire load saw `true`, so the publisher's only write happened
            // before this read, and no write will ever follow it.
            Some(self.value.with(|cell| unsafe { *cell }))
        } else {
            None
        }
    }
}

impl Default for Mailbox {
    fn default() -> Self {
        Mailbox::new()
    }
}
