//! `std::thread`, `loom::thread` or `shuttle::thread`, by `cfg`.

#[cfg(loom)]
pub use loom::thread::{JoinHandle, Thread, current, park, spawn, yield_now};
#[cfg(all(shuttle, not(loom)))]
pub use shuttle::thread::{JoinHandle, Thread, current, park, spawn, yield_now};
#[cfg(not(any(loom, shuttle)))]
pub use std::thread::{JoinHandle, Thread, current, park, spawn, yield_now};
