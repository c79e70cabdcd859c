//! Threading models, simulated tick by tick: 1:1, N:1 and M:N.
//!
//! `sim` runs user tasks on simulated kernel threads: each tick, every kernel thread that is
//! not stuck in a blocking call runs one step of a task. `policy` (the file you edit) says how
//! many kernel threads a model has and which task each one runs. No real threads, no sleeps:
//! every run is the same, so a failure shows the same trace every time.

pub mod policy;
pub mod sim;

pub use sim::{Activity, MAX_TICKS, Model, Run, Step, Task, TaskId, Tick, run};
