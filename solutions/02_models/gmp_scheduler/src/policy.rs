//! The scheduler's two decisions: where a P finds its next G, and what happens to a P whose
//! M blocks in a system call.
//!
//! The reference answer: local queue, then global queue, then steal half of the first other
//! P (in order after `p`) that has work; a blocked M's P goes to a parked M, or to a new one.

use crate::sim::Sched;

/// The next G for `p`, which holds an M but runs nothing, or `None` if there is no work
/// anywhere. Take it out of a queue through `sched`'s methods.
pub fn find_runnable(sched: &mut Sched, p: usize) -> Option<usize> {
    // Its own queue first: no other P touches it, so that costs no lock.
    if let Some(g) = sched.pop_local(p) {
        return Some(g);
    }
    if let Some(g) = sched.pop_global(p) {
        return Some(g);
    }
    // Steal half (rounded up, so a lone G is taken too): the victim keeps the rest, and
    // the work evens out in one move instead of one G at a time.
    let ps = sched.ps();
    let victim = (1..ps)
        .map(|offset| (p + offset) % ps)
        .find(|&victim| sched.local_len(victim) > 0)?;
    let count = sched.local_len(victim).div_ceil(2);
    sched.steal(p, victim, count);
    sched.pop_local(p)
}

/// Called when the G that `p` ran entered a blocking system call: `p`'s M is blocked with
/// it, and `p` has no M now.
pub fn on_syscall(sched: &mut Sched, p: usize) {
    // A parked M costs nothing to wake; a new one is a new kernel thread.
    let m = match sched.idle_m() {
        Some(m) => m,
        None => sched.new_m(),
    };
    sched.hand_off(p, m);
}
