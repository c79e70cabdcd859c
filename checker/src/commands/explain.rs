//! `threadlings explain`: the last check of an exercise in full (default: the current one).
//!
//! It reads what the check kept (`last_check`) and runs nothing: explaining is free, and what
//! it shows is exactly what that check found.

use std::process::ExitCode;

use anyhow::Result;

use super::chosen;
use crate::overview::{explain_last_check, load_progress};
use crate::state::StateStore;
use crate::status::Status;
use crate::workbook::Workbook;

pub fn run(workbook: &Workbook, store: &StateStore, asked: Option<&str>) -> Result<ExitCode> {
    let progress = load_progress(store)?;
    let exercise = chosen(workbook, &progress, asked)?;
    println!("{}", explain_last_check(store, exercise)?);
    Ok(Status::Success.into())
}
