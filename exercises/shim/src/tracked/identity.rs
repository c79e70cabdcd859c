//! Who is calling: a number for the current thread, in every build.
//!
//! Loom and shuttle run all their threads on one OS thread, so `std::thread::current()` cannot
//! tell them apart there: each build asks its own runtime.

use std::fmt;

/// A thread, as the tracked locks know it.
///
/// Under `std` the numbers count up from 1 in the order threads first touch a tracked lock;
/// under loom and shuttle they are the model's own thread numbers (the main thread is 0), which
/// start again in each execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ThreadId(pub u64);

impl fmt::Display for ThreadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "thread {}", self.0)
    }
}

/// The calling thread.
#[cfg(not(any(loom, shuttle)))]
pub(crate) fn current() -> ThreadId {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    thread_local! {
        // Relaxed: the counter only hands out distinct numbers, it publishes nothing.
        static ID: u64 = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    ThreadId(ID.with(|id| *id))
}

/// The calling thread's name, if it has one.
#[cfg(not(any(loom, shuttle)))]
pub(crate) fn current_name() -> Option<String> {
    std::thread::current().name().map(str::to_string)
}

#[cfg(loom)]
pub(crate) fn current() -> ThreadId {
    // Loom's `ThreadId` shows its number only through `Debug` ("ThreadId(3)").
    let shown = format!("{:?}", loom::thread::current().id());
    let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
    ThreadId(digits.parse().unwrap_or(u64::MAX))
}

#[cfg(loom)]
pub(crate) fn current_name() -> Option<String> {
    loom::thread::current().name().map(str::to_string)
}

#[cfg(all(shuttle, not(loom)))]
pub(crate) fn current() -> ThreadId {
    ThreadId(usize::from(shuttle::thread::current().id()) as u64)
}

#[cfg(all(shuttle, not(loom)))]
pub(crate) fn current_name() -> Option<String> {
    shuttle::thread::current().name().map(str::to_string)
}
