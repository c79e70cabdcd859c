//! A sequence lock: readers never wait for each other or block the writer; they check a
//! counter before and after reading, and try again if a write overlapped.
//!
//! Write `write` and `try_read` where the `todo!()`s are; read README.md first, and justify
//! every `Ordering` (and every fence) in a comment.
// Until the `todo!()`s are filled in, some of what they will use looks unused.
#![allow(dead_code, unused_imports, unused_variables)]

use shim::sync::atomic::{AtomicU64, AtomicUsize, Ordering, fence};

/// Two words that are always written together and must always be read together.
pub struct SeqLock {
    /// Even: no write in progress. Odd: a writer is between its two bumps. Every write adds 2.
    seq: AtomicUsize,
    /// The data. Atomics, so a read that races a write is not undefined behaviour: it may
    /// see a mix of old and new words, which the check of `seq` then throws away.
    words: [AtomicU64; 2],
}

impl SeqLock {
    pub fn new(value: [u64; 2]) -> Self {
        SeqLock {
            seq: AtomicUsize::new(0),
            words: value.map(AtomicU64::new),
        }
    }

    /// Replaces both words. Writers take turns; readers never hold a writer up.
    pub fn write(&self, value: [u64; 2]) {
        todo!(
            "make `seq` odd (only if it was even: that makes writers take turns), \
             store the words, make `seq` even again"
        )
    }

    /// Both words, unless a write overlapped this read (then `None`: try again).
    pub fn try_read(&self) -> Option<[u64; 2]> {
        todo!("load `seq`, load the words, load `seq` again: Some only if no write overlapped")
    }

    /// Both words, as one write left them, retrying while writes overlap.
    pub fn read(&self) -> [u64; 2] {
        loop {
            if let Some(value) = self.try_read() {
                return value;
            }
            shim::hint::spin_loop();
        }
    }
}
