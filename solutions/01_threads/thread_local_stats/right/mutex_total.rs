//! Per-thread statistics: every thread counts its own events without touching shared memory,
//! and its count joins the process-wide total when the thread ends.
//!
//! Another correct answer: the total is a `Mutex<u64>`; the thread-local counter is made
//! lazily on first use, and its `Drop` adds what is left to the total.

use std::cell::Cell;
use std::sync::{Mutex, MutexGuard};

/// The events of every thread that has ended or flushed.
static TOTAL: Mutex<u64> = Mutex::new(0);

/// This thread's unflushed events; dropped (so flushed) when the thread ends.
struct Unflushed(Cell<u64>);

impl Drop for Unflushed {
    fn drop(&mut self) {
        *lock_total() += self.0.get();
    }
}

thread_local! {
    static UNFLUSHED: Unflushed = Unflushed(Cell::new(0));
}

pub fn count(events: u64) {
    UNFLUSHED.with(|mine| mine.0.set(mine.0.get() + events));
}

pub fn this_thread() -> u64 {
    UNFLUSHED.with(|mine| mine.0.get())
}

pub fn flush() {
    // `take` leaves 0 behind: the drop at the thread's end adds only what came after.
    let events = UNFLUSHED.with(|mine| mine.0.take());
    *lock_total() += events;
}

pub fn total() -> u64 {
    *lock_total()
}

fn lock_total() -> MutexGuard<'static, u64> {
    // A panic while the lock is held cannot leave a `u64` half written.
    TOTAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
