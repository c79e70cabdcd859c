//! `threadlings list`, and the welcome screen of a bare `threadlings`.

use std::process::ExitCode;

use anyhow::Result;
use colored::Colorize;
use serde::Serialize;

use super::{current, is_done, load_progress};
use crate::report::bar;
use crate::state::StateStore;
use crate::workbook::Workbook;

#[derive(Serialize)]
struct Row<'a> {
    id: String,
    title: &'a str,
    chapter: &'a str,
    done: bool,
    points: u32,
    path: String,
}

pub fn run(workbook: &Workbook, store: &StateStore, json: bool) -> Result<ExitCode> {
    let progress = load_progress(store)?;
    if json {
        let rows: Vec<Row> = workbook
            .exercises
            .iter()
            .map(|exercise| Row {
                id: exercise.id(),
                title: &exercise.manifest.title,
                chapter: &exercise.manifest.chapter,
                done: is_done(&progress, exercise),
                points: exercise.manifest.points,
                path: relative(workbook, &exercise.dir),
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    let next = current(workbook, &progress).map(|exercise| exercise.slug().to_string());
    let mut chapter = "";
    for exercise in &workbook.exercises {
        if exercise.manifest.chapter != chapter {
            chapter = &exercise.manifest.chapter;
            let in_chapter: Vec<_> = workbook
                .exercises
                .iter()
                .filter(|e| e.manifest.chapter == chapter)
                .collect();
            let done = in_chapter.iter().filter(|e| is_done(&progress, e)).count();
            println!(
                "\n{} {} {done}/{}",
                chapter.bold(),
                bar(done, in_chapter.len(), 10),
                in_chapter.len()
            );
        }
        let status = if is_done(&progress, exercise) {
            "done".green()
        } else if next.as_deref() == Some(exercise.slug()) {
            "next".yellow().bold()
        } else {
            "todo".dimmed()
        };
        println!(
            "  {status:<5} {:<28} {}",
            exercise.id(),
            exercise.manifest.title
        );
    }
    let done = workbook
        .exercises
        .iter()
        .filter(|e| is_done(&progress, e))
        .count();
    let total = workbook.exercises.len();
    println!(
        "\n{} {} {done}/{total} exercises done",
        "progress".bold(),
        bar(done, total, 30)
    );
    Ok(ExitCode::SUCCESS)
}

/// What a bare `threadlings` shows: where you are and what to do next.
pub fn welcome(workbook: &Workbook, store: &StateStore) -> Result<ExitCode> {
    println!(
        "{}",
        "threadlings — concurrency in Rust, checked by loom".bold()
    );
    run(workbook, store, false)?;
    let progress = load_progress(store)?;
    match current(workbook, &progress) {
        Some(exercise) => {
            println!("\n{} {}", "next:".bold(), exercise.manifest.title);
            println!(
                "  1. read   {}",
                relative(workbook, &exercise.dir.join("README.md"))
            );
            for file in &exercise.manifest.files {
                println!(
                    "  2. edit   {}",
                    relative(workbook, &exercise.dir.join(file))
                );
            }
            println!("  3. check  cargo run -- check   (hints: cargo run -- hint)");
        }
        None => println!("\nEvery exercise passes. Test your theory next: cargo run -- quiz"),
    }
    Ok(ExitCode::SUCCESS)
}

fn relative(workbook: &Workbook, path: &std::path::Path) -> String {
    path.strip_prefix(&workbook.root)
        .unwrap_or(path)
        .display()
        .to_string()
}
