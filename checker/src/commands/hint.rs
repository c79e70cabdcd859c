//! `threadlings hint`: the next hint level, most gentle first.

use std::process::ExitCode;

use anyhow::Result;
use colored::Colorize;

use super::{chosen, load_progress};
use crate::state::StateStore;
use crate::workbook::Workbook;

pub fn run(workbook: &Workbook, store: &StateStore, asked: Option<&str>) -> Result<ExitCode> {
    let progress = load_progress(store)?;
    let exercise = chosen(workbook, &progress, asked)?;
    let hints = &exercise.manifest.hints;
    let seen = progress
        .exercises
        .get(exercise.slug())
        .map_or(0, |p| p.hints_shown);
    // Show every hint seen so far plus the next one, so the learner never loses one.
    let showing = (seen + 1).min(hints.len());
    println!("{} ({})", exercise.manifest.title.bold(), exercise.id());
    for (level, hint) in hints.iter().enumerate().take(showing) {
        println!(
            "\n{} {}/{}\n  {hint}",
            "hint".yellow().bold(),
            level + 1,
            hints.len()
        );
    }
    if showing == hints.len() {
        println!("\nThat was the last hint. The solution's idea is in the README's \"The idea\".");
    }
    store.update(|progress| {
        progress
            .exercises
            .entry(exercise.slug().to_string())
            .or_default()
            .hints_shown = showing;
    })?;
    Ok(ExitCode::SUCCESS)
}
