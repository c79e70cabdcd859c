//! `std::thread`, `loom::thread` or `shuttle::thread`, by `cfg`.

#[cfg(loom)]
pub use loom::thread::{JoinHandle, Thread, current, park, spawn};

/// Lets another thread run (loom's `yield_now`); a thread that yields is not spinning blindly.
#[cfg(loom)]
pub fn yield_now() {
    crate::fairness::note_yield();
    loom::thread::yield_now();
}
#[cfg(all(shuttle, not(loom)))]
pub use shuttle::thread::{JoinHandle, Thread, current, park, spawn, yield_now};
#[cfg(not(any(loom, shuttle)))]
pub use std::thread::{JoinHandle, Thread, current, park, spawn, yield_now};
