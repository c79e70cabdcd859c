//! Per-learner feedback in Markdown: the score, then for each exercise that did not earn all
//! its points what failed, why, and the hint to read next. Hidden tests: a line, no names.

use std::fmt::Write;

use super::explain;
use crate::grade::report::{ClassReport, LearnerReport};

pub fn markdown(class: &ClassReport, learner: &LearnerReport) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "# Feedback for {}\n", learner.learner);
    let _ = writeln!(
        text,
        "Score: **{} / {}**\n",
        learner.score, learner.max_score
    );
    let _ = writeln!(text, "| exercise | points |\n|---|---|");
    for (grade, exercise) in learner.exercises.iter().zip(&class.exercises) {
        let _ = writeln!(
            text,
            "| {} — {} | {} / {} |",
            grade.exercise, exercise.title, grade.points, grade.max_points
        );
    }
    for note in &learner.notes {
        let _ = writeln!(text, "\nNote: {note}");
    }
    for grade in &learner.exercises {
        if grade.points == grade.max_points && grade.ignored.is_empty() {
            continue;
        }
        let _ = writeln!(
            text,
            "\n## {} ({} / {})\n",
            grade.exercise, grade.points, grade.max_points
        );
        let _ = writeln!(
            text,
            "```text\n{}\n```",
            explain(grade).replace("```", "'''")
        );
        if let Some(hidden) = &grade.hidden {
            let _ = writeln!(
                text,
                "\nHidden tests: {} ({} / {}).",
                if hidden.passed {
                    "passed"
                } else {
                    "did not pass"
                },
                hidden.points,
                hidden.max_points
            );
        }
        if let Some(hint) = &grade.hint {
            let _ = writeln!(text, "\nHint: {hint}");
        }
    }
    text
}
