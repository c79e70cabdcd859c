//! Renderings of a grading [`ClassReport`](crate::grade::report::ClassReport): the gradebook
//! CSV, JUnit XML, per-learner Markdown feedback, Gradescope's and PrairieLearn's
//! `results.json`. (The JSON report is the report itself, serialised.)
//!
//! Learner-facing renderings (feedback, Gradescope, PrairieLearn) never show the hidden
//! tests' names or output: only whether they passed and what they earned.

pub mod feedback;
pub mod gradebook;
pub mod gradescope;
pub mod junit;
pub mod prairielearn;

use crate::grade::report::{ExerciseGrade, IgnoredWhy, Outcome, Part, PartStatus};
use crate::verdict::Verdict;

/// What happened to one exercise, in plain text for the learner (no colour, no hidden tests).
pub fn explain(grade: &ExerciseGrade) -> String {
    let mut text = match &grade.outcome {
        Outcome::Missing { files } => format!(
            "not submitted: {} missing, so nothing was checked (0 points)",
            list(files.iter().map(|f| f.display().to_string()))
        ),
        Outcome::Refused { findings } => {
            let lines: Vec<String> = findings.iter().map(|f| format!("  {f}")).collect();
            format!(
                "refused before anything ran (0 points): the code reaches for what no answer \
                 to this exercise needs:\n{}",
                lines.join("\n")
            )
        }
        Outcome::Checked { report } => verdict_text(&report.verdict),
        Outcome::Error { message } => format!("could not be graded: {message}"),
    };
    if !grade.ignored.is_empty() {
        let files = grade.ignored.iter().map(|file| {
            let why = match file.why {
                IgnoredWhy::Tampered => "changed",
                IgnoredWhy::Extra => "not part of the exercise",
            };
            format!("{} ({why})", file.path.display())
        });
        text.push_str(&format!(
            "\nignored (the workbook's own files were used): {}",
            list(files)
        ));
    }
    text
}

/// A verdict in a sentence or two, then its details.
pub fn verdict_text(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Passed => "passed every stage".into(),
        Verdict::CompileError { diagnostics } => format!(
            "does not compile, so it scores 0 for this exercise:\n{}",
            diagnostics.trim_end()
        ),
        Verdict::Failed {
            stage,
            test,
            message,
        } => format!(
            "failed the {stage} stage, in test `{test}`:\n{}",
            message.trim_end()
        ),
        Verdict::TimedOut {
            stage,
            test,
            after_secs,
            message,
        } => format!(
            "test `{test}` of the {stage} stage was stopped after {after_secs:.0} s:\n{}",
            message.trim_end()
        ),
        Verdict::Crashed {
            stage,
            test,
            message,
            ..
        } => format!(
            "test `{test}` of the {stage} stage crashed:\n{}",
            message.trim_end()
        ),
        Verdict::Inconclusive {
            stage,
            test,
            message,
        } => format!(
            "inconclusive: the model checker could not finish test `{test}` of the {stage} \
             stage (neither a pass nor a failure):\n{}",
            message.trim_end()
        ),
        Verdict::NoTestRan { stage } => format!("the {stage} stage had no test to run"),
        Verdict::Error { message } => format!("the checker could not finish: {message}"),
    }
}

/// A part's name in test lists: `locks/spinlock` or `locks/spinlock: loom`.
pub fn part_name(exercise: &str, part: &Part) -> String {
    match part.stage {
        Some(stage) => format!("{exercise}: {stage}"),
        None => exercise.to_string(),
    }
}

/// What a part's entry in a test list says: the exercise's explanation where the part is
/// where the check stopped, a short line otherwise.
pub fn part_output(grade: &ExerciseGrade, part: &Part) -> String {
    match part.status {
        PartStatus::Passed => "passed".into(),
        PartStatus::NotRun if grade.outcome.verdict().is_some_and(|v| v.stage().is_some()) => {
            "not run: an earlier stage did not pass".into()
        }
        _ => explain(grade),
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}
