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
