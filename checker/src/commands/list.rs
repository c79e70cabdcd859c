//! `threadlings list`, and the welcome screen of a bare `threadlings`.

use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use crate::overview::{is_done, load_progress, table};
use crate::state::StateStore;
use crate::status::Status;
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
        return Ok(Status::Success.into());
    }
    print!("{}", table(workbook, &progress));
    Ok(Status::Success.into())
}

fn relative(workbook: &Workbook, path: &std::path::Path) -> String {
    path.strip_prefix(&workbook.root)
        .unwrap_or(path)
        .display()
        .to_string()
}
