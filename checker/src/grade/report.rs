//! What grading found, as typed values: every output format is a rendering of a
//! [`ClassReport`] (see `render`).

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::guard::Finding;
use crate::manifest::Stage;
use crate::verdict::{CheckReport, Verdict};

/// The grades of a whole class.
#[derive(Debug, Clone, Serialize)]
pub struct ClassReport {
    /// The exercises graded, in course order: the gradebook's columns.
    pub exercises: Vec<GradedExercise>,
    /// One per submission, in the order they were found.
    pub learners: Vec<LearnerReport>,
    #[serde(serialize_with = "seconds")]
    pub duration: Duration,
}

/// A column of the gradebook.
#[derive(Debug, Clone, Serialize)]
pub struct GradedExercise {
    /// `chapter/slug`.
    pub id: String,
    pub title: String,
    /// The manifest's points plus the hidden tests' points.
    pub max_points: u32,
}

/// One learner's grades.
#[derive(Debug, Clone, Serialize)]
pub struct LearnerReport {
    pub learner: String,
    /// The submission's `exercises/` tree (or where it was expected).
    pub submission: PathBuf,
    pub score: u32,
    pub max_score: u32,
    pub exercises: Vec<ExerciseGrade>,
    /// What was found about the submission as a whole (an edited shim, unknown folders).
    pub notes: Vec<String>,
    #[serde(serialize_with = "seconds")]
    pub duration: Duration,
}

/// One exercise of one learner.
#[derive(Debug, Clone, Serialize)]
pub struct ExerciseGrade {
    /// `chapter/slug`.
    pub exercise: String,
    pub points: u32,
    pub max_points: u32,
    pub outcome: Outcome,
    /// What each stage earned (one entry, `stage: null`, when the points go to the whole check).
    pub parts: Vec<Part>,
    /// The instructor's hidden tests; their names and output are for instructors only.
    pub hidden: Option<HiddenGrade>,
    /// Files of the submission that grading did not use: edited tests, manifests, Cargo files,
    /// and files the exercise does not have.
    pub ignored: Vec<IgnoredFile>,
    /// The first hint, for feedback on an exercise that did not pass.
    pub hint: Option<String>,
    #[serde(serialize_with = "seconds")]
    pub duration: Duration,
}

/// How grading of one exercise ended.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Learner files the manifest names are not in the submission: nothing ran.
    Missing { files: Vec<PathBuf> },
    /// The guard refused the learner's files before anything was built.
    Refused { findings: Vec<Finding> },
    /// The checks ran on a pristine copy with the learner's files.
    Checked { report: CheckReport },
    /// Grading itself failed for this exercise (a copy could not be made...).
    Error { message: String },
}

impl Outcome {
    /// The verdict of the checks, when they ran.
    pub fn verdict(&self) -> Option<&Verdict> {
        match self {
            Outcome::Checked { report } => Some(&report.verdict),
            _ => None,
        }
    }

    pub fn compiled(&self) -> bool {
        self.verdict()
            .is_some_and(|verdict| !matches!(verdict, Verdict::CompileError { .. }))
    }
}

/// Points earned by one stage, or by the whole check.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// `None`: the exercise's points go to a check that passes every stage.
    pub stage: Option<Stage>,
    pub points: u32,
    pub max_points: u32,
    pub status: PartStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartStatus {
    Passed,
    Failed,
    /// The model checker could not finish: no points, and not a failure either.
    Inconclusive,
    /// An earlier stage failed (or nothing ran), so this one did not run.
    NotRun,
}

/// The instructor's hidden tests of one exercise.
#[derive(Debug, Clone, Serialize)]
pub struct HiddenGrade {
    pub points: u32,
    pub max_points: u32,
    pub passed: bool,
    /// Instructor-facing only: never rendered into learner feedback.
    pub report: Option<CheckReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IgnoredFile {
    /// Relative to the exercise folder (or to `exercises/` for the shim).
    pub path: PathBuf,
    pub why: IgnoredWhy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IgnoredWhy {
    /// A file of the workbook the learner must not change, changed: the pristine one is used.
    Tampered,
    /// A file the exercise does not have: not used.
    Extra,
}

pub(super) fn seconds<S: serde::Serializer>(
    duration: &Duration,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64((duration.as_secs_f64() * 1000.0).round() / 1000.0)
}
