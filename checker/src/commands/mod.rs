//! One module per command; each turns the workbook and arguments into output and an exit code.
//! The watcher is a face of its own (`watch/`); `app` picks between them.

pub mod check;
pub mod dev;
pub mod explain;
pub mod export;
#[cfg(feature = "instructor")]
pub mod grade;
pub mod hint;
pub mod list;
pub mod reset;

use anyhow::{Context, Result};

use crate::overview::current;
use crate::state::Progress;
use crate::workbook::{Exercise, Workbook};

/// The exercise named on the command line, or the first one not yet done.
fn chosen<'a>(
    workbook: &'a Workbook,
    progress: &Progress,
    asked: Option<&str>,
) -> Result<&'a Exercise> {
    match asked {
        Some(asked) => Ok(workbook.find(asked)?),
        None => current(workbook, progress).context(
            "every exercise is done; name one to check it again, e.g. `threadlings check spinlock`",
        ),
    }
}
