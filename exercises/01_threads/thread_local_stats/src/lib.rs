//! Per-thread statistics: every thread counts its own events without touching shared memory,
//! and its count joins the process-wide total when the thread ends.
//!
//! `count`, `this_thread` and `flush` work. But a thread that ends without calling `flush`
//! takes its count with it: `total` never sees it. Read README.md.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

/// The events of every thread that has ended or flushed.
static TOTAL: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// This thread's events since it started or last flushed. Each thread has its own.
    static LOCAL: Cell<u64> = const { Cell::new(0) };
    // TODO: when a thread ends, its thread-local values are dropped. Hold the count in a type
    // of your own whose `Drop` adds it to `TOTAL`, so that no thread's count is ever lost.
}

/// Counts `events` on the calling thread: only this thread's own counter changes.
pub fn count(events: u64) {
    LOCAL.with(|local| local.set(local.get() + events));
}

/// The calling thread's events that are not yet in the total.
pub fn this_thread() -> u64 {
    LOCAL.with(|local| local.get())
}

/// Moves the calling thread's count into the total now; `this_thread()` is 0 afterwards.
pub fn flush() {
    let events = LOCAL.with(|local| local.replace(0));
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
