//! Checks an instructor runs on a bank, beyond what loading it validates: the length cue
//! ([`length_cue`]) and the verdict of every complete program ([`programs`]). They are not run
//! when a learner starts the quiz: a style problem must not lock anyone out of it, and the quiz
//! must not need a compiler to start.
pub mod length_cue;
pub mod programs;

use std::path::Path;

use crate::bank::Question;
pub use length_cue::LengthCue;
pub use programs::{Mismatch, ProgramsError, find_rustc, rustc_from};

/// What `threadlings quiz --check-bank` found.
#[derive(Debug)]
pub struct Audit {
    pub questions: usize,
    pub length_cue: LengthCue,
    pub programs_checked: usize,
    /// How many of those declare an `output`, and were run too.
    pub programs_run: usize,
    pub mismatches: Vec<Mismatch>,
}

impl Audit {
    /// Runs both checks over `questions`, compiling with `rustc`.
    pub fn run(questions: &[&Question], rustc: &Path) -> Result<Audit, ProgramsError> {
        let (programs_checked, mismatches) = programs::check(questions, rustc)?;
        Ok(Audit {
            questions: questions.len(),
            length_cue: LengthCue::measure(questions.iter().copied()),
            programs_checked,
            programs_run: questions
                .iter()
                .filter(|question| question.compiler.is_some() && question.output.is_some())
                .count(),
            mismatches,
        })
    }

    pub fn passed(&self) -> bool {
        self.mismatches.is_empty() && !self.length_cue.too_strong()
    }

    /// The report, one problem per item, as an instructor fixing the files needs it.
    pub fn lines(&self) -> Vec<String> {
        let cue = &self.length_cue;
        // Three short lines rather than one long one: the report must fit 100 columns.
        let mut lines = vec![
            format!(
                "{} questions, {} of them with a single right choice.",
                self.questions, cue.counted
            ),
            format!(
                "The right choice is the longest in {} and the shortest in {} of those (at most \
                 a third each).",
                cue.longest.len(),
                cue.shortest.len()
            ),
            format!(
                "{} complete {} compiled; {} declare an output and were run {} times each.",
                self.programs_checked,
                if self.programs_checked == 1 {
                    "program"
                } else {
                    "programs"
                },
                self.programs_run,
                programs::RUNS
            ),
        ];
        let cues = [
            (
                cue.longest_too_often(),
                &cue.longest,
                "longest",
                "shorten the key",
            ),
            (
                cue.shortest_too_often(),
                &cue.shortest,
                "shortest",
                "lengthen the key",
            ),
        ];
        for (failed, questions, extreme, fix) in cues {
            if !failed {
                continue;
            }
            lines.push(format!(
                "- the length cue: a learner who always picks the {extreme} choice scores too \
                 high."
            ));
            lines.push(format!(
                "  Make a distractor as long and as specific as the key, or {fix}, in some of \
                 these:"
            ));
            for (id, source) in questions {
                lines.push(format!("    {}: question `{id}`", source.display()));
            }
        }
        for mismatch in &self.mismatches {
            lines.push(format!(
                "- {}: question `{}`, field `{}`: {}",
                mismatch.source.display(),
                mismatch.id,
                mismatch.field,
                mismatch.problem
            ));
        }
        lines.push(if self.passed() {
            "The bank passes both checks.".into()
        } else {
            "The bank fails the checks above.".into()
        });
        lines
    }
}
