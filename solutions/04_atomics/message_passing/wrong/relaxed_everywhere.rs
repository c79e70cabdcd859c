//! WRONG (fixture): Relaxed on both sides of the flag, as shipped: seeing `ready`
//! says nothing about the message. Real x86 threads almost never show it; loom must reject it.

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

// Safety: only the one thread that wins `claimed` ever writes `value`, and it writes before it
// sets `ready`; readers read `value` only after they have seen `ready`... provided that seeing
// `ready` also means seeing the write. That is what the orderings below must guarantee.
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
        // Relaxed is right here: `claimed` only decides *who* may write; it carries no data
        // to anyone, and the thread that loses never touches the cell.
        if self.claimed.swap(true, Ordering::Relaxed) {
            panic!("Mailbox::publish called twice: a mailbox carries exactly one message");
        }
        // Safety: winning `claimed` makes this thread the only writer, and no reader touches
        // the cell before `ready` is true.
        self.value.with_mut(|cell| unsafe { *cell = value });
        // Relaxed "for performance": the flag is atomic, but it carries nothing with it.
        self.ready.store(true, Ordering::Relaxed);
    }

    /// The message, if it has been published; `None` before that.
    pub fn try_read(&self) -> Option<u64> {
        // Relaxed: seeing `true` says nothing about whether the message is visible yet.
        if self.ready.load(Ordering::Relaxed) {
            // Safety: `ready` is true, so the publisher has finished its only write.
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
