//! Per-thread statistics: every thread counts its own events without touching shared memory,
//! and its count joins the process-wide total when the thread ends.
//!
//! Reference solution: the thread-local counter is a type whose `Drop` flushes it. A thread's
//! thread-local values are dropped when it ends, so no count is lost.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

/// The events of every thread that has ended or flushed.
static TOTAL: AtomicU64 = AtomicU64::new(0);

/// One thread's events since it started or last flushed.
struct LocalCount {
    events: Cell<u64>,
}

impl Drop for LocalCount {
    /// Runs on the thread itself as it ends, before `join` returns to whoever waits for it.
    fn drop(&mut self) {
        // Relaxed: as in `flush`.
        TOTAL.fetch_add(self.events.get(), Ordering::Relaxed);
    }
}

thread_local! {
    /// Each thread has its own `LocalCount`, made on first use and dropped when it ends.
    static LOCAL: LocalCount = const {
        LocalCount {
            events: Cell::new(0),
        }
    };
}

/// Counts `events` on the calling thread: only this thread's own counter changes.
pub fn count(events: u64) {
    LOCAL.with(|local| local.events.set(local.events.get() + events));
}

/// The calling thread's events that are not yet in the total.
pub fn this_thread() -> u64 {
    LOCAL.with(|local| local.events.get())
}

/// Moves the calling thread's count into the total now; `this_thread()` is 0 afterwards.
pub fn flush() {
    // `replace(0)`: what is flushed now must not be added again when the thread ends.
    let events = LOCAL.with(|local| local.events.replace(0));
    // Relaxed: the total is a plain sum; whoever reads it after joining this thread is
    // ordered after this addition by the join itself.
    TOTAL.fetch_add(events, Ordering::Relaxed);
}

/// The events of every thread that has ended (or called `flush`). A thread still running
/// keeps its unflushed count to itself.
pub fn total() -> u64 {
    // Relaxed: see `flush`.
    TOTAL.load(Ordering::Relaxed)
}
