//! Where the learner stands: which exercises are done and which is next, the tables and bars
//! that show it, and the hints seen so far.
//!
//! Shared by the faces (`commands/`, `watch/`), which sit on this module and never on each
//! other.

use anyhow::Result;
use colored::Colorize;

use crate::last_check::LastChecks;
use crate::report::bar;
use crate::state::{Progress, StateStore};
use crate::verdict::CheckReport;
use crate::workbook::{Exercise, Workbook};

/// Loads progress, printing a warning if the file had to be recovered.
pub fn load_progress(store: &StateStore) -> Result<Progress> {
    let (progress, warning) = store.load()?;
    if let Some(warning) = warning {
        eprintln!("warning: {warning}");
    }
    Ok(progress)
}

/// Records what a check of `exercise` found: done or not, and the report itself, which
/// `threadlings explain` shows in full later. A pass is kept too: it replaces the failure, so
/// nothing stale is explained, and it costs one small file, no extra run.
pub fn record_check(store: &StateStore, exercise: &Exercise, report: &CheckReport) -> Result<()> {
    let passed = report.verdict.passed();
    store.update(|progress| {
        progress
            .exercises
            .entry(exercise.slug().to_string())
            .or_default()
            .done = passed
    })?;
    LastChecks::new(store.dir()).save(exercise.slug(), report)?;
    Ok(())
}

/// The last check of `exercise` in full, for `threadlings explain` and the watcher's `e`.
pub fn explain_last_check(store: &StateStore, exercise: &Exercise) -> Result<String> {
    let text = match LastChecks::new(store.dir()).load(exercise.slug())? {
        None => format!(
            "{} has not been checked yet: `cargo run -- check {}` checks it.",
            exercise.id(),
            exercise.slug()
        ),
        Some(report) if report.verdict.passed() => format!(
            "The last check of {} passed: there is no failure to explain.",
            exercise.id()
        ),
        Some(report) => crate::report::explanation_text(&report),
    };
    Ok(text)
}

/// The first exercise, in course order, not yet done.
pub fn current<'a>(workbook: &'a Workbook, progress: &Progress) -> Option<&'a Exercise> {
    current_index(workbook, progress).map(|index| &workbook.exercises[index])
}

/// The position of the first exercise not yet done.
pub fn current_index(workbook: &Workbook, progress: &Progress) -> Option<usize> {
    workbook
        .exercises
        .iter()
        .position(|exercise| !is_done(progress, exercise))
}

pub fn is_done(progress: &Progress, exercise: &Exercise) -> bool {
    progress
        .exercises
        .get(exercise.slug())
        .is_some_and(|p| p.done)
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

/// The workbook's chapter names, in course order.
pub fn chapters(workbook: &Workbook) -> Vec<&str> {
    let mut chapters: Vec<&str> = workbook
        .exercises
        .iter()
        .map(|e| e.manifest.chapter.as_str())
        .collect();
    chapters.dedup();
    chapters
}

/// One short bar per chapter, several to a line: `locks [##..] 1/2  atomics [....] 0/1`.
pub fn chapter_bars(workbook: &Workbook, progress: &Progress) -> String {
    const WIDTH: usize = 96;
    let mut text = String::new();
    let mut line_length = 0;
    for chapter in chapters(workbook) {
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

/// Every hint seen so far plus the next one (so the learner never loses one), and records it.
pub fn reveal_next_hint(store: &StateStore, exercise: &Exercise) -> Result<String> {
    let progress = load_progress(store)?;
    let hints = &exercise.manifest.hints;
    let seen = progress
        .exercises
        .get(exercise.slug())
        .map_or(0, |p| p.hints_shown);
    let showing = (seen + 1).min(hints.len());
    let mut text = format!("{} ({})", exercise.manifest.title.bold(), exercise.id());
    for (level, hint) in hints.iter().enumerate().take(showing) {
        text.push_str(&format!(
            "\n\n{} {}/{}\n  {hint}",
            "hint".yellow().bold(),
            level + 1,
            hints.len()
        ));
    }
    if showing == hints.len() {
        text.push_str(
            "\n\nThat was the last hint. The solution's idea is in the README's \"The idea\".",
        );
    }
    store.update(|progress| {
        progress
            .exercises
            .entry(exercise.slug().to_string())
            .or_default()
            .hints_shown = showing;
    })?;
    Ok(text)
}
