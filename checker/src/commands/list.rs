//! `threadlings list`, and the welcome screen of a bare `threadlings`.

use std::process::ExitCode;

use anyhow::Result;
use colored::Colorize;
use serde::Serialize;

use super::{current, is_done, load_progress};
use crate::report::bar;
use crate::state::{Progress, StateStore};
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
    print!("{}", table(workbook, &progress));
    Ok(ExitCode::SUCCESS)
}

/// Every exercise with its status, chapter by chapter with bars, and the overall progress.
pub fn table(workbook: &Workbook, progress: &Progress) -> String {
    let next = current(workbook, progress).map(|exercise| exercise.slug().to_string());
    let mut text = String::new();
    let mut chapter = "";
    for exercise in &workbook.exercises {
        if exercise.manifest.chapter != chapter {
            chapter = &exercise.manifest.chapter;
            let (done, total) = chapter_progress(workbook, progress, chapter);
            text.push_str(&format!(
                "\n{} {} {done}/{total}\n",
                chapter.bold(),
                bar(done, total, 10)
            ));
        }
        let status = if is_done(progress, exercise) {
            "done".green()
        } else if next.as_deref() == Some(exercise.slug()) {
            "next".yellow().bold()
        } else {
            "todo".dimmed()
        };
        text.push_str(&format!(
            "  {status:<5} {:<28} {}\n",
            exercise.id(),
            exercise.manifest.title
        ));
    }
    text.push_str(&format!("\n{}\n", overall(workbook, progress)));
    text
}

/// (done, total) exercises of one chapter.
fn chapter_progress(workbook: &Workbook, progress: &Progress, chapter: &str) -> (usize, usize) {
    let in_chapter = workbook
        .exercises
        .iter()
        .filter(|e| e.manifest.chapter == chapter);
    in_chapter.fold((0, 0), |(done, total), e| {
        (done + usize::from(is_done(progress, e)), total + 1)
    })
}

/// One short bar per chapter, several to a line: `locks [##..] 1/2  atomics [....] 0/1`.
pub fn chapter_bars(workbook: &Workbook, progress: &Progress) -> String {
    const WIDTH: usize = 96;
    let mut chapters: Vec<&str> = workbook
        .exercises
        .iter()
        .map(|e| e.manifest.chapter.as_str())
        .collect();
    chapters.dedup();
    let mut text = String::new();
    let mut line_length = 0;
    for chapter in chapters {
        let (done, total) = chapter_progress(workbook, progress, chapter);
        let counts = format!("{done}/{total}");
        // The bar holds colour codes: measure the visible text instead.
        let visible = chapter.len() + " [....] ".len() + counts.len();
        if line_length > 0 && line_length + 2 + visible > WIDTH {
            text.push('\n');
            line_length = 0;
        } else if line_length > 0 {
            text.push_str("  ");
            line_length += 2;
        }
        text.push_str(&format!("{chapter} {} {counts}", bar(done, total, 4)));
        line_length += visible;
    }
    text
}

/// `progress [####......] 2/5 exercises done`
pub fn overall(workbook: &Workbook, progress: &Progress) -> String {
    let done = workbook
        .exercises
        .iter()
        .filter(|e| is_done(progress, e))
        .count();
    let total = workbook.exercises.len();
    format!(
        "{} {} {done}/{total} exercises done",
        "progress".bold(),
        bar(done, total, 30)
    )
}

fn relative(workbook: &Workbook, path: &std::path::Path) -> String {
    path.strip_prefix(&workbook.root)
        .unwrap_or(path)
        .display()
        .to_string()
}
