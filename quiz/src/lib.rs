//! The terminal quiz (placeholder until the quiz issue lands).
use std::path::PathBuf;
use std::process::ExitCode;

/// Command-line options of `threadlings quiz`.
#[derive(Debug, Clone, clap::Args)]
pub struct QuizArgs {}

/// Where the quiz finds its bank and keeps its history, decided by the workbook.
#[derive(Debug, Clone)]
pub struct QuizContext {
    /// The built-in question bank (`<workbook>/quiz/bank`).
    pub bank_dir: PathBuf,
    /// The learner's review history (`<workbook>/.threadlings/quiz.json`).
    pub history_path: PathBuf,
    /// Exercise slugs that questions may link to.
    pub known_exercises: Vec<String>,
}

/// Runs the quiz.
pub fn run(_args: QuizArgs, _context: QuizContext) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the quiz is not written yet")
}
