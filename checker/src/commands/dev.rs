//! `threadlings dev check`: the checks of every exercise judge right, both ways.
//!
//! For each exercise: the shipped code compiles and fails; the solution passes; every
//! wrong-answer fixture (`solutions/<chapter>/<slug>/wrong/<name>.toml`, see `answer`)
//! compiles and is rejected, by the stage it names at the latest; every right-answer fixture
//! (`right/<name>.toml`), a correct answer of another shape, passes. A verdict that is neither
//! a pass nor a rejection (an error, an unfinished model) is never what a variant expected.
//! A wrong answer that passes only where part of its check was skipped (io_uring on macOS) is
//! not judged there, and says so: the part that would catch it did not run.
//! Each variant is checked in a scratch copy, so the learner's workbook is never touched.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use colored::Colorize;
use serde::Serialize;

use crate::answer::{self, Answer, Claim, Kind};
use crate::manifest::Stage;
use crate::report;
use crate::runner::{self, Subject};
use crate::sandbox::Cancel;
use crate::scratch;
use crate::status::Status;
use crate::verdict::Verdict;
use crate::workbook::{Exercise, Workbook};

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
    /// A wrong- or right-answer fixture: edits to the solution.
    Answer(PathBuf, Kind),
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
    /// False for a wrong answer that passed while part of its check was skipped on this system:
    /// the skipped part may be the one that catches it, so here it proves nothing either way.
    judged_here: bool,
    verdict: Verdict,
    /// What the check could not do on this system, and why (from its stages).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    skipped: Vec<String>,
    seconds: f64,
}

