//! `threadlings hint`: the next hint level, most gentle first.

use std::process::ExitCode;

use anyhow::Result;

use super::chosen;
use crate::overview::{load_progress, reveal_next_hint};
use crate::state::StateStore;
use crate::status::Status;
use crate::workbook::Workbook;

pub fn run(workbook: &Workbook, store: &StateStore, asked: Option<&str>) -> Result<ExitCode> {
    let progress = load_progress(store)?;
    let exercise = chosen(workbook, &progress, asked)?;
    println!("{}", reveal_next_hint(store, exercise)?);
    Ok(Status::Success.into())
}
