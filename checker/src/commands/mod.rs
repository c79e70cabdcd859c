//! One module per command; each turns the workbook and arguments into output and an exit code.

mod check;
mod dev;
mod grade;
mod hint;
mod list;
mod reset;

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, DevCommand};
use crate::overview::current;
use crate::state::{Progress, StateStore};
use crate::workbook::{Exercise, Workbook};

pub fn run(cli: Cli) -> Result<ExitCode> {
    let workbook = match &cli.root {
        Some(root) => Workbook::load(root),
        None => Workbook::discover(
            &std::env::current_dir().context("while finding the current folder")?,
        ),
    }?;
    let store = StateStore::new(&workbook.state_dir());
    match cli.command {
        None => crate::watch::run(&workbook, &store, None),
        Some(Command::Watch { exercise }) => {
            crate::watch::run(&workbook, &store, exercise.as_deref())
        }
        Some(Command::List { json }) => list::run(&workbook, &store, json),
        Some(Command::Check { exercise, json }) => {
            check::run(&workbook, &store, exercise.as_deref(), json)
        }
        Some(Command::Hint { exercise }) => hint::run(&workbook, &store, exercise.as_deref()),
        Some(Command::Reset { exercise }) => reset::run(&workbook, &exercise),
        Some(Command::Quiz(args)) => {
            let context = quiz::QuizContext {
                bank_dir: workbook.root.join("quiz").join("bank"),
                history_path: workbook.state_dir().join("quiz.json"),
                known_exercises: workbook
                    .exercises
                    .iter()
                    .map(|e| e.slug().to_string())
                    .collect(),
            };
            quiz::run(args, context)
        }
        Some(Command::Dev(DevCommand::Check {
            exercise,
            repeat,
            json,
        })) => dev::check(&workbook, exercise.as_deref(), repeat, json),
        Some(Command::Grade(args)) => grade::run(&workbook, &args),
        Some(Command::Gradescope {
            bundle: Some(bundle),
            ..
        }) => grade::bundle(&workbook, &bundle, crate::grade::bundle::gradescope),
        Some(Command::Gradescope {
            bundle: None,
            grader,
            hidden_visibility,
        }) => grade::gradescope(&workbook, &grader, hidden_visibility),
        Some(Command::Prairielearn {
            bundle: Some(bundle),
            ..
        }) => grade::bundle(&workbook, &bundle, crate::grade::bundle::prairielearn),
        Some(Command::Prairielearn {
            bundle: None,
            grader,
        }) => grade::prairielearn(&workbook, &grader),
    }
}

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
