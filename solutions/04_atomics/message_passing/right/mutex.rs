//! A mailbox: one thread puts a message in, once; other threads look for it.
//!
//! RIGHT (fixture): a `Mutex<Option<u64>>`. Slower than two atomics, but a lock orders
//! everything inside it: whoever takes it after `publish` sees the message.

use shim::sync::Mutex;

/// Holds one `u64`: written once by [`Mailbox::publish`], read by any number of threads.
pub struct Mailbox {
    /// `None` until the message is published.
    message: Mutex<Option<u64>>,
}

impl Mailbox {
    pub fn new() -> Self {
        Mailbox {
            message: Mutex::new(None),
        }
    }

    /// Puts `value` in the mailbox. Call it at most once; a second call panics.
    pub fn publish(&self, value: u64) {
        let mut message = self.message.lock().unwrap();
        if message.is_some() {
            // Unlock first, so the panic does not poison the mailbox for its readers.
            drop(message);
            panic!("Mailbox::publish called twice: a mailbox carries exactly one message");
        }
        *message = Some(value);
    }

    /// The message, if it has been published; `None` before that.
    pub fn try_read(&self) -> Option<u64> {
        *self.message.lock().unwrap()
    }
}

impl Default for Mailbox {
    fn default() -> Self {
        Mailbox::new()
    }
}
