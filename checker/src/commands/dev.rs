//! `threadlings dev check`: the checks of every exercise judge right, both ways.
//!
//! For each exercise: the shipped code compiles and fails; the solution passes; every
//! wrong-answer fixture (`solutions/<chapter>/<slug>/wrong/<name>.toml`, see `wrong_answer`)
//! compiles and is rejected, by the stage it names at the latest.
//! Each variant is checked in a scratch copy, so the learner's workbook is never touched.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use colored::Colorize;
use serde::Serialize;

use crate::manifest::Stage;
use crate::report;
use crate::runner::{self, Subject};
use crate::sandbox::Cancel;
use crate::scratch;
use crate::verdict::Verdict;
use crate::workbook::{Exercise, Workbook};
use crate::wrong_answer::WrongAnswer;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Expect {
    /// Compiles and fails a check, at the latest in stage `by` when it is given.
    Fail {
        by: Option<Stage>,
    },
    Pass,
}

/// Where a variant's learner files come from.
enum Source {
    Shipped,
    Solution(PathBuf),
    /// A wrong-answer fixture: edits to the solution.
    Wrong(PathBuf),
}

struct Variant {
    name: String,
    source: Source,
    expected: Expect,
}

#[derive(Debug, Serialize)]
struct Outcome {
    exercise: String,
    variant: String,
    expected: Expect,
    as_expected: bool,
    verdict: Verdict,
    seconds: f64,
}

