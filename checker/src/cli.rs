//! The command line: clap definitions only.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde::Serialize;

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
    /// Show the last failure of an exercise in full (default: the current exercise).
    Explain {
        /// The exercise, e.g. `spinlock` or `locks/spinlock`.
        exercise: Option<String>,
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
    /// Write the learner edition for a class: no solutions, no progress, no build output, a
    /// fresh git repository with one commit.
    Export {
        /// Leave out `solutions/` (required: the learner edition is the only one written).
        #[arg(long)]
        without_solutions: bool,
        /// The new (or empty) folder to write it into, outside the workbook.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Grade a class: every submission checked in a pristine copy of the workbook.
    Grade(GradeArgs),
    /// Grade one submission inside Gradescope's autograder (`bundle`: write the autograder).
    #[command(args_conflicts_with_subcommands = true)]
    Gradescope {
        #[command(subcommand)]
        bundle: Option<BundleCommand>,
        #[command(flatten)]
        grader: GraderArgs,
        /// How Gradescope shows the hidden tests' entries to the learner.
        #[arg(long, value_enum, default_value = "hidden")]
        hidden_visibility: HiddenVisibility,
    },
    /// Grade one submission inside PrairieLearn's external grader (`bundle`: write its image).
    #[command(args_conflicts_with_subcommands = true)]
    Prairielearn {
        #[command(subcommand)]
        bundle: Option<BundleCommand>,
        #[command(flatten)]
        grader: GraderArgs,
    },
}

/// `threadlings gradescope bundle` and `threadlings prairielearn bundle`.
#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Package the pristine workbook (no solutions) and the hidden tests for the service:
    /// Gradescope's autograder zip (setup.sh, run_autograder), or a folder with PrairieLearn's
    /// Dockerfile and entry point (workbook/run.sh).
    Bundle {
        /// The zip (Gradescope) or folder (PrairieLearn) to write.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// The instructor's hidden tests to include.
        #[arg(long, value_name = "DIR")]
        hidden: Option<PathBuf>,
    },
}

/// `threadlings grade`.
#[derive(Debug, clap::Args)]
pub struct GradeArgs {
    /// Submissions: learners' copies of the workbook, their `exercises/` trees, or folders
    /// holding many of these (one learner per sub-folder, named after it).
    #[arg(required = true, value_name = "SUBMISSION")]
    pub submissions: Vec<PathBuf>,
    /// Grade only this exercise (repeat for several).
    #[arg(long = "exercise", value_name = "SLUG")]
    pub exercises: Vec<String>,
    /// The instructor's hidden tests: DIR/<chapter folder>/<slug>/tests/<stage>.rs.
    #[arg(long, value_name = "DIR")]
    pub hidden: Option<PathBuf>,
    /// How many exercises are checked at once (default: the number of cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(usize))]
    pub jobs: Option<usize>,
    /// Where the gradebook, reports and feedback are written.
    #[arg(long, value_name = "DIR", default_value = "grades")]
    pub out: PathBuf,
    /// Print the full report as JSON.
    #[arg(long)]
    pub json: bool,
    /// How the Gradescope results show the hidden tests' entries.
    #[arg(long, value_enum, default_value = "hidden")]
    pub hidden_visibility: HiddenVisibility,
    #[command(flatten)]
    pub sandbox: SandboxArg,
}

/// `--sandbox`, for every command that runs a submission's code.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct SandboxArg {
    /// Run learner code inside bubblewrap (`bwrap`): no network, and nothing writable but its
    /// own folder. An error where bwrap is missing or cannot run.
    #[arg(long = "sandbox")]
    pub on: bool,
}

/// `threadlings gradescope` and `threadlings prairielearn`: where the service puts things.
#[derive(Debug, clap::Args)]
pub struct GraderArgs {
    /// The learner's submission (default: where the service puts it, /autograder/submission
    /// or /grade/student).
    #[arg(long, value_name = "DIR")]
    pub submission: Option<PathBuf>,
    /// Where to write results.json (default: where the service reads it,
    /// /autograder/results/results.json or /grade/results/results.json).
    #[arg(long, value_name = "FILE")]
    pub results: Option<PathBuf>,
    /// The instructor's hidden tests (see `threadlings grade --help`).
    #[arg(long, value_name = "DIR")]
    pub hidden: Option<PathBuf>,
    /// Grade only this exercise (repeat for several).
    #[arg(long = "exercise", value_name = "SLUG")]
    pub exercises: Vec<String>,
    /// How many exercises are checked at once (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub sandbox: SandboxArg,
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Scaffold a new exercise: manifest, README, learner file, a test file per stage, the
    /// solution and its fixture folders. It builds at once; `dev check` says what is missing.
    New {
        /// The chapter and the new exercise's slug, e.g. `locks/my_lock`.
        #[arg(value_name = "CHAPTER/SLUG")]
        id: String,
        /// The check stages, each with its test file.
        #[arg(long, default_value = "unit,loom,stress", value_name = "STAGES")]
        stages: String,
    },
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

/// How Gradescope shows the hidden tests' entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum HiddenVisibility {
    /// Never shown to the learner.
    Hidden,
    /// Shown once the instructor publishes the grades.
    #[value(name = "after_published")]
    AfterPublished,
}
