//! A deterministic priority scheduler: one simulated CPU, tasks made of steps, and locks.
//!
//! Every tick the scheduler looks at the tasks that have arrived and not finished. A task
//! whose next step is `lock X` while another task holds `X` is *waiting*; the others are
//! *ready*. The ready task with the highest effective priority (`policy::effective_priority`)
//! runs one step; a tie goes to the task that arrived first. A step takes one tick:
//! `compute` does nothing visible, `lock X` takes the free lock `X`, `unlock X` lets it go.
//! Nothing is random and nothing sleeps: a scenario runs the same way every time.

use std::collections::BTreeMap;
use std::fmt;

/// A task's priority: the larger, the more urgent.
pub type Priority = u32;
/// A task, by its position in the scenario's list.
pub type TaskId = usize;

/// A lock, by its one-letter name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LockId(pub char);

impl fmt::Display for LockId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One step of a task; each takes one tick of the CPU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Compute,
    Lock(LockId),
    Unlock(LockId),
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Compute => write!(f, "computes"),
            Step::Lock(lock) => write!(f, "locks {lock}"),
            Step::Unlock(lock) => write!(f, "unlocks {lock}"),
        }
    }
}

/// A task: a name, a base priority, the tick it arrives at, and its steps.
#[derive(Debug, Clone)]
pub struct Task {
    name: String,
    priority: Priority,
    arrives: u64,
    steps: Vec<Step>,
}

impl Task {
    /// A task that arrives at tick 0 with no steps yet.
    pub fn new(name: &str, priority: Priority) -> Self {
        Task {
            name: name.to_string(),
            priority,
            arrives: 0,
            steps: Vec::new(),
        }
    }

    pub fn arrives_at(mut self, tick: u64) -> Self {
        self.arrives = tick;
        self
    }

    pub fn compute(mut self, ticks: usize) -> Self {
        self.steps.extend(std::iter::repeat_n(Step::Compute, ticks));
        self
    }

    pub fn lock(mut self, lock: char) -> Self {
        self.steps.push(Step::Lock(LockId(lock)));
        self
    }

    pub fn unlock(mut self, lock: char) -> Self {
        self.steps.push(Step::Unlock(LockId(lock)));
        self
    }
}

/// What the policy may look at: the tasks, who holds each lock and who waits for it, as they
/// are at the start of the tick being scheduled.
#[derive(Debug)]
pub struct System<'a> {
    tasks: &'a [Task],
    holders: &'a BTreeMap<LockId, TaskId>,
    /// For each task: the lock it waits for, if it is waiting.
    waiting: &'a [Option<LockId>],
}

impl System<'_> {
    /// Every task of the scenario (arrived or not, finished or not).
    pub fn tasks(&self) -> std::ops::Range<TaskId> {
        0..self.tasks.len()
    }

    pub fn name(&self, task: TaskId) -> &str {
        &self.tasks[task].name
    }

    /// The priority the task was given, before any inheritance.
    pub fn base_priority(&self, task: TaskId) -> Priority {
        self.tasks[task].priority
    }

    /// The task that holds `lock`, if any.
    pub fn holder(&self, lock: LockId) -> Option<TaskId> {
        self.holders.get(&lock).copied()
    }

    /// The locks `task` holds now.
    pub fn locks_held_by(&self, task: TaskId) -> Vec<LockId> {
        self.holders
            .iter()
            .filter(|(_, holder)| **holder == task)
            .map(|(lock, _)| *lock)
            .collect()
    }

    /// The lock `task` is waiting for, if it is waiting.
    pub fn waiting_for(&self, task: TaskId) -> Option<LockId> {
        self.waiting[task]
    }

    /// The tasks waiting for `lock` now.
    pub fn waiters(&self, lock: LockId) -> Vec<TaskId> {
        self.tasks()
            .filter(|task| self.waiting[*task] == Some(lock))
            .collect()
    }
}

/// What happened in one tick, and the state it started from.
#[derive(Debug, Clone)]
pub struct Tick {
    pub tick: u64,
    /// The task that ran and the step it took; `None` when no task was ready.
    pub ran: Option<(TaskId, Step)>,
    /// Who held each lock when the tick started.
    pub holders: BTreeMap<LockId, TaskId>,
    /// Who was waiting for which lock when the tick started.
    pub waiting: Vec<(TaskId, LockId)>,
    /// The effective priority of every task that had arrived and not finished.
    pub priorities: Vec<(TaskId, Priority)>,
}

/// The result of running a scenario: the trace, tick by tick, and when each task finished.
#[derive(Debug, Clone)]
pub struct Run {
    tasks: Vec<Task>,
    pub ticks: Vec<Tick>,
    /// For each task: the tick in which it took its last step.
    pub finished: Vec<Option<u64>>,
}

