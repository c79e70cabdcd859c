//! The scheduling policy: the priority at which the scheduler runs each task.
//!
//! Reference solution: priority inheritance. A task that holds a lock runs at least at the
//! effective priority of every task waiting for that lock, so the whole chain of holders in
//! front of an urgent task runs at its priority until the chain is gone.

use crate::sim::{Priority, System, TaskId};

/// The priority at which `task` competes for the CPU in the current tick.
///
/// `system` shows every task's base priority, who holds each lock and who waits for it.
pub fn effective_priority(system: &System<'_>, task: TaskId) -> Priority {
    // A chain of waits without a cycle has fewer links than there are tasks; a cycle (a
    // deadlock) would go round for ever, so stop after that many.
    inherited(system, task, system.tasks().len())
}

/// `task`'s base priority, raised to the effective priority of every task that waits for a
/// lock it holds, following at most `links` waits.
fn inherited(system: &System<'_>, task: TaskId, links: usize) -> Priority {
    let mut priority = system.base_priority(task);
    if links == 0 {
        return priority;
    }
    for lock in system.locks_held_by(task) {
        for waiter in system.waiters(lock) {
            // The waiter's *effective* priority: it may itself hold what someone more urgent
            // waits for.
            priority = priority.max(inherited(system, waiter, links - 1));
        }
    }
    priority
}
