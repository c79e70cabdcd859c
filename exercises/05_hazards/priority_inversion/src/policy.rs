//! The scheduling policy: the priority at which the scheduler runs each task.
//!
//! This is the file you edit. As shipped, a task always runs at its own (base) priority, so
//! a medium-priority task can run for as long as it likes while a low-priority task holds a
//! lock that a high-priority task waits for: a priority inversion. Read the README, then add
//! priority inheritance.

use crate::sim::{Priority, System, TaskId};

/// The priority at which `task` competes for the CPU in the current tick.
///
/// `system` shows every task's base priority, who holds each lock and who waits for it.
pub fn effective_priority(system: &System<'_>, task: TaskId) -> Priority {
    // TODO: a task that holds a lock someone is waiting for must run at least at that
    // waiter's priority (its *effective* priority: the waiter may itself hold a lock that an
    // even more urgent task waits for).
    system.base_priority(task)
}