impl Run {
    /// The task called `name`. Panics if there is none: a mistake in the scenario.
    pub fn task(&self, name: &str) -> TaskId {
        self.tasks
            .iter()
            .position(|task| task.name == name)
            .unwrap_or_else(|| panic!("the scenario has no task called {name}"))
    }

    pub fn name(&self, task: TaskId) -> &str {
        &self.tasks[task].name
    }

    pub fn base_priority(&self, task: TaskId) -> Priority {
        self.tasks[task].priority
    }

    /// The tick in which the task called `name` took its last step, if it finished.
    pub fn finished(&self, name: &str) -> Option<u64> {
        self.finished[self.task(name)]
    }
}

impl fmt::Display for Run {
    /// The trace as a table, one line per tick.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "tick  runs (at priority)  waiting")?;
        for tick in &self.ticks {
            let ran = match tick.ran {
                Some((task, step)) => {
                    let priority = tick
                        .priorities
                        .iter()
                        .find(|(t, _)| *t == task)
                        .map_or(0, |(_, p)| *p);
                    format!("{} ({priority}) {step}", self.name(task))
                }
                None => "nobody (idle)".to_string(),
            };
            let waiting: Vec<String> = tick
                .waiting
                .iter()
                .map(|(task, lock)| {
                    let holder = tick.holders.get(lock).map_or("?", |h| self.name(*h));
                    format!("{} waits for {lock} (held by {holder})", self.name(*task))
                })
                .collect();
            writeln!(f, "{:>4}  {ran:<19} {}", tick.tick, waiting.join(", "))?;
        }
        Ok(())
    }
}

/// A set of tasks to run together.
#[derive(Debug, Clone)]
pub struct Scenario {
    tasks: Vec<Task>,
}

impl Scenario {
    pub fn new(tasks: Vec<Task>) -> Self {
        for task in &tasks {
            assert!(
                !task.steps.is_empty(),
                "scenario error: {} has no steps",
                task.name
            );
        }
        Scenario { tasks }
    }

    /// Runs until every task has finished, or for `max_ticks` ticks.
    pub fn run(&self, max_ticks: u64) -> Run {
        let count = self.tasks.len();
        let mut next_step = vec![0; count];
        let mut finished: Vec<Option<u64>> = vec![None; count];
        let mut holders: BTreeMap<LockId, TaskId> = BTreeMap::new();
        let mut ticks = Vec::new();
        for tick in 0..max_ticks {
            if finished.iter().all(Option::is_some) {
                break;
            }
            let active: Vec<TaskId> = (0..count)
                .filter(|task| self.tasks[*task].arrives <= tick && finished[*task].is_none())
                .collect();
            let mut waiting = vec![None; count];
            for &task in &active {
                if let Step::Lock(lock) = self.tasks[task].steps[next_step[task]] {
                    match holders.get(&lock) {
                        Some(&holder) if holder == task => panic!(
                            "scenario error: {} locks {lock}, which it already holds",
                            self.tasks[task].name
                        ),
                        Some(_) => waiting[task] = Some(lock),
                        None => {}
                    }
                }
            }
            let system = System {
                tasks: &self.tasks,
                holders: &holders,
                waiting: &waiting,
            };
            let priorities: Vec<(TaskId, Priority)> = active
                .iter()
                .map(|&task| (task, crate::policy::effective_priority(&system, task)))
                .collect();
            // The highest priority runs; among equals, the task that arrived first (then the
            // one listed first), so every run is the same.
            let chosen = priorities
                .iter()
                .filter(|(task, _)| waiting[*task].is_none())
                .max_by_key(|(task, priority)| {
                    (
                        *priority,
                        std::cmp::Reverse((self.tasks[*task].arrives, *task)),
                    )
                })
                .map(|(task, _)| *task);
            let mut record = Tick {
                tick,
                ran: None,
                holders: holders.clone(),
                waiting: (0..count)
                    .filter_map(|task| waiting[task].map(|lock| (task, lock)))
                    .collect(),
                priorities,
            };
            if let Some(task) = chosen {
                let step = self.tasks[task].steps[next_step[task]];
                match step {
                    Step::Compute => {}
                    Step::Lock(lock) => {
                        holders.insert(lock, task);
                    }
                    Step::Unlock(lock) => {
                        if holders.get(&lock) != Some(&task) {
                            panic!(
                                "scenario error: {} unlocks {lock}, which it does not hold",
                                self.tasks[task].name
                            );
                        }
                        holders.remove(&lock);
                    }
                }
                next_step[task] += 1;
                if next_step[task] == self.tasks[task].steps.len() {
                    finished[task] = Some(tick);
                }
                record.ran = Some((task, step));
            }
            ticks.push(record);
        }
        Run {
            tasks: self.tasks.clone(),
            ticks,
            finished,
        }
    }
}
