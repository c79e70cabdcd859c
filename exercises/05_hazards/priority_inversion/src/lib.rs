//! A priority scheduler, simulated tick by tick, and the policy that decides priorities.
//!
//! `sim` runs tasks on one simulated CPU: each tick it runs one step of the ready task with the
//! highest *effective* priority. `policy` (the file you edit) says what that effective
//! priority is. No real threads, no sleeps: every run of a scenario is the same, so a failure
//! shows the same trace every time.

pub mod policy;
pub mod sim;

pub use sim::{LockId, Priority, Run, Scenario, System, Task, TaskId, Tick};
