//! The scheduler's two decisions: where a P finds its next G, and what happens to a P whose
//! M blocks in a system call.
//!
//! This is the file you edit. As shipped, a P looks only in its own queue, and a P whose M
//! blocks waits for that M to come back. Read the README, then make every P stay busy.

use crate::sim::Sched;

/// The next G for `p`, which holds an M but runs nothing, or `None` if there is no work
/// anywhere. Take it out of a queue through `sched`'s methods.
pub fn find_runnable(sched: &mut Sched, p: usize) -> Option<usize> {
    // TODO: when the local queue is empty, look in the global queue, then steal.
    sched.pop_local(p)
}

/// Called when the G that `p` ran entered a blocking system call: `p`'s M is blocked with
/// it, and `p` has no M now.
pub fn on_syscall(sched: &mut Sched, p: usize) {
    // TODO: give `p` another M, so that its other Gs are not stuck behind the system call.
    let _ = (sched, p);
}
