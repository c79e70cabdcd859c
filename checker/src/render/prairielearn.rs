//! PrairieLearn's external-grader `results.json` for one learner: a score in [0, 1], a test
//! per part of each exercise with points and max_points, and `gradable: false` with the
//! compiler's output when nothing submitted compiles.

use serde::Serialize;

use super::{explain, part_name, part_output};
use crate::grade::report::{LearnerReport, Outcome};
use crate::verdict::Verdict;

#[derive(Debug, Serialize)]
pub struct Results {
    pub gradable: bool,
    /// Absent when not gradable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    pub message: String,
    pub output: String,
    pub tests: Vec<Test>,
}

#[derive(Debug, Serialize)]
pub struct Test {
    pub name: String,
    pub points: u32,
    pub max_points: u32,
    pub output: String,
}

pub fn results(learner: &LearnerReport) -> Results {
    let compile_errors: Vec<String> = learner
        .exercises
        .iter()
        .filter(|grade| matches!(grade.outcome.verdict(), Some(Verdict::CompileError { .. })))
        .map(|grade| format!("{}: {}", grade.exercise, explain(grade)))
        .collect();
    let any_compiled = learner
        .exercises
        .iter()
        .any(|grade| grade.outcome.compiled());
    let anything_built = learner
        .exercises
        .iter()
        .any(|grade| matches!(grade.outcome, Outcome::Checked { .. }));
    if anything_built && !any_compiled {
        return Results {
            gradable: false,
            score: None,
            message: "The submitted code does not compile.".into(),
            output: compile_errors.join("\n\n"),
            tests: Vec::new(),
        };
    }
    let mut tests = Vec::new();
    for grade in &learner.exercises {
        for part in &grade.parts {
            tests.push(Test {
                name: part_name(&grade.exercise, part),
                points: part.points,
                max_points: part.max_points,
                output: part_output(grade, part),
            });
        }
        if let Some(hidden) = &grade.hidden {
            tests.push(Test {
                name: format!("{}: hidden tests", grade.exercise),
                points: hidden.points,
                max_points: hidden.max_points,
                output: if hidden.passed {
                    "passed"
                } else {
                    "did not pass"
                }
                .into(),
            });
        }
    }
    let score = if learner.max_score == 0 {
        0.0
    } else {
        f64::from(learner.score) / f64::from(learner.max_score)
    };
    let mut message = format!("{} / {} points.", learner.score, learner.max_score);
    for note in &learner.notes {
        message.push_str(&format!(" {note}."));
    }
    Results {
        gradable: true,
        score: Some(score),
        message,
        output: String::new(),
        tests,
    }
}
