//! A mailbox: one thread puts a message in, once; other threads look for it.
//!
//! RIGHT (fixture): one atomic state instead of two flags: EMPTY, then WRITING (one publisher
//! has claimed the cell), then READY (Release: the message is in).

use shim::cell::UnsafeCell;
use shim::sync::atomic::{AtomicU8, Ordering};

const EMPTY: u8 = 0;
const WRITING: u8 = 1;
const READY: u8 = 2;

/// Holds one `u64`: written once by [`Mailbox::publish`], read by any number of threads.
pub struct Mailbox {
    /// The message: written only by the publisher that moved `state` from EMPTY to WRITING.
    value: UnsafeCell<u64>,
    state: AtomicU8,
}

// Safety: one thread writes `value`, before its Release store of READY; readers read it only
// after an Acquire load returned READY, so the write happens-before every read.
unsafe impl Sync for Mailbox {}

impl Mailbox {
    pub fn new() -> Self {
        Mailbox {
            value: UnsafeCell::new(0),
            state: AtomicU8::new(EMPTY),
        }
    }

    /// Puts `value` in the mailbox. Call it at most once; a second call panics.
    pub fn publish(&self, value: u64) {
        // Relaxed: claiming only decides who may write; it publishes nothing.
        if self
            .state
            .compare_exchange(EMPTY, WRITING, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
        {
            panic!("Mailbox::publish called twice: a mailbox carries exactly one message");
        }
        // Safety: we moved the state out of EMPTY, so we are the only writer, and readers
        // wait for READY.
        self.value.with_mut(|cell| unsafe { *cell = value });
        // Release: the message, written above, is visible to whoever reads READY with Acquire.
        self.state.store(READY, Ordering::Release);
    }

    /// The message, if it has been published; `None` before that.
    pub fn try_read(&self) -> Option<u64> {
        // Acquire: pairs with the Release store of READY, so seeing READY means seeing the message.
        if self.state.load(Ordering::Acquire) == READY {
            // Safety: the only write happened before the READY we saw, and none follows it.
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
