//! Runs the quiz without the checker, on the bank of this crate, keeping the history in
//! `$QUIZ_HISTORY` (default: a `quiz.json` in the system's temporary directory). Used by
//! `quiz/bench/startup.sh` and for trying the quiz while working on it:
//! `cargo run -p threadlings-quiz --example quiz -- --count 3`
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    quiz: quiz::QuizArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let history_path = std::env::var_os("QUIZ_HISTORY").map_or_else(
        || std::env::temp_dir().join("threadlings-quiz-example.json"),
        PathBuf::from,
    );
    let context = quiz::QuizContext {
        bank_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bank"),
        history_path,
        known_exercises: Vec::new(),
    };
    match quiz::run(cli.quiz, context) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
