//! The simulated machine: user tasks, kernel threads and a clock that ticks.
//!
//! This file is the judge's: read it, but change only `src/policy.rs`. Each tick, every kernel
//! thread that is not stuck in a blocking call asks the policy for a task and runs one step of
//! it. The kernel only knows kernel threads: a task that makes a blocking call blocks the
//! kernel thread it runs on, whatever the model.

use std::collections::VecDeque;
use std::fmt;

use crate::policy;

/// How the runtime maps its user tasks onto kernel threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// One kernel thread per task (Linux pthreads, Rust's `std::thread`).
    OneToOne,
    /// Every task on one kernel thread (early Java green threads).
    ManyToOne,
    /// The tasks share a pool of `kernel_threads` kernel threads (Go, Erlang).
    ManyToMany { kernel_threads: usize },
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Model::OneToOne => write!(f, "1:1"),
            Model::ManyToOne => write!(f, "N:1"),
            Model::ManyToMany { kernel_threads } => {
                write!(f, "M:N ({kernel_threads} kernel threads)")
            }
        }
    }
}

/// A user task, by its index in the scenario: task 0 is "A", task 1 is "B", ...
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TaskId(pub usize);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let letter = u8::try_from(self.0)
            .ok()
            .filter(|&i| i < 26)
            .map(|i| (b'A' + i) as char);
        match letter {
            Some(letter) => write!(f, "{letter}"),
            None => write!(f, "T{}", self.0),
        }
    }
}

/// One step of a task. A step of work takes one tick; a blocking call takes `ticks` ticks,
/// during which the kernel thread that made it can do nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Compute,
    Block { call: &'static str, ticks: u32 },
}

/// A task's program: the steps it runs, in order.
#[derive(Clone, Debug, Default)]
pub struct Task {
    steps: Vec<Step>,
}

impl Task {
    pub fn new() -> Self {
        Task::default()
    }

    /// `ticks` ticks of work.
    pub fn compute(mut self, ticks: u32) -> Self {
        self.steps.extend((0..ticks).map(|_| Step::Compute));
        self
    }

    /// A blocking system call (`read()`, `sleep()`) that takes `ticks` ticks.
    pub fn block(mut self, call: &'static str, ticks: u32) -> Self {
        self.steps.push(Step::Block { call, ticks });
        self
    }
}

/// What one kernel thread did in one tick.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activity {
    /// Ran one tick of `task`'s work.
    Computes(TaskId),
    /// Started a blocking call on behalf of `task`: the kernel thread is stuck until it returns.
    Blocks(TaskId, &'static str),
    /// Still stuck in `task`'s blocking call.
    Blocked(TaskId, &'static str),
    /// Free, but the policy gave it nothing to run.
    Idle,
}

impl fmt::Display for Activity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Activity::Computes(task) => write!(f, "{task} computes"),
            Activity::Blocks(task, call) => write!(f, "{task} blocks in {call}"),
            Activity::Blocked(task, call) => write!(f, "blocked ({task} in {call})"),
            Activity::Idle => write!(f, "idle"),
        }
    }
}

/// One tick of a run: what each kernel thread did, in kernel-thread order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    pub tick: u32,
    pub kernels: Vec<Activity>,
}

impl fmt::Display for Tick {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tick {}:", self.tick)?;
        for (kernel, activity) in self.kernels.iter().enumerate() {
            let sep = if kernel == 0 { " " } else { " | " };
            write!(f, "{sep}k{kernel} {activity}")?;
        }
        Ok(())
    }
}

/// A whole run: every tick until every task has finished (or the tick limit).
#[derive(Clone, Debug)]
pub struct Run {
    pub model: Model,
    pub ticks: Vec<Tick>,
    /// Whether every task ran all its steps before the tick limit.
    pub finished: bool,
}

impl Run {
    /// The trace, one line per tick, as the tests compare it.
    pub fn lines(&self) -> Vec<String> {
        self.ticks.iter().map(Tick::to_string).collect()
    }
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the whole run under {}:", self.model)?;
        for tick in &self.ticks {
            writeln!(f, "  {tick}")?;
        }
        if !self.finished {
            writeln!(
                f,
                "  (stopped: the tasks did not finish within {MAX_TICKS} ticks)"
            )?;
        }
        Ok(())
    }
}

/// A run stops here even if tasks are left: a policy that never picks a task must not hang.
pub const MAX_TICKS: u32 = 50;

/// What a kernel thread is doing between ticks.
#[derive(Clone, Copy)]
enum Kernel {
    Free,
    /// In `task`'s blocking call, which returns at the start of tick `until`.
    InCall {
        task: TaskId,
        call: &'static str,
        until: u32,
    },
}

/// Runs `tasks` under `model`, with `src/policy.rs` choosing what each kernel thread runs.
///
/// The ready queue starts as A, B, C, ...; a task goes to its back after each tick of work
/// and when its blocking call returns. Each tick: calls that are over return (in kernel-thread
/// order); then each free kernel thread, in order, asks the policy for a task and runs one
/// step of it; then the tasks that computed this tick rejoin the queue, in kernel-thread order.
pub fn run(model: Model, tasks: &[Task]) -> Run {
    let count = policy::kernel_threads(model, tasks.len());
    let mut kernels = vec![Kernel::Free; count];
    let mut next_step = vec![0usize; tasks.len()];
    let mut ready: VecDeque<TaskId> = (0..tasks.len()).map(TaskId).collect();
    let mut ticks = Vec::new();
    let done = |next_step: &[usize]| {
        next_step
            .iter()
            .zip(tasks)
            .all(|(&n, t)| n == t.steps.len())
    };
    // A task with no steps at all is done before it starts.
    ready.retain(|task| !tasks[task.0].steps.is_empty());

    for tick in 1..=MAX_TICKS {
        if done(&next_step) {
            break;
        }
        for kernel in kernels.iter_mut() {
            if let Kernel::InCall { task, until, .. } = *kernel
                && until == tick
            {
                *kernel = Kernel::Free;
                next_step[task.0] += 1;
                if next_step[task.0] < tasks[task.0].steps.len() {
                    ready.push_back(task);
                }
            }
        }
        let mut activities = Vec::with_capacity(count);
        let mut computed = Vec::new();
        for (index, kernel) in kernels.iter_mut().enumerate() {
            if let Kernel::InCall { task, call, .. } = *kernel {
                activities.push(Activity::Blocked(task, call));
                continue;
            }
            let before = ready.clone();
            let Some(task) = policy::pick(model, index, &mut ready) else {
                activities.push(Activity::Idle);
                continue;
            };
            let taken = before.contains(&task) && !ready.contains(&task);
            assert!(
                taken && ready.len() + 1 == before.len(),
                "tick {tick}: the policy gave k{index} task {task}, but a kernel thread may only \
                 run a task it takes out of the ready queue (and exactly that one): the queue was \
                 {before:?}, and is {ready:?} after pick()"
            );
            match tasks[task.0].steps[next_step[task.0]] {
                Step::Compute => {
                    activities.push(Activity::Computes(task));
                    next_step[task.0] += 1;
                    if next_step[task.0] < tasks[task.0].steps.len() {
                        computed.push(task);
                    }
                }
                Step::Block { call, ticks } => {
                    activities.push(Activity::Blocks(task, call));
                    *kernel = Kernel::InCall {
                        task,
                        call,
                        until: tick + ticks.max(1),
                    };
                }
            }
        }
        ready.extend(computed);
        ticks.push(Tick {
            tick,
            kernels: activities,
        });
    }
    let finished = done(&next_step);
    Run {
        model,
        ticks,
        finished,
    }
}
