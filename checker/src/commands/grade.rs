//! `threadlings grade`: a class's submissions graded in pristine copies, written out as a
//! gradebook and reports; `threadlings gradescope` and `threadlings prairielearn`: one
//! submission inside those services' graders.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{BundleCommand, GradeArgs, GraderArgs, HiddenVisibility, SandboxArg};
use crate::grade::bundle::BundleError;
use crate::grade::report::{ClassReport, LearnerReport};
use crate::grade::submission::{self, Submission};
use crate::grade::{self, Event, Options};
use crate::render::{feedback, gradebook, gradescope, junit, prairielearn};
use crate::sandbox::{Cancel, Isolation};
use crate::status::Status;
use crate::workbook::Workbook;

pub fn run(workbook: &Workbook, args: &GradeArgs, cancel: &Cancel) -> Result<ExitCode> {
    let isolation = isolation(args.sandbox)?;
    let submissions = submission::discover(workbook, &args.submissions)?;
    anyhow::ensure!(
        !submissions.is_empty(),
        "no submissions found in {}",
        args.submissions
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let options = options(&args.exercises, args.hidden.clone(), args.jobs, isolation);
    let report = grade_with_progress(workbook, &submissions, &options, !args.json, cancel)?;
    write_outputs(&report, &args.out, args.hidden_visibility)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_summary(&report, &args.out);
    }
    Ok(finished(cancel))
}

/// Inside Gradescope's autograder: grade `/autograder/submission`, write `results.json`.
pub fn gradescope(
    workbook: &Workbook,
    args: &GraderArgs,
    visibility: HiddenVisibility,
    cancel: &Cancel,
) -> Result<ExitCode> {
    let (report, results_path) = grade_one(
        workbook,
        args,
        ("/autograder/submission", "/autograder/results/results.json"),
        cancel,
    )?;
    write_json(
        &results_path,
        &gradescope::results(learner(&report)?, visibility),
    )?;
    Ok(finished(cancel))
}

/// Inside PrairieLearn's external grader: grade `/grade/student`, write `results.json`.
pub fn prairielearn(workbook: &Workbook, args: &GraderArgs, cancel: &Cancel) -> Result<ExitCode> {
    let (report, results_path) = grade_one(
        workbook,
        args,
        ("/grade/student", "/grade/results/results.json"),
        cancel,
    )?;
    write_json(&results_path, &prairielearn::results(learner(&report)?))?;
    Ok(finished(cancel))
}

/// `gradescope bundle` or `prairielearn bundle`, by the writer given.
pub fn bundle(
    workbook: &Workbook,
    command: &BundleCommand,
    write: fn(&Path, Option<&Path>, &Path) -> Result<(), BundleError>,
) -> Result<ExitCode> {
    let BundleCommand::Bundle { out, hidden } = command;
    if let Some(hidden) = hidden {
        // A misnamed hidden test is better found now than on the grader.
        for exercise in &workbook.exercises {
            crate::grade::hidden::find(hidden, exercise)?;
        }
    }
    write(&workbook.root, hidden.as_deref(), out)?;
    println!("wrote {}", out.display());
    Ok(Status::Success.into())
}

fn learner(report: &ClassReport) -> Result<&LearnerReport> {
    report
        .learners
        .first()
        .context("the submission was not graded")
}

/// Grades the one submission a grading service hands over (at the service's usual place
/// unless told otherwise); returns the report and where the service reads the results.
fn grade_one(
    workbook: &Workbook,
    args: &GraderArgs,
    (default_submission, default_results): (&str, &str),
    cancel: &Cancel,
) -> Result<(ClassReport, PathBuf)> {
    let isolation = isolation(args.sandbox)?;
    let path = args
        .submission
        .clone()
        .unwrap_or_else(|| default_submission.into());
    let results = args
        .results
        .clone()
        .unwrap_or_else(|| default_results.into());
    let submission = submission::discover(workbook, &[path])?
        .into_iter()
        .next()
        .context("no submission found")?;
    // The grader's services take the whole submission as one learner, however it is laid out.
    let submission = Submission {
        learner: "submission".into(),
        ..submission
    };
    let options = options(&args.exercises, args.hidden.clone(), args.jobs, isolation);
    let report = grade_with_progress(workbook, &[submission], &options, false, cancel)?;
    Ok((report, results))
}

/// What `--sandbox` asks for, made sure of first: asking for a sandbox must never end in
/// grading without one, so a bubblewrap that is missing or cannot run here is an error before
/// anything is graded.
fn isolation(sandbox: SandboxArg) -> Result<Isolation> {
    Ok(if sandbox.on {
        Isolation::bubblewrap()?
    } else {
        Isolation::Limits
    })
}

fn options(
    exercises: &[String],
    hidden: Option<PathBuf>,
    jobs: Option<usize>,
    isolation: Isolation,
) -> Options {
    Options {
        exercises: exercises.to_vec(),
        hidden,
        jobs: jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        isolation,
    }
}

/// Grades, with a progress bar on a terminal.
fn grade_with_progress(
    workbook: &Workbook,
    submissions: &[Submission],
    options: &Options,
    show_progress: bool,
    cancel: &Cancel,
) -> Result<ClassReport> {
    use std::io::IsTerminal;
    let bar = (show_progress && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:30}] {pos}/{len} {wide_msg}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    });
    let on_event = |event: Event| {
        let Some(bar) = &bar else {
            return;
        };
        match event {
            Event::Planned { checks } => bar.set_length(checks as u64),
            Event::Started { learner, exercise } => {
                bar.set_message(format!("{learner}: {exercise}"))
            }
            Event::Finished { .. } => bar.inc(1),
        }
    };
    let report = grade::grade(workbook, submissions, options, cancel, &on_event);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    Ok(report?)
}

fn finished(cancel: &Cancel) -> ExitCode {
    if cancel.is_cancelled() {
        Status::Interrupted
    } else {
        Status::Success
    }
    .into()
}

/// Every rendering of the report, into `out`.
fn write_outputs(report: &ClassReport, out: &Path, visibility: HiddenVisibility) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("while creating {}", out.display()))?;
    write(&out.join("gradebook.csv"), &gradebook::csv(report)?)?;
    write_json(&out.join("report.json"), report)?;
    write(&out.join("junit.xml"), &junit::xml(report)?)?;
    for learner in &report.learners {
        let name = file_name(&learner.learner);
        write(
            &out.join("feedback").join(format!("{name}.md")),
            &feedback::markdown(report, learner),
        )?;
        write_json(
            &out.join("gradescope").join(format!("{name}.json")),
            &gradescope::results(learner, visibility),
        )?;
        write_json(
            &out.join("prairielearn").join(format!("{name}.json")),
            &prairielearn::results(learner),
        )?;
    }
    Ok(())
}

fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<()> {
    write(path, &serde_json::to_string_pretty(value)?)
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("while creating {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("while writing {}", path.display()))
}

/// A learner's name as a file name: nothing but letters, digits, `.`, `-` and `_`.
fn file_name(learner: &str) -> String {
    learner
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn print_summary(report: &ClassReport, out: &Path) {
    for learner in &report.learners {
        println!(
            "{:<24} {:>4} / {:<4} {}",
            learner.learner,
            learner.score,
            learner.max_score,
            learner
                .exercises
                .iter()
                .map(|e| format!("{}={}", e.exercise, e.points))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    println!(
        "\ngraded {} submissions in {:.1} s; gradebook, reports and feedback in {}",
        report.learners.len(),
        report.duration.as_secs_f64(),
        out.display()
    );
}
