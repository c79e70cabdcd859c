//! What a check found, as typed values that serialise to JSON. Renderers live in `report`.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::manifest::Stage;
use crate::story::Story;

/// The outcome of checking one exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Every declared stage ran at least one test and every test passed.
    Passed,
    /// The code does not compile; `diagnostics` is rustc's rendered output.
    CompileError { diagnostics: String },
    /// A test ran to its end and failed.
    Failed {
        stage: Stage,
        test: String,
        message: String,
    },
    /// A test did not finish within its limit, or its watchdog saw no progress.
    TimedOut {
        stage: Stage,
        test: String,
        after_secs: f64,
        message: String,
    },
    /// A test process was killed by a signal (an abort, a segfault, a resource limit).
    Crashed {
        stage: Stage,
        test: String,
        signal: i32,
        message: String,
    },
    /// The model checker stopped on its own limits before it finished exploring: the code is
    /// neither proven right nor shown wrong. Never a pass, never a failure.
    Inconclusive {
        stage: Stage,
        test: String,
        message: String,
    },
    /// A declared stage had no test to run: never a pass.
    NoTestRan { stage: Stage },
    /// The checker itself could not run the stage (cargo missing, a build timed out...).
    Error { message: String },
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Passed)
    }

    /// The stage the verdict was reached in, if it was reached in one.
    pub fn stage(&self) -> Option<Stage> {
        match self {
            Verdict::Failed { stage, .. }
            | Verdict::TimedOut { stage, .. }
            | Verdict::Crashed { stage, .. }
            | Verdict::Inconclusive { stage, .. }
            | Verdict::NoTestRan { stage } => Some(*stage),
            _ => None,
        }
    }
}

/// What one stage did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageReport {
    pub stage: Stage,
    pub passed: bool,
    /// The model checker stopped on its own limits in this stage (then `passed` is false).
    pub inconclusive: bool,
    pub tests_run: usize,
    #[serde(serialize_with = "seconds", deserialize_with = "from_seconds")]
    pub duration: Duration,
    /// How many executions the model checker explored (loom/shuttle), summed over tests.
    pub explored: Option<u64>,
    /// What the stage's tests could not do on this system (a Linux-only experiment), and
    /// why: a pass says so rather than hide it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

/// The full result of one check: the verdict and what each stage that ran did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    pub exercise: String,
    pub verdict: Verdict,
    /// How the failure happened, step by step, when the checker could tell (a loom failure's
    /// failing execution); `None` for a pass and for failures it has no story for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<Box<Story>>,
    pub stages: Vec<StageReport>,
    #[serde(serialize_with = "seconds", deserialize_with = "from_seconds")]
    pub build_duration: Duration,
    #[serde(serialize_with = "seconds", deserialize_with = "from_seconds")]
    pub total_duration: Duration,
}

fn seconds<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64((duration.as_secs_f64() * 1000.0).round() / 1000.0)
}

/// The inverse of [`seconds`], so a report read back (`threadlings explain`) keeps its times.
fn from_seconds<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    let seconds = f64::deserialize(deserializer)?;
    Duration::try_from_secs_f64(seconds).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_serialise_with_a_tag() {
        let verdict = Verdict::TimedOut {
            stage: Stage::Stress,
            test: "many_threads".into(),
            after_secs: 10.0,
            message: "likely deadlock".into(),
        };
        let json = serde_json::to_value(&verdict).unwrap();
        assert_eq!(json["verdict"], "timed_out");
        assert_eq!(json["stage"], "stress");
        assert_eq!(json["after_secs"], 10.0);
        assert!(!verdict.passed());
        assert_eq!(verdict.stage(), Some(Stage::Stress));
    }

    #[test]
    fn a_report_read_back_from_json_is_the_report_written() {
        let report = CheckReport {
            exercise: "atomics/message_passing".into(),
            verdict: Verdict::Failed {
                stage: Stage::Loom,
                test: "two_threads".into(),
                message: "loom reported:\nCausality violation".into(),
            },
            story: None,
            stages: vec![StageReport {
                stage: Stage::Unit,
                passed: true,
                inconclusive: false,
                tests_run: 3,
                duration: Duration::from_millis(250),
                explored: None,
                skipped: Vec::new(),
            }],
            build_duration: Duration::from_millis(1500),
            total_duration: Duration::from_millis(2750),
        };
        let json = serde_json::to_string(&report).unwrap();
        let back: CheckReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
    }
}
