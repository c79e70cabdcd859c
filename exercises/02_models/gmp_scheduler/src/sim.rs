//! The simulated machine: Gs, Ms and Ps, the run queues, and a clock that ticks.
//!
//! This file is the judge's: read it, but change only `src/policy.rs`. Every change of a
//! queue goes through a method of `Sched`, which writes it in the trace.

use std::collections::VecDeque;
use std::fmt;

use crate::policy;

/// A goroutine's program: `compute` ticks of work, and blocking system calls.
#[derive(Clone, Debug, Default)]
pub struct G {
    steps: Vec<Step>,
}

#[derive(Clone, Copy, Debug)]
enum Step {
    Compute,
    Syscall { call: &'static str, ticks: u32 },
}

impl G {
    pub fn new() -> Self {
        G::default()
    }

    /// `ticks` ticks of work.
    pub fn compute(mut self, ticks: u32) -> Self {
        self.steps.extend((0..ticks).map(|_| Step::Compute));
        self
    }

    /// A blocking system call that holds its M for `ticks` ticks.
    pub fn syscall(mut self, call: &'static str, ticks: u32) -> Self {
        self.steps.push(Step::Syscall { call, ticks });
        self
    }
}

/// What an M (a kernel thread) is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum M {
    /// Attached to a P, running its Gs.
    OnP,
    /// Parked: free to be given to a P.
    Idle,
    /// Blocked in G `g`'s system call until the start of tick `until`.
    InSyscall { g: usize, until: u32 },
}

/// A logical processor: the right to run Go code, with its own run queue.
#[derive(Clone, Debug, Default)]
struct P {
    local: VecDeque<usize>,
    m: Option<usize>,
    running: Option<usize>,
}

/// The scheduler's state, as `policy` sees it. Gs and Ps are numbered from 0 (`G3`, `P1`).
pub struct Sched {
    ps: Vec<P>,
    ms: Vec<M>,
    global: VecDeque<usize>,
    tick: u32,
    trace: Vec<String>,
}

impl Sched {
    fn log(&mut self, event: String) {
        self.trace.push(format!("tick {}: {event}", self.tick));
    }

    fn queue(&self, p: usize) -> &VecDeque<usize> {
        let count = self.ps.len();
        let Some(proc) = self.ps.get(p) else {
            panic!("there is no P{p}: the Ps are P0 to P{}", count - 1)
        };
        &proc.local
    }

    /// How many Ps there are (GOMAXPROCS).
    pub fn ps(&self) -> usize {
        self.ps.len()
    }

    /// How many Gs wait in `p`'s local run queue.
    pub fn local_len(&self, p: usize) -> usize {
        self.queue(p).len()
    }

    /// How many Gs wait in the global run queue.
    pub fn global_len(&self) -> usize {
        self.global.len()
    }

    /// Takes the G at the front of `p`'s local queue (no lock needed: the queue is `p`'s own).
    pub fn pop_local(&mut self, p: usize) -> Option<usize> {
        self.queue(p);
        self.ps[p].local.pop_front()
    }

    /// Takes the G at the front of the global queue, for `p` (the global queue has a lock, so
    /// a P looks there only when its own queue is empty).
    pub fn pop_global(&mut self, p: usize) -> Option<usize> {
        self.queue(p);
        let g = self.global.pop_front()?;
        self.log(format!("P{p} takes G{g} from the global queue"));
        Some(g)
    }

    /// Moves the `count` oldest Gs of `victim`'s local queue to the back of `thief`'s.
    pub fn steal(&mut self, thief: usize, victim: usize, count: usize) {
        let had = self.queue(victim).len();
        self.queue(thief);
        assert!(
            thief != victim,
            "tick {}: P{thief} tried to steal from itself",
            self.tick
        );
        assert!(
            count <= had,
            "tick {}: P{thief} tried to steal {count} Gs from P{victim}, which has only {had}",
            self.tick
        );
        let stolen: Vec<usize> = self.ps[victim].local.drain(..count).collect();
        self.ps[thief].local.extend(stolen);
        if had == 1 {
            self.log(format!("P{thief} steals P{victim}'s only G"));
        } else {
            self.log(format!("P{thief} steals {count} of P{victim}'s {had} Gs"));
        }
    }

    /// The parked M with the smallest number, if any.
    pub fn idle_m(&self) -> Option<usize> {
        self.ms.iter().position(|&m| m == M::Idle)
    }

    /// Starts a new M (a new kernel thread, which costs far more than reusing a parked one).
    pub fn new_m(&mut self) -> usize {
        self.ms.push(M::Idle);
        let m = self.ms.len() - 1;
        self.log(format!("M{m} is started"));
        m
    }

