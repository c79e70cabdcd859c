//! `threadlings hint`: the next hint level, most gentle first.

use std::process::ExitCode;

use anyhow::Result;
use colored::Colorize;

use super::{chosen, load_progress};
use crate::state::StateStore;
use crate::workbook::{Exercise, Workbook};

pub fn run(workbook: &Workbook, store: &StateStore, asked: Option<&str>) -> Result<ExitCode> {
    let progress = load_progress(store)?;
    let exercise = chosen(workbook, &progress, asked)?;
    println!("{}", reveal_next(store, exercise)?);
    Ok(ExitCode::SUCCESS)
}

/// Every hint seen so far plus the next one (so the learner never loses one), and records it.
pub fn reveal_next(store: &StateStore, exercise: &Exercise) -> Result<String> {
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