pub fn check(workbook: &Workbook, only: Option<&str>, repeat: u32, json: bool) -> Result<ExitCode> {
    let exercises: Vec<&Exercise> = match only {
        Some(slug) => vec![workbook.find(slug)?],
        None => workbook.exercises.iter().collect(),
    };
    let mut outcomes = Vec::new();
    for exercise in &exercises {
        for problem in authoring_problems(exercise)? {
            let outcome = Outcome {
                exercise: exercise.id(),
                variant: "tests".into(),
                expected: Expect::Pass,
                as_expected: false,
                verdict: Verdict::Error { message: problem },
                seconds: 0.0,
            };
            if !json {
                print_outcome(&outcome);
            }
            outcomes.push(outcome);
        }
    }
    for round in 1..=repeat.max(1) {
        if repeat > 1 && !json {
            println!("{}", format!("round {round}/{repeat}").bold());
        }
        for exercise in &exercises {
            for variant in variants(workbook, exercise)? {
                if crate::sandbox::interrupted() {
                    anyhow::bail!("interrupted");
                }
                let outcome = check_variant(workbook, exercise, &variant);
                if !json {
                    print_outcome(&outcome);
                }
                outcomes.push(outcome);
            }
        }
    }
    let wrong = outcomes
        .iter()
        .filter(|outcome| !outcome.as_expected)
        .count();
    if json {
        println!("{}", serde_json::to_string_pretty(&outcomes)?);
    } else {
        println!(
            "\n{} {} of {} checks judged as expected",
            if wrong == 0 {
                "OK".green().bold()
            } else {
                "NOT OK".red().bold()
            },
            outcomes.len() - wrong,
            outcomes.len()
        );
    }
    Ok(if wrong == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Test attributes that would let a check judge wrongly: `#[should_panic]` passes when the
/// learner's code panics anywhere (a `todo!()` included), and `#[ignore]` skips a test.
fn authoring_problems(exercise: &Exercise) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let tests_dir = exercise.dir.join("tests");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&tests_dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    for file in files
        .iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
    {
        let text = std::fs::read_to_string(file)?;
        for (attribute, why) in [
            (
                "#[should_panic",
                "passes whenever the code panics, a todo!() included",
            ),
            ("#[ignore", "is skipped, so it checks nothing"),
        ] {
            if text.contains(attribute) {
                problems.push(format!("{} uses {attribute}], which {why}", file.display()));
            }
        }
    }
    Ok(problems)
}

/// The shipped code, the solution and every wrong answer of an exercise.
fn variants(workbook: &Workbook, exercise: &Exercise) -> Result<Vec<Variant>> {
    let solution = exercise.solution_dir(&workbook.root);
    anyhow::ensure!(
        solution.is_dir(),
        "{} has no reference solution: expected it in {}",
        exercise.id(),
        solution.display()
    );
    let mut variants = vec![
        Variant {
            name: "shipped".into(),
            source: Source::Shipped,
            expected: Expect::Fail { by: None },
        },
        Variant {
            name: "solution".into(),
            source: Source::Solution(solution.clone()),
            expected: Expect::Pass,
        },
    ];
    let wrong_dir = solution.join("wrong");
    if wrong_dir.is_dir() {
        let mut wrong: Vec<PathBuf> = std::fs::read_dir(&wrong_dir)?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        wrong.sort();
        for path in wrong {
            let name = path
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // A fixture that cannot be read still counts, as a failure that says why.
            let by = WrongAnswer::load(&path)
                .ok()
                .map(|answer| answer.rejected_by);
            variants.push(Variant {
                name: format!("wrong/{name}"),
                source: Source::Wrong(path),
                expected: Expect::Fail { by },
            });
        }
    }
    Ok(variants)
}

fn check_variant(workbook: &Workbook, exercise: &Exercise, variant: &Variant) -> Outcome {
    let started = std::time::Instant::now();
    let verdict = match checked_verdict(workbook, exercise, variant) {
        Ok(verdict) => verdict,
        Err(error) => Verdict::Error {
            message: format!("{error:#}"),
        },
    };
    let as_expected = match variant.expected {
        Expect::Pass => verdict.passed(),
        // Failing to compile, or failing for the checker's own reasons, proves nothing.
        Expect::Fail { by } => {
            matches!(
                verdict,
                Verdict::Failed { .. } | Verdict::TimedOut { .. } | Verdict::Crashed { .. }
            ) && by.is_none_or(|latest| verdict.stage().is_some_and(|stage| stage <= latest))
        }
    };
    Outcome {
        exercise: exercise.id(),
        variant: variant.name.clone(),
        expected: variant.expected,
        as_expected,
        verdict,
        seconds: started.elapsed().as_secs_f64(),
    }
}

fn checked_verdict(workbook: &Workbook, exercise: &Exercise, variant: &Variant) -> Result<Verdict> {
    // A wrong answer is written out from the solution and its edits, into a folder that lives
    // as long as the check.
    let written = tempfile::tempdir()?;
    let overlay = match &variant.source {
        Source::Shipped => None,
        Source::Solution(dir) => Some(dir.clone()),
        Source::Wrong(path) => {
            let answer = WrongAnswer::load(path)?;
            answer.write(
                path,
                &exercise.solution_dir(&workbook.root),
                &exercise.manifest.files,
                written.path(),
            )?;
            Some(written.path().to_path_buf())
        }
    };
    let crate_dir = scratch::prepare(workbook, exercise, overlay.as_deref())?;
    let subject = Subject {
        name: format!("{} ({})", exercise.id(), variant.name),
        crate_dir,
        manifest: &exercise.manifest,
        target_dir: scratch::target_dir(workbook),
    };
    Ok(runner::check(&subject, &Cancel::default(), &mut |_| {}).verdict)
}

fn print_outcome(outcome: &Outcome) {
    let mark = if outcome.as_expected {
        "✓".green()
    } else {
        "✗".red()
    };
    let judged = match &outcome.verdict {
        Verdict::Passed => "passed".to_string(),
        other => match other.stage() {
            Some(stage) => format!("rejected by {stage}"),
            None if matches!(other, Verdict::CompileError { .. }) => "does not compile".to_string(),
            None => "error".to_string(),
        },
    };
    let expected = match outcome.expected {
        Expect::Pass => "pass".to_string(),
        Expect::Fail { by: Some(stage) } => format!("fail by {stage}"),
        Expect::Fail { by: None } => "fail".to_string(),
    };
    println!(
        "{mark} {:<24} {:<26} expected {expected:<13} → {judged} ({:.1} s)",
        outcome.exercise, outcome.variant, outcome.seconds
    );
    if !outcome.as_expected {
        let report = crate::verdict::CheckReport {
            exercise: format!("{} ({})", outcome.exercise, outcome.variant),
            verdict: outcome.verdict.clone(),
            stages: Vec::new(),
            build_duration: std::time::Duration::ZERO,
            total_duration: std::time::Duration::ZERO,
        };
        println!("{}", report::verdict_text(&report));
    }
}
