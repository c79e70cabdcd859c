//! A ticket counter: every caller of `take` gets its own number, and none is ever lost.
//!
//! Reference solution: the read and the write of the count happen under one lock guard, so
//! no other thread can read the old number in between.

use shim::sync::{Mutex, MutexGuard};

pub struct Counter {
    /// The next number to hand out.
    next: Mutex<u64>,
}

impl Counter {
    /// A counter whose first ticket is `first`.
    pub fn new(first: u64) -> Self {
        Counter {
            next: Mutex::new(first),
        }
    }

    /// Hands out the next ticket: each caller, on any thread, gets a different number, and
    /// the numbers handed out are `first, first + 1, ...` with no gap.
    pub fn take(&self) -> u64 {
        self.take_many(1)
    }

    /// Hands out `count` consecutive tickets at once and returns the first of them.
    pub fn take_many(&self, count: u64) -> u64 {
        // One guard for the read-modify-write: between reading the number and writing the
        // next one, no other thread can read it, so no two callers get the same ticket.
        let mut next = lock(&self.next);
        let ticket = *next;
        *next = ticket + count;
        ticket
    }

    /// The next ticket that `take` would hand out.
    pub fn peek(&self) -> u64 {
        *lock(&self.next)
    }
}

fn lock(next: &Mutex<u64>) -> MutexGuard<'_, u64> {
    // Poisoned means a thread panicked while holding the lock; a `u64` cannot be left half
    // written, so the value is still good.
    next.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