    /// Gives `p`, whose M is blocked in a system call, to the parked M `m`.
    pub fn hand_off(&mut self, p: usize, m: usize) {
        self.queue(p);
        assert!(
            self.ms.get(m) == Some(&M::Idle),
            "tick {}: P{p} was handed to M{m}, which is not a parked M",
            self.tick
        );
        assert!(
            self.ps[p].m.is_none(),
            "tick {}: P{p} was handed to M{m}, but it has an M already",
            self.tick
        );
        self.ms[m] = M::OnP;
        self.ps[p].m = Some(m);
        self.log(format!("P{p} is handed off to M{m}"));
    }
}

/// A whole run: the trace, and whether every G finished.
#[derive(Clone, Debug)]
pub struct Run {
    pub trace: Vec<String>,
    pub finished: bool,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the whole run:")?;
        for line in &self.trace {
            writeln!(f, "  {line}")?;
        }
        if !self.finished {
            writeln!(
                f,
                "  (stopped: the Gs did not finish within {MAX_TICKS} ticks)"
            )?;
        }
        Ok(())
    }
}

/// A run stops here even if Gs are left: a policy that loses a G must not hang.
pub const MAX_TICKS: u32 = 40;

/// Runs `gs` on `ps` Ps, all of them created on P0 (as `go f()` in `main` does), with
/// `src/policy.rs` making the scheduler's decisions. P`i` starts with M`i`.
///
/// Each tick: system calls that are over return (their G goes to the global queue, their M
/// is parked); then each P, in order, that holds an M but runs no G asks the policy for one;
/// then each P, in order, runs one step of its G. A G runs on its P until it finishes or
/// enters a system call; then its M blocks with it, and the policy finds the P another M.
pub fn run(ps: usize, gs: &[G]) -> Run {
    let mut sched = Sched {
        ps: (0..ps)
            .map(|p| P {
                m: Some(p),
                ..P::default()
            })
            .collect(),
        ms: vec![M::OnP; ps],
        global: VecDeque::new(),
        tick: 0,
        trace: Vec::new(),
    };
    if let Some(p0) = sched.ps.first_mut() {
        p0.local = (0..gs.len()).filter(|&g| !gs[g].steps.is_empty()).collect();
    }
    let mut next_step = vec![0usize; gs.len()];
    let all_done = |next: &[usize]| next.iter().zip(gs).all(|(&n, g)| n == g.steps.len());

    for tick in 1..=MAX_TICKS {
        if all_done(&next_step) {
            break;
        }
        sched.tick = tick;
        for m in 0..sched.ms.len() {
            if let M::InSyscall { g, until } = sched.ms[m]
                && until == tick
            {
                sched.ms[m] = M::Idle;
                next_step[g] += 1;
                let call = match gs[g].steps[next_step[g] - 1] {
                    Step::Syscall { call, .. } => call,
                    Step::Compute => "?",
                };
                if next_step[g] < gs[g].steps.len() {
                    sched.global.push_back(g);
                    sched.log(format!(
                        "G{g} returns from {call}: G{g} goes to the global queue, M{m} is parked"
                    ));
                } else {
                    sched.log(format!("G{g} returns from {call} (done), M{m} is parked"));
                }
            }
        }
        for p in 0..sched.ps.len() {
            if sched.ps[p].m.is_some() && sched.ps[p].running.is_none() {
                let found = policy::find_runnable(&mut sched, p);
                if let Some(g) = found {
                    let known = g < gs.len() && next_step[g] < gs[g].steps.len();
                    assert!(
                        known,
                        "tick {tick}: find_runnable gave P{p} G{g}, which is not a G waiting to run"
                    );
                }
                sched.ps[p].running = found;
            }
        }
        for p in 0..sched.ps.len() {
            let Some(m) = sched.ps[p].m else {
                sched.log(format!("P{p} has no M: its Gs wait"));
                continue;
            };
            let Some(g) = sched.ps[p].running else {
                continue;
            };
            match gs[g].steps[next_step[g]] {
                Step::Compute => {
                    next_step[g] += 1;
                    if next_step[g] == gs[g].steps.len() {
                        sched.ps[p].running = None;
                        sched.log(format!("P{p}/M{m} runs G{g} (done)"));
                    } else {
                        sched.log(format!("P{p}/M{m} runs G{g}"));
                    }
                }
                Step::Syscall { call, ticks } => {
                    sched.ps[p].running = None;
                    sched.ps[p].m = None;
                    sched.ms[m] = M::InSyscall {
                        g,
                        until: tick + ticks.max(1),
                    };
                    sched.log(format!(
                        "G{g} enters {call} on M{m}: M{m} blocks, and leaves P{p}"
                    ));
                    policy::on_syscall(&mut sched, p);
                }
            }
        }
    }
    let finished = all_done(&next_step);
    Run {
        trace: sched.trace,
        finished,
    }
}
