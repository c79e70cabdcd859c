//! The runtime's policy: how many kernel threads each model has, and which task each runs.
//!
//! Another correct answer: `if let` instead of `match`, and 1:1's pick checks the queue for
//! the kernel thread's own task before taking it out.

use std::collections::VecDeque;

use crate::sim::{Model, TaskId};

pub fn kernel_threads(model: Model, tasks: usize) -> usize {
    if let Model::ManyToMany { kernel_threads } = model {
        kernel_threads
    } else if model == Model::OneToOne {
        tasks
    } else {
        1
    }
}

pub fn pick(model: Model, kernel: usize, ready: &mut VecDeque<TaskId>) -> Option<TaskId> {
    if model != Model::OneToOne {
        return ready.pop_front();
    }
    // A kernel thread of 1:1 runs its own task or nothing.
    let own = TaskId(kernel);
    if !ready.contains(&own) {
        return None;
    }
    ready.retain(|&task| task != own);
    Some(own)
}
