//! Picks the face a command line asks for: the watcher, or one of the commands. The faces sit
//! on the engine and never on each other; this is the one place that knows them all.

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command, DevCommand};
#[cfg(feature = "instructor")]
use crate::commands::grade;
use crate::commands::{check, dev, explain, export, hint, list, reset};
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
        #[cfg(feature = "instructor")]
        Some(Command::Grade(args)) => grade::run(&workbook, &args, interrupt),
        #[cfg(feature = "instructor")]
        Some(Command::Gradescope {
            bundle: Some(bundle),
            ..
        }) => grade::bundle(&workbook, &bundle, crate::grade::bundle::gradescope),
        #[cfg(feature = "instructor")]
        Some(Command::Gradescope {
            bundle: None,
            grader,
            hidden_visibility,
        }) => grade::gradescope(&workbook, &grader, hidden_visibility, interrupt),
        #[cfg(feature = "instructor")]
        Some(Command::Prairielearn {
            bundle: Some(bundle),
            ..
        }) => grade::bundle(&workbook, &bundle, crate::grade::bundle::prairielearn),
        #[cfg(feature = "instructor")]
        Some(Command::Prairielearn {
            bundle: None,
            grader,
        }) => grade::prairielearn(&workbook, &grader, interrupt),
        #[cfg(not(feature = "instructor"))]
        Some(Command::Grade(_)) => instructor_only("grade"),
        #[cfg(not(feature = "instructor"))]
        Some(Command::Gradescope { .. }) => instructor_only("gradescope"),
        #[cfg(not(feature = "instructor"))]
        Some(Command::Prairielearn { .. }) => instructor_only("prairielearn"),
    }
}

#[cfg(not(feature = "instructor"))]
fn instructor_only(command: &str) -> Result<ExitCode> {
    anyhow::bail!(instructor_build_needed(
        command,
        std::env::args_os().skip(1)
    ))
}

/// What a build without the instructor's commands (`grade`, `gradescope`, `prairielearn`;
/// the learner's `cargo run`) answers to one of them: the same command line, to run with the
/// `instructor` feature. `args` are the arguments after the program's name.
pub fn instructor_build_needed(
    command: &str,
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> String {
    let words: Vec<String> = args
        .into_iter()
        .map(|arg| shell_word(&arg.to_string_lossy()))
        .collect();
    format!(
        "`{command}` is an instructor's command, left out of the learner's build of threadlings \
         (so that a first `cargo run` builds quickly). Run it with the instructor's commands \
         built in:\n\n    cargo run --features instructor -- {}",
        words.join(" ")
    )
}

/// `word` as one word of a POSIX shell command line: as it is when nothing in it is special,
/// single-quoted otherwise.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructor_build_needed_gives_the_same_command_line_with_the_feature() {
        let message = instructor_build_needed(
            "grade",
            [
                "grade",
                "submissions/",
                "--exercise",
                "spinlock",
                "--out",
                "my grades",
            ]
            .map(std::ffi::OsString::from),
        );
        assert!(message.starts_with("`grade` is an instructor's command"));
        assert!(message.ends_with(
            "\n\n    cargo run --features instructor -- grade submissions/ --exercise spinlock \
             --out 'my grades'"
        ));
    }

    #[test]
    fn shell_word_quotes_what_a_shell_would_split_or_expand() {
        assert_eq!(shell_word("--hidden=hidden/"), "--hidden=hidden/");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
