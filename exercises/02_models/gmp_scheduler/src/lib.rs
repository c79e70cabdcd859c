//! Go's scheduler, simulated tick by tick: goroutines (G), kernel threads (M) and logical
//! processors (P).
//!
//! `sim` runs the machine: each tick, every P that holds an M runs one step of its G. `policy`
//! (the file you edit) makes the two decisions that keep every P busy: where a P finds its
//! next G (its own queue, the global queue, or another P's), and what a P does when its G
//! blocks its M in a system call. Nothing is random: a run always gives the same trace.

pub mod policy;
pub mod sim;

pub use sim::{G, MAX_TICKS, Run, Sched, run};
