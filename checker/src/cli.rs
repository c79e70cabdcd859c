//! The command line: clap definitions only.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// threadlings: learn concurrency in Rust by fixing and building it, checked by loom.
#[derive(Debug, Parser)]
#[command(name = "threadlings", version, about)]
pub struct Cli {
    /// The workbook folder (default: found from the current folder upwards).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Re-check the current exercise on every save (what a bare `threadlings` does).
    Watch {
        /// Start with this exercise instead of the first one not yet done.
        exercise: Option<String>,
    },
    /// List every exercise with its status and your progress.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check one exercise through all its stages (default: the current exercise).
    Check {
        /// The exercise, e.g. `spinlock` or `locks/spinlock`.
        exercise: Option<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show the next hint for an exercise (default: the current exercise).
    Hint { exercise: Option<String> },
    /// Restore an exercise's shipped files, after saving yours as a backup.
    Reset { exercise: String },
    /// Take the quiz on the course's theory.
    Quiz(quiz::QuizArgs),
    /// Commands for course authors.
    #[command(subcommand)]
    Dev(DevCommand),
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Every shipped exercise fails, every solution passes, every wrong answer fails.
    Check {
        /// Only this exercise.
        #[arg(long, value_name = "SLUG")]
        exercise: Option<String>,
        /// Run everything N times, to hunt flaky checks.
        #[arg(long, default_value_t = 1, value_name = "N")]
        repeat: u32,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
}