pub fn check(
    workbook: &Workbook,
    only: Option<&str>,
    repeat: u32,
    json: bool,
    cancel: &Cancel,
) -> Result<ExitCode> {
    let solutions = workbook.root.join("solutions");
    anyhow::ensure!(
        solutions.is_dir(),
        "{} does not exist: this is a learner edition (exported without solutions), and dev \
         check needs the reference solutions; run it in the full workbook",
        solutions.display()
    );
    let exercises: Vec<&Exercise> = match only {
        Some(slug) => vec![workbook.find(slug)?],
        None => workbook.exercises.iter().collect(),
    };
    let mut outcomes = Vec::new();
    for exercise in &exercises {
        let missing = crate::scaffold::still_missing(&workbook.root, exercise)?;
        for problem in authoring_problems(exercise)?.into_iter().chain(missing) {
            let outcome = Outcome {
                exercise: exercise.id(),
                variant: "tests".into(),
                expected: Expect::Pass,
                as_expected: false,
                judged_here: true,
                verdict: Verdict::Error { message: problem },
                skipped: Vec::new(),
                seconds: 0.0,
            };
            if !json {
                println!(
                    "{} {:<23} {}",
                    "✗".red(),
                    outcome.exercise,
                    match &outcome.verdict {
                        Verdict::Error { message } => message.as_str(),
                        _ => "",
                    }
                );
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
                if cancel.is_cancelled() {
                    anyhow::bail!("interrupted");
                }
                let outcome = check_variant(workbook, exercise, &variant, cancel);
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
    let not_judged = outcomes
        .iter()
        .filter(|outcome| !outcome.judged_here)
        .count();
    if json {
        println!("{}", serde_json::to_string_pretty(&outcomes)?);
    } else {
        println!(
            "\n{} {} of {} checks judged as expected{}",
            if wrong == 0 {
                "OK".green().bold()
            } else {
                "NOT OK".red().bold()
            },
            outcomes.len() - wrong,
            outcomes.len(),
            if not_judged == 0 {
                String::new()
            } else {
                format!(
                    " ({not_judged} not judged on this system: parts of their checks were \
                     skipped here)"
                )
            }
        );
    }
    Ok(if wrong == 0 {
        Status::Success
    } else {
        Status::Failed
    }
    .into())
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

/// The shipped code, the solution and every wrong and right answer of an exercise.
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
    for kind in Kind::ALL {
        for path in answer::list(&solution, kind)? {
            let name = path
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // The folder says what is expected. A fixture that cannot be read still counts,
            // as a variant judged wrongly whose verdict says why.
            let expected = match kind {
                Kind::Right => Expect::Pass,
                Kind::Wrong => Expect::Fail {
                    by: match Answer::load(&path, kind).map(|answer| answer.claim) {
                        Ok(Claim::Wrong { rejected_by, .. }) => Some(rejected_by),
                        _ => None,
                    },
                },
            };
            variants.push(Variant {
                name: format!("{}/{name}", kind.folder()),
                source: Source::Answer(path, kind),
                expected,
            });
        }
    }
    Ok(variants)
}

fn check_variant(
    workbook: &Workbook,
    exercise: &Exercise,
    variant: &Variant,
    cancel: &Cancel,
) -> Outcome {
    let started = std::time::Instant::now();
    let (verdict, skipped) = match checked_verdict(workbook, exercise, variant, cancel) {
        Ok(checked) => checked,
        Err(error) => (
            Verdict::Error {
                message: format!("{error:#}"),
            },
            Vec::new(),
        ),
    };
    let (as_expected, judged_here) = judge(variant.expected, &verdict, &skipped);
    Outcome {
        exercise: exercise.id(),
        variant: variant.name.clone(),
        expected: variant.expected,
        as_expected,
        judged_here,
        verdict,
        skipped,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// Whether `verdict` is what the variant expected, and whether this system could tell:
/// a wrong answer that passed while parts of its check were `skipped` is not judged here
/// (counted as expected, and reported as not judged), since what would reject it did not run.
fn judge(expected: Expect, verdict: &Verdict, skipped: &[String]) -> (bool, bool) {
    match expected {
        Expect::Pass => (verdict.passed(), true),
        Expect::Fail { by } => match rejected_in(verdict) {
            Some(stage) => (by.is_none_or(|latest| stage <= latest), true),
            None if verdict.passed() && !skipped.is_empty() => (true, false),
            None => (false, true),
        },
    }
}

/// The stage that rejected the code, when the verdict is a rejection: the code ran and was
/// caught. Failing to compile, a stage with no test, or the checker's own trouble proves
/// nothing about an answer, and neither does a verdict added later until it is listed here.
fn rejected_in(verdict: &Verdict) -> Option<Stage> {
    match verdict {
        Verdict::Failed { stage, .. }
        | Verdict::TimedOut { stage, .. }
        | Verdict::Crashed { stage, .. } => Some(*stage),
        _ => None,
    }
}

fn checked_verdict(
    workbook: &Workbook,
    exercise: &Exercise,
    variant: &Variant,
    cancel: &Cancel,
) -> Result<(Verdict, Vec<String>)> {
    // An answer fixture is written out from the solution and its edits, into a folder that lives
    // as long as the check, beside the scratch workspace: dev check needs no other folder
    // than a check does.
    let target = workbook.target_dir();
    std::fs::create_dir_all(&target)
        .with_context(|| format!("while creating {}", target.display()))?;
    let written = tempfile::Builder::new()
        .prefix("answer-")
        .tempdir_in(&target)
        .with_context(|| format!("while making a folder in {}", target.display()))?;
    let overlay = match &variant.source {
        Source::Shipped => None,
        Source::Solution(dir) => Some(dir.clone()),
        Source::Answer(path, kind) => {
            let answer = Answer::load(path, *kind)?;
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
        isolation: Default::default(),
    };
    let report = runner::check(&subject, cancel, &mut |_| {});
    let mut skipped: Vec<String> = report
        .stages
        .into_iter()
        .flat_map(|stage| stage.skipped)
        .collect();
    skipped.dedup();
    Ok((report.verdict, skipped))
}

fn print_outcome(outcome: &Outcome) {
    let mark = if !outcome.judged_here {
        "~".yellow()
    } else if outcome.as_expected {
        "✓".green()
    } else {
        "✗".red()
    };
    let judged = match (&outcome.verdict, rejected_in(&outcome.verdict)) {
        (Verdict::Passed, _) => "passed".to_string(),
        (_, Some(stage)) => format!("rejected by {stage}"),
        // Neither: name the verdict as JSON does ("compile error", "error", ...).
        (other, None) => serde_json::to_value(other)
            .ok()
            .and_then(|json| json["verdict"].as_str().map(|tag| tag.replace('_', " ")))
            .unwrap_or_else(|| "no verdict".to_string()),
    };
    let expected = match outcome.expected {
        Expect::Pass => "pass".to_string(),
        Expect::Fail { by: Some(stage) } => format!("fail by {stage}"),
        Expect::Fail { by: None } => "fail".to_string(),
    };
    println!(
        "{mark} {:<23} {:<26} {expected:<15} → {judged} ({:.1} s)",
        outcome.exercise, outcome.variant, outcome.seconds
    );
    if !outcome.judged_here {
        println!("    not judged on this system: passed while part of its check was skipped");
    }
    for why in &outcome.skipped {
        println!("    skipped: {why}");
    }
    if !outcome.as_expected {
        let report = crate::verdict::CheckReport {
            exercise: format!("{} ({})", outcome.exercise, outcome.variant),
            verdict: outcome.verdict.clone(),
            stages: Vec::new(),
            story: None,
            build_duration: std::time::Duration::ZERO,
            total_duration: std::time::Duration::ZERO,
        };
        println!("{}", report::verdict_text(&report));
    }
}

/// `dev new CHAPTER/SLUG`: scaffolds the exercise, adds it to `Cargo.lock`, and says what next.
pub fn new(workbook: &Workbook, id: &str, stages: &str) -> Result<ExitCode> {
    let stages = crate::scaffold::parse_stages(stages)?;
    let made = crate::scaffold::new_exercise(workbook, id, &stages)?;
    for file in &made.files {
        println!(
            "  wrote {}",
            file.strip_prefix(&workbook.root).unwrap_or(file).display()
        );
    }
    // A new workspace member must be in Cargo.lock, or `cargo test --locked` (CI) refuses.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let locked = std::process::Command::new(cargo)
        .current_dir(&workbook.root)
        .args(["update", "--workspace", "--offline"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !locked {
        println!("  (run `cargo build` once to add the new crate to Cargo.lock)");
    }
    let slug = id.rsplit('/').next().unwrap_or(id);
    println!(
        "\n{} {id}: it builds, ships failing, and its solution passes.\nNext: replace every \
         {} in it, write its wrong and right answers in {}/, then\n  threadlings dev check \
         --exercise {slug}\nuntil it names nothing still missing.",
        "scaffolded".green().bold(),
        crate::scaffold::PLACEHOLDER,
        made.solution_dir
            .strip_prefix(&workbook.root)
            .unwrap_or(&made.solution_dir)
            .display()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed_in(stage: Stage) -> Verdict {
        Verdict::Failed {
            stage,
            test: "t".into(),
            message: "m".into(),
        }
    }

    #[test]
    fn a_wrong_answer_that_passes_only_where_a_part_was_skipped_is_not_judged_there() {
        let wrong = Expect::Fail {
            by: Some(Stage::Unit),
        };
        let skipped = ["io_uring is Linux's".to_string()];
        assert_eq!(judge(wrong, &Verdict::Passed, &skipped), (true, false));
        // Nothing skipped: a pass of a wrong answer is a hole in the checks.
        assert_eq!(judge(wrong, &Verdict::Passed, &[]), (false, true));
        // Rejected all the same, or rejected too late: judged as usual.
        assert_eq!(
            judge(wrong, &failed_in(Stage::Unit), &skipped),
            (true, true)
        );
        assert_eq!(judge(wrong, &failed_in(Stage::Stress), &[]), (false, true));
    }

    #[test]
    fn a_solution_or_right_answer_is_judged_whatever_was_skipped() {
        let skipped = ["io_uring is Linux's".to_string()];
        assert_eq!(
            judge(Expect::Pass, &Verdict::Passed, &skipped),
            (true, true)
        );
        assert_eq!(
            judge(Expect::Pass, &failed_in(Stage::Unit), &skipped),
            (false, true)
        );
    }
}
