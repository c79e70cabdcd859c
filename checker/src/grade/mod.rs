//! Grading a class: every submission's learner files, and only those, checked in a pristine
//! copy of the workbook by the same engine a learner runs, several at once.
//!
//! Each parallel job has its own scratch workspace (`<target>/grade/job-N`), so jobs never
//! overwrite each other's copies; all of them build into the one scratch target directory, so
//! the dependencies (the shim's loom and shuttle) are compiled once for the whole class.
//! Nothing here prints: progress goes to a callback and the result is a [`ClassReport`].

pub mod bundle;
pub mod collect;
pub mod hidden;
pub mod report;
pub mod score;
pub mod submission;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use self::hidden::HiddenTests;
use self::report::{
    ClassReport, ExerciseGrade, GradedExercise, HiddenGrade, LearnerReport, Outcome,
};
use self::submission::Submission;
use crate::guard;
use crate::runner::{self, Subject};
use crate::sandbox::{Cancel, Isolation};
use crate::scratch;
use crate::verdict::{CheckReport, Verdict};
use crate::workbook::{Exercise, Workbook, WorkbookError};

/// What to grade, and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only these exercises (slugs or `chapter/slug`); empty: all of them.
    pub exercises: Vec<String>,
    /// The instructor's hidden tests (see `hidden`).
    pub hidden: Option<PathBuf>,
    /// How many exercises are checked at once (at least 1).
    pub jobs: usize,
    /// How far learner code is shut in (`--sandbox`: inside bubblewrap).
    pub isolation: Isolation,
}

