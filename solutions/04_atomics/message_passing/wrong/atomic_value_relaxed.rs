//! WRONG (fixture): "atomics fix data races": the message is an `AtomicU64` now, so there is no
//! data race to report, but with Relaxed on the flag a reader can still see `ready` and then
//! load the old value, 0. Loom must catch the stale read through the test's assertion.

use shim::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Holds one `u64`: written once by [`Mailbox::publish`], read by any number of threads.
pub struct Mailbox {
    value: AtomicU64,
    ready: AtomicBool,
    claimed: AtomicBool,
}

impl Mailbox {
    pub fn new() -> Self {
        Mailbox {
            value: AtomicU64::new(0),
            ready: AtomicBool::new(false),
            claimed: AtomicBool::new(false),
        }
    }

    /// Puts `value` in the mailbox. Call it at most once; a second call panics.
    pub fn publish(&self, value: u64) {
        if self.claimed.swap(true, Ordering::Relaxed) {
            panic!("Mailbox::publish called twice: a mailbox carries exactly one message");
        }
        // Relaxed everywhere: each access is atomic, but nothing orders the two variables.
        self.value.store(value, Ordering::Relaxed);
        self.ready.store(true, Ordering::Relaxed);
    }

    /// The message, if it has been published; `None` before that.
    pub fn try_read(&self) -> Option<u64> {
        if self.ready.load(Ordering::Relaxed) {
            Some(self.value.load(Ordering::Relaxed))
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
