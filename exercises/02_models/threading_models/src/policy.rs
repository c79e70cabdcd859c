//! The runtime's policy: how many kernel threads each model has, and which task each runs.
//!
//! This is the file you edit. As shipped, every model behaves like N:1: one kernel thread runs
//! every task, so one blocking call stops them all. Read the README, then make 1:1 and M:N
//! behave as they should (and keep N:1 as it is).

use std::collections::VecDeque;

use crate::sim::{Model, TaskId};

/// How many kernel threads the runtime starts for `tasks` user tasks under `model`.
pub fn kernel_threads(model: Model, tasks: usize) -> usize {
    // TODO: N:1 has one kernel thread; what do 1:1 and M:N have?
    let _ = (model, tasks);
    1
}

/// The task that the free kernel thread `kernel` runs this tick, taken out of `ready` (the
/// tasks that may run, oldest first), or `None` to leave the kernel thread idle.
pub fn pick(model: Model, kernel: usize, ready: &mut VecDeque<TaskId>) -> Option<TaskId> {
    // TODO: under 1:1, a kernel thread belongs to one task for its whole life.
    let _ = (model, kernel);
    ready.pop_front()
}
