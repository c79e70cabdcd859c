//! `threadlings check`: every stage of one exercise; the exit code says how it ended
//! (`status`: passed, failed, inconclusive, or the checker's own error).

use std::process::ExitCode;

use anyhow::Result;

use super::chosen;
use crate::overview::{current, load_progress, record_check};
use crate::report;
use crate::runner::{self, Subject};
use crate::sandbox::Cancel;
use crate::state::StateStore;
use crate::status::Status;
use crate::workbook::Workbook;

pub fn run(
    workbook: &Workbook,
    store: &StateStore,
    asked: Option<&str>,
    json: bool,
    cancel: &Cancel,
) -> Result<ExitCode> {
    let progress = load_progress(store)?;
    let exercise = chosen(workbook, &progress, asked)?;
    let subject = Subject {
        name: exercise.id(),
        crate_dir: exercise.dir.clone(),
        manifest: &exercise.manifest,
        target_dir: workbook.target_dir(),
        isolation: Default::default(),
    };
    if !json {
        println!("checking {} — {}", exercise.id(), exercise.manifest.title);
    }
    let report = runner::check(&subject, cancel, &mut |progress| {
        if !json {
            println!("{}", report::progress_line(&progress));
        }
    });
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("\n{}", report::verdict_text(&report));
    }
    record_check(store, exercise, &report)?;
    let passed = report.verdict.passed();
    if !passed && !json {
        println!(
            "\n`cargo run -- explain {}` tells the whole story of this failure.",
            exercise.slug()
        );
    }
    if passed && !json {
        let progress = load_progress(store)?;
        match current(workbook, &progress) {
            Some(next) => println!(
                "next: {} — run `cargo run` to see where to start",
                next.id()
            ),
            None => {
                println!("That was the last one: every exercise passes. Try `cargo run -- quiz`.")
            }
        }
    }
    Ok(Status::of(&report.verdict).into())
}
