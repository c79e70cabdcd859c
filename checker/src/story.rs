//! The story of a failure, as typed values that serialise with the report (`CheckReport::story`):
//! what each thread of the failing execution did, step by step, and one sentence saying what
//! went wrong. `runner` builds it, `report` draws it.

use serde::{Deserialize, Serialize};

/// How a failure tells itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Story {
    /// Loom's failing execution, one row per step of the learner's code.
    Timeline(Timeline),
    /// A deadlock whose waits the tracked locks saw close into a cycle.
    Deadlock(Deadlock),
}

impl Story {
    /// The one sentence that says what went wrong.
    pub fn summary(&self) -> &str {
        match self {
            Story::Timeline(timeline) => &timeline.summary,
            Story::Deadlock(deadlock) => &deadlock.summary,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The threads, as loom numbers them (0 is the test's main thread), one column each.
    pub threads: Vec<usize>,
    /// The steps in the learner's files, in the order loom ran them.
    pub steps: Vec<Step>,
    /// How many steps were left out because they were outside the learner's files (the
    /// tests, the shim).
    pub other_steps: usize,
    /// Where the execution failed: the panic's place and the first line of its message.
    pub failure: Option<Failure>,
    /// What went wrong, in one sentence.
    pub summary: String,
    /// For a litmus test (an ordering exercise's), what it saw beside what the memory model
    /// allows; one table per litmus test the failing test reported on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<OutcomeTable>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub thread: usize,
    /// `load`, `store`, `swap`, `compare_exchange`, `fetch_add`..., `fence`, or `read` and
    /// `write` for a cell.
    pub operation: String,
    /// What it touched, named as the learner's line names it (`ready`), when it can be read.
    pub object: String,
    /// The atomic ordering; none for a cell access.
    pub ordering: Option<String>,
    /// The learner's file and line, e.g. `lib.rs:48`.
    pub location: String,
    /// The value read or written (`true`, `0 -> 1`), when there is one.
    pub value: Option<String>,
    /// One of the two accesses that raced (loom's causality violation).
    pub racing: bool,
}

/// The wait-for cycle (thread → lock → thread) of a deadlock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadlock {
    /// One wait per thread on the cycle, each waiting for a lock the next one holds:
    /// `thread 1 holds lock 1 ('a') and waits for lock 2 ('b'), held by thread 2`.
    pub waits: Vec<String>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub location: String,
    pub message: String,
}

/// A litmus test's outcomes, jcstress style: each result the test can have, what the memory
/// model says of it, and how often loom's executions produced it, up to the failing one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeTable {
    /// What the outcomes are: "what one try_read() returned, publish(7) racing".
    pub observed: String,
    /// How many executions loom ran, the failing one included.
    pub executions: usize,
    /// The declared outcomes in the test's order, then any seen that it did not declare.
    pub rows: Vec<OutcomeRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeRow {
    /// The outcome as the test prints it (`Debug`): `Some(0)`, `[0, 1]`.
    pub outcome: String,
    pub expect: Expect,
    /// How many times it was seen, in all the executions.
    pub seen: usize,
    /// Whether the failing execution produced it.
    pub in_failing: bool,
    /// Why the memory model allows or forbids it, in a line.
    pub why: String,
}

/// What the memory model says of an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    Allowed,
    /// Allowed but surprising: what the test is there to show.
    Interesting,
    Forbidden,
    /// Seen, but the test did not declare it.
    Undeclared,
}

impl OutcomeTable {
    /// The forbidden (or undeclared) outcomes that were seen: each one is a failure.
    pub fn seen_forbidden(&self) -> impl Iterator<Item = &OutcomeRow> {
        self.rows.iter().filter(|row| {
            row.seen > 0 && matches!(row.expect, Expect::Forbidden | Expect::Undeclared)
        })
    }
}
