//! Picks the face a command line asks for: the watcher, or one of the commands. The faces sit
//! on the engine and never on each other; this is the one place that knows them all.

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, DevCommand};
use crate::commands::{check, dev, explain, export, grade, hint, list, reset};
use crate::sandbox::Cancel;
use crate::state::StateStore;
use crate::watch;
use crate::workbook::Workbook;

/// Runs the command; `interrupt` is the root of every job's cancellation (Ctrl-C cancels it).
pub fn run(cli: Cli, interrupt: &Cancel) -> Result<ExitCode> {
    let workbook = match &cli.root {
        Some(root) => Workbook::load(root),
        None => Workbook::discover(
            &std::env::current_dir().context("while finding the current folder")?,
        ),
    }?;
    let store = StateStore::new(&workbook.state_dir());
    match cli.command {
        None => watch::run(&workbook, &store, None, interrupt),
        Some(Command::Watch { exercise }) => {
            watch::run(&workbook, &store, exercise.as_deref(), interrupt)
        }
        Some(Command::List { json }) => list::run(&workbook, &store, json),
        Some(Command::Check { exercise, json }) => {
            check::run(&workbook, &store, exercise.as_deref(), json, interrupt)
        }
        Some(Command::Explain { exercise }) => explain::run(&workbook, &store, exercise.as_deref()),
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
        Some(Command::Dev(DevCommand::New { id, stages })) => dev::new(&workbook, &id, &stages),
        Some(Command::Dev(DevCommand::Check {
            exercise,
            repeat,
            json,
        })) => dev::check(&workbook, exercise.as_deref(), repeat, json, interrupt),
        Some(Command::Export {
            without_solutions,
            dir,
        }) => export::run(&workbook, without_solutions, &dir),
        Some(Command::Grade(args)) => grade::run(&workbook, &args, interrupt),
        Some(Command::Gradescope {
            bundle: Some(bundle),
            ..
        }) => grade::bundle(&workbook, &bundle, crate::grade::bundle::gradescope),
        Some(Command::Gradescope {
            bundle: None,
            grader,
            hidden_visibility,
        }) => grade::gradescope(&workbook, &grader, hidden_visibility, interrupt),
        Some(Command::Prairielearn {
            bundle: Some(bundle),
            ..
        }) => grade::bundle(&workbook, &bundle, crate::grade::bundle::prairielearn),
        Some(Command::Prairielearn {
            bundle: None,
            grader,
        }) => grade::prairielearn(&workbook, &grader, interrupt),
    }
}
