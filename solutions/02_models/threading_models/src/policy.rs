//! The runtime's policy: how many kernel threads each model has, and which task each runs.
//!
//! The reference answer: 1:1 binds task `i` to kernel thread `i` for good; N:1 and M:N share
//! one ready queue that every free kernel thread takes the oldest task from.

use std::collections::VecDeque;

use crate::sim::{Model, TaskId};

/// How many kernel threads the runtime starts for `tasks` user tasks under `model`.
pub fn kernel_threads(model: Model, tasks: usize) -> usize {
    match model {
        // Every task is a kernel thread of its own.
        Model::OneToOne => tasks,
        // The runtime multiplexes every task onto the one kernel thread it has.
        Model::ManyToOne => 1,
        // A pool of a fixed size, however many tasks there are.
        Model::ManyToMany { kernel_threads } => kernel_threads,
    }
}

/// The task that the free kernel thread `kernel` runs this tick, taken out of `ready` (the
/// tasks that may run, oldest first), or `None` to leave the kernel thread idle.
pub fn pick(model: Model, kernel: usize, ready: &mut VecDeque<TaskId>) -> Option<TaskId> {
    match model {
        // Kernel thread `i` *is* task `i`: it runs that task when it is ready, and nothing
        // else, even while other tasks wait.
        Model::OneToOne => {
            let at = ready.iter().position(|&task| task == TaskId(kernel))?;
            ready.remove(at)
        }
        // A user-space scheduler: whichever kernel thread is free takes the oldest ready task.
        Model::ManyToOne | Model::ManyToMany { .. } => ready.pop_front(),
    }
}
