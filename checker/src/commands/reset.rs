//! `threadlings reset`: restore the shipped files of an exercise, after backing up the learner's.

use std::process::ExitCode;

use anyhow::Result;

use crate::restore;
use crate::status::Status;
use crate::workbook::Workbook;

pub fn run(workbook: &Workbook, asked: &str) -> Result<ExitCode> {
    let exercise = workbook.find(asked)?;
    let restored = restore::reset(workbook, exercise)?;
    for (file, saved) in &restored.backups {
        println!("saved your {} as {}", file.display(), saved.display());
    }
    if restored.backups.is_empty() {
        println!("nothing to save: no file held work of yours");
    }
    for (path, from) in restored.restored.iter().zip(&restored.from) {
        println!("restored {} as shipped ({from})", path.display());
    }
    Ok(Status::Success.into())
}
