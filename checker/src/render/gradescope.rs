//! Gradescope's autograder `results.json` for one learner: the score, the run's time, an
//! overview, and a test per part of each exercise (hidden tests with the visibility the
//! instructor chose, and no names or output of their own).

use serde::Serialize;

use super::{part_name, part_output};
use crate::cli::HiddenVisibility;
use crate::grade::report::{LearnerReport, PartStatus};

#[derive(Debug, Serialize)]
pub struct Results {
    pub score: f64,
    /// Seconds, as Gradescope counts them.
    pub execution_time: u64,
    pub output: String,
    pub visibility: &'static str,
    pub stdout_visibility: &'static str,
    pub tests: Vec<Test>,
}

#[derive(Debug, Serialize)]
pub struct Test {
    pub name: String,
    pub score: f64,
    pub max_score: f64,
    pub status: &'static str,
    pub output: String,
    pub visibility: HiddenOrVisible,
}

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HiddenOrVisible {
    Visible,
    Hidden,
    AfterPublished,
}

pub fn results(learner: &LearnerReport, hidden_visibility: HiddenVisibility) -> Results {
    let mut tests = Vec::new();
    for grade in &learner.exercises {
        for part in &grade.parts {
            tests.push(Test {
                name: part_name(&grade.exercise, part),
                score: f64::from(part.points),
                max_score: f64::from(part.max_points),
                status: status(part.status == PartStatus::Passed),
                output: part_output(grade, part),
                visibility: HiddenOrVisible::Visible,
            });
        }
        if let Some(hidden) = &grade.hidden {
            tests.push(Test {
                name: format!("{}: hidden tests", grade.exercise),
                score: f64::from(hidden.points),
                max_score: f64::from(hidden.max_points),
                status: status(hidden.passed),
                output: if hidden.passed {
                    "passed"
                } else {
                    "did not pass"
                }
                .into(),
                visibility: match hidden_visibility {
                    HiddenVisibility::Hidden => HiddenOrVisible::Hidden,
                    HiddenVisibility::AfterPublished => HiddenOrVisible::AfterPublished,
                },
            });
        }
    }
    let mut output = format!(
        "threadlings: {} / {} points.",
        learner.score, learner.max_score
    );
    for note in &learner.notes {
        output.push_str(&format!("\n{note}"));
    }
    Results {
        score: f64::from(learner.score),
        execution_time: learner.duration.as_secs(),
        output,
        visibility: "visible",
        // Nothing threadlings prints is for the learner: the tests say it all.
        stdout_visibility: "hidden",
        tests,
    }
}

fn status(passed: bool) -> &'static str {
    if passed { "passed" } else { "failed" }
}
