//! `threadlings export --without-solutions DIR`: the learner edition for a class.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::workbook::Workbook;

pub fn run(workbook: &Workbook, without_solutions: bool, dir: &Path) -> Result<ExitCode> {
    // Without the flag an export could be mistaken for a copy with the answers in it; saying
    // it every time keeps the solutions from reaching a class by a slip.
    anyhow::ensure!(
        without_solutions,
        "export writes the learner edition only: say so with `--without-solutions` (a copy \
         with the solutions is a plain `git clone` of the workbook)"
    );
    let exported = crate::edition::export(&workbook.root, dir)?;
    println!(
        "wrote the learner edition into {} ({} files, one git commit): no solutions/, no \
         progress, no build output.\nIt builds and runs as the workbook does (`cargo run`); \
         `dev check` there says it needs the solutions.",
        dir.display(),
        exported.files
    );
    Ok(ExitCode::SUCCESS)
}