/// Progress while a class is graded.
#[derive(Debug, Clone)]
pub enum Event {
    /// How many exercises will be checked in all.
    Planned {
        checks: usize,
    },
    Started {
        learner: String,
        exercise: String,
    },
    Finished {
        learner: String,
        exercise: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum GradeError {
    #[error(transparent)]
    Workbook(#[from] WorkbookError),
    #[error(transparent)]
    Hidden(#[from] hidden::HiddenError),
    #[error("the hidden tests folder {0} does not exist")]
    NoHiddenFolder(PathBuf),
}

/// Grades every submission on every chosen exercise.
pub fn grade(
    workbook: &Workbook,
    submissions: &[Submission],
    options: &Options,
    cancel: &Cancel,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<ClassReport, GradeError> {
    let started = Instant::now();
    let exercises = chosen(workbook, &options.exercises)?;
    let hidden = hidden_tests(options.hidden.as_deref(), &exercises)?;
    let work: Vec<(usize, usize)> = (0..submissions.len())
        .flat_map(|s| (0..exercises.len()).map(move |e| (s, e)))
        .collect();
    on_event(Event::Planned { checks: work.len() });
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<((usize, usize), ExerciseGrade)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for job in 0..options.jobs.clamp(1, work.len().max(1)) {
            let (next, results, work, exercises, hidden) =
                (&next, &results, &work, &exercises, &hidden);
            let workspace = workbook
                .target_dir()
                .join("grade")
                .join(format!("job-{job}"));
            scope.spawn(move || {
                loop {
                    let index = {
                        let mut next = next.lock().unwrap_or_else(|p| p.into_inner());
                        *next += 1;
                        *next - 1
                    };
                    let Some(&(s, e)) = work.get(index) else {
                        break;
                    };
                    let (submission, exercise) = (&submissions[s], exercises[e]);
                    on_event(Event::Started {
                        learner: submission.learner.clone(),
                        exercise: exercise.id(),
                    });
                    let grade = if cancel.is_cancelled() {
                        not_graded(exercise, "grading was interrupted")
                    } else {
                        let context = Context {
                            workbook,
                            workspace: &workspace,
                            cancel,
                            isolation: &options.isolation,
                        };
                        context.grade_exercise(submission, exercise, hidden[e].as_ref())
                    };
                    on_event(Event::Finished {
                        learner: submission.learner.clone(),
                        exercise: exercise.id(),
                    });
                    results
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(((s, e), grade));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|(key, _)| *key);
    let mut grades = results.into_iter().map(|(_, grade)| grade);
    let learners = submissions
        .iter()
        .map(|submission| {
            let exercises: Vec<ExerciseGrade> = grades.by_ref().take(exercises.len()).collect();
            learner_report(workbook, submission, exercises)
        })
        .collect();
    Ok(ClassReport {
        exercises: exercises
            .iter()
            .zip(&hidden)
            .map(|(exercise, hidden)| GradedExercise {
                id: exercise.id(),
                title: exercise.manifest.title.clone(),
                max_points: exercise.manifest.points + hidden.as_ref().map_or(0, |h| h.points),
            })
            .collect(),
        learners,
        duration: started.elapsed(),
    })
}

fn chosen<'a>(workbook: &'a Workbook, asked: &[String]) -> Result<Vec<&'a Exercise>, GradeError> {
    if asked.is_empty() {
        return Ok(workbook.exercises.iter().collect());
    }
    let mut chosen = Vec::new();
    for name in asked {
        chosen.push(workbook.find(name)?);
    }
    // Course order, each once, whatever order they were asked in.
    chosen.sort_by_key(|exercise| {
        workbook
            .exercises
            .iter()
            .position(|e| e.slug() == exercise.slug())
    });
    chosen.dedup_by_key(|exercise| exercise.slug().to_string());
    Ok(chosen)
}

fn hidden_tests(
    dir: Option<&Path>,
    exercises: &[&Exercise],
) -> Result<Vec<Option<HiddenTests>>, GradeError> {
    let Some(dir) = dir else {
        return Ok(vec![None; exercises.len()]);
    };
    if !dir.is_dir() {
        return Err(GradeError::NoHiddenFolder(dir.to_path_buf()));
    }
    exercises
        .iter()
        .map(|exercise| Ok(hidden::find(dir, exercise)?))
        .collect()
}

fn learner_report(
    workbook: &Workbook,
    submission: &Submission,
    exercises: Vec<ExerciseGrade>,
) -> LearnerReport {
    let mut notes = Vec::new();
    if !submission.exercises_dir.is_dir() {
        notes.push(format!(
            "no exercises found in the submission (looked for {})",
            submission.exercises_dir.display()
        ));
    }
    let shim = "shim";
    for changed in collect::differences(
        &workbook.root.join("exercises").join(shim),
        &submission.exercises_dir.join(shim),
        &[],
    ) {
        notes.push(format!(
            "exercises/{shim}/{} differs from the workbook's: ignored, the workbook's is used",
            changed.path.display()
        ));
    }
    LearnerReport {
        learner: submission.learner.clone(),
        submission: submission.exercises_dir.clone(),
        score: exercises.iter().map(|e| e.points).sum(),
        max_score: exercises.iter().map(|e| e.max_points).sum(),
        duration: exercises.iter().map(|e| e.duration).sum(),
        exercises,
        notes,
    }
}

fn not_graded(exercise: &Exercise, message: &str) -> ExerciseGrade {
    ExerciseGrade {
        exercise: exercise.id(),
        points: 0,
        max_points: exercise.manifest.points,
        parts: score::parts(&exercise.manifest, None),
        outcome: Outcome::Error {
            message: message.into(),
        },
        hidden: None,
        ignored: Vec::new(),
        hint: exercise.manifest.hints.first().cloned(),
        duration: std::time::Duration::ZERO,
    }
}

/// What the guard made of an exercise's learner files.
enum Guarded {
    /// Nothing refused; the files it could not parse, if any.
    Clear {
        unparsed: Vec<String>,
    },
    Refused(Vec<guard::Finding>),
    Unreadable(String),
}

/// What one job needs to grade an exercise.
struct Context<'a> {
    workbook: &'a Workbook,
    /// This job's own scratch workspace.
    workspace: &'a Path,
    cancel: &'a Cancel,
    isolation: &'a Isolation,
}

impl Context<'_> {
    fn grade_exercise(
        &self,
        submission: &Submission,
        exercise: &Exercise,
        hidden: Option<&HiddenTests>,
    ) -> ExerciseGrade {
        let started = Instant::now();
        let collected = collect::exercise(&submission.exercises_dir, exercise);
        let mut grade = not_graded(exercise, "");
        grade.max_points += hidden.map_or(0, |h| h.points);
        grade.ignored = collected.ignored.clone();
        grade.outcome = if !collected.missing.is_empty() {
            Outcome::Missing {
                files: collected.missing.clone(),
            }
        } else {
            match self.guarded(exercise, &collected.dir) {
                Guarded::Refused(findings) => Outcome::Refused { findings },
                Guarded::Unreadable(message) => Outcome::Error { message },
                Guarded::Clear { unparsed } => self.checked(exercise, &collected.dir, unparsed),
            }
        };
        let report = match &grade.outcome {
            Outcome::Checked { report } => Some(report),
            _ => None,
        };
        grade.parts = score::parts(&exercise.manifest, report);
        grade.points = grade.parts.iter().map(|part| part.points).sum();
        if let (Some(hidden), true) = (hidden, grade.outcome.compiled()) {
            let hidden_grade = self.hidden_grade(exercise, &collected.dir, hidden);
            grade.points += hidden_grade.points;
            grade.hidden = Some(hidden_grade);
        } else if let Some(hidden) = hidden {
            grade.hidden = Some(HiddenGrade {
                points: 0,
                max_points: hidden.points,
                passed: false,
                report: None,
            });
        }
        if grade.points == grade.max_points {
            grade.hint = None;
        }
        grade.duration = started.elapsed();
        grade
    }

    /// The guard's findings refuse the exercise. Files it could not parse are let through
    /// to the compiler (which names the syntax error); the list of them comes back so a
    /// file that compiles anyway is refused after all.
    fn guarded(&self, exercise: &Exercise, dir: &Path) -> Guarded {
        let mut findings = Vec::new();
        let mut unparsed = Vec::new();
        for file in &exercise.manifest.files {
            let source = match std::fs::read(dir.join(file)) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(error) => {
                    return Guarded::Unreadable(format!("cannot read {}: {error}", file.display()));
                }
            };
            match guard::inspect(file, &source, &exercise.manifest.guard.allow) {
                Ok(found) => findings.extend(found),
                Err(error) => unparsed.push(error.to_string()),
            }
        }
        if findings.is_empty() {
            Guarded::Clear { unparsed }
        } else {
            Guarded::Refused(findings)
        }
    }

    fn checked(&self, exercise: &Exercise, learner_dir: &Path, unparsed: Vec<String>) -> Outcome {
        let crate_dir = match self.pristine_copy(exercise, learner_dir) {
            Ok(dir) => dir,
            Err(message) => return Outcome::Error { message },
        };
        let report = self.check(exercise, &exercise.manifest, crate_dir);
        let compiled = !matches!(report.verdict, Verdict::CompileError { .. });
        if compiled && !unparsed.is_empty() {
            return Outcome::Error {
                message: format!(
                    "refused: the guard could not read what it must check: {}",
                    unparsed.join("; ")
                ),
            };
        }
        Outcome::Checked { report }
    }

    fn pristine_copy(&self, exercise: &Exercise, learner_dir: &Path) -> Result<PathBuf, String> {
        scratch::prepare_in(self.workspace, self.workbook, exercise, Some(learner_dir))
            .map_err(|error| format!("could not prepare a pristine copy: {error:#}"))
    }

    fn check(
        &self,
        exercise: &Exercise,
        manifest: &crate::manifest::Manifest,
        crate_dir: PathBuf,
    ) -> CheckReport {
        let subject = Subject {
            name: exercise.id(),
            crate_dir,
            manifest,
            target_dir: scratch::target_dir(self.workbook),
            isolation: self.isolation.clone(),
        };
        runner::check(&subject, self.cancel, &mut |_| {})
    }

    /// The hidden tests, in a fresh pristine copy whose stage test files are the hidden ones.
    fn hidden_grade(
        &self,
        exercise: &Exercise,
        learner_dir: &Path,
        hidden: &HiddenTests,
    ) -> HiddenGrade {
        let mut grade = HiddenGrade {
            points: 0,
            max_points: hidden.points,
            passed: false,
            report: None,
        };
        let Ok(crate_dir) = self.pristine_copy(exercise, learner_dir) else {
            return grade;
        };
        for (stage, file) in &hidden.files {
            let destination = crate_dir.join("tests").join(format!("{stage}.rs"));
            if std::fs::copy(file, destination).is_err() {
                return grade;
            }
        }
        let manifest = hidden::manifest(exercise, hidden);
        let report = self.check(exercise, &manifest, crate_dir);
        grade.passed = report.verdict.passed();
        if grade.passed {
            grade.points = hidden.points;
        }
        grade.report = Some(report);
        grade
    }
}
