//! The one place exercise code gets its concurrency building blocks from.
//!
//! Exercise code writes `use shim::sync::atomic::AtomicBool;` instead of `std::sync::...`.
//! The checker builds the same code three ways, chosen by `cfg`:
//! - plain (no cfg): the real `std` types, for unit tests and stress tests;
//! - `--cfg loom`: [loom](https://docs.rs/loom)'s types, which explore every interleaving;
//! - `--cfg shuttle`: [shuttle](https://docs.rs/shuttle)'s types, which run many random schedules.
//!
//! Channels (`use shim::sync::mpsc;`) are std's or shuttle's; under loom, making one is a
//! compile error that says why (loom's own channel never disconnects).
//!
//! Besides the re-exports it holds the test support that exercises share: a [`sync::Condvar`]
//! that can wake up spuriously on purpose, a progress [`watchdog`], the [`model`] entry point,
//! the litmus [`outcomes`] an ordering test reports, and the [`settings`] the checker passes
//! down from an exercise's manifest.

#[cfg(loom)]
mod atomic;
pub mod cell;
#[cfg(loom)]
mod fairness;
pub mod hint;
mod model;
#[cfg(loom)]
mod mutex;
pub mod outcomes;
pub mod settings;
pub mod stress;
pub mod sync;
pub mod thread;
#[cfg(loom)]
mod trace;
pub mod tracked;
pub mod watchdog;

#[cfg(loom)]
pub use fairness::{NO_SPIN_HINT_MARKER, SPINNING_FOREVER_MARKER};
pub use model::{EXPLORED_MARKER, model};
#[cfg(loom)]
pub use trace::TRACE_VAR;

/// The line prefix by which a test tells the checker it skipped part of its work here.
pub const SKIPPED_MARKER: &str = "threadlings-skipped:";

/// Says that part of a test cannot run on this system, and why (a Linux-only experiment on
/// macOS): the checker shows it beside the stage's result, so a pass does not hide it.
pub fn skipped(why: &str) {
    println!("{SKIPPED_MARKER} {why}");
}
