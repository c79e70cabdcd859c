//! The scheduler's two decisions: where a P finds its next G, and what happens to a P whose
//! M blocks in a system call.
//!
//! Another correct answer: a plain loop over the victims, and the half computed as
//! `n - n / 2` (as Go's own `runqsteal` does).

use crate::sim::Sched;

pub fn find_runnable(sched: &mut Sched, p: usize) -> Option<usize> {
    let found = sched.pop_local(p).or_else(|| sched.pop_global(p));
    if found.is_some() {
        return found;
    }
    let ps = sched.ps();
    for offset in 1..ps {
        let victim = (p + offset) % ps;
        let waiting = sched.local_len(victim);
        if waiting > 0 {
            sched.steal(p, victim, waiting - waiting / 2);
            return sched.pop_local(p);
        }
    }
    None
}

pub fn on_syscall(sched: &mut Sched, p: usize) {
    // Reuse a parked kernel thread if there is one: starting one costs far more.
    let m = sched.idle_m().unwrap_or_else(|| sched.new_m());
    sched.hand_off(p, m);
}
