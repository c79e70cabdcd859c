//! The question bank: TOML files of `[[question]]` tables, loaded and validated into typed
//! questions. Validation collects every problem (see [`BankErrors`]) instead of stopping at the
//! first, and the loaded bank is immutable.
mod error;
mod validate;
mod verdict_text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use error::{BankError, BankErrors};

/// How a question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Single,
    Multiple,
    TrueFalse,
    Short,
    /// Code reading: a program is shown, and the answer is one choice or several.
    Code,
}

impl Kind {
    /// The spelling used in TOML files.
    pub const NAMES: [&str; 5] = ["single", "multiple", "true-false", "short", "code"];

    /// How the kind is announced to the learner.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Single => "single choice",
            Kind::Multiple => "select all that apply",
            Kind::TrueFalse => "true or false",
            Kind::Short => "short answer",
            Kind::Code => "code reading",
        }
    }
}

/// The right answer of a question, in the form its kind needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Choices as written in the file; `correct` holds 0-based indices, sorted.
    Choices {
        choices: Vec<String>,
        correct: Vec<usize>,
        multiple: bool,
    },
    TrueFalse(bool),
    /// Accepted answers, already normalized (see [`normalize_text`]); the first is the model one.
    Text {
        accepted: Vec<String>,
        shown: String,
    },
}

/// What `rustc` must say about a code question's program. A code question with this is a
/// complete Rust program; one without it is a fragment, shown as one and never asked about
/// compiling (see `audit::programs`, which holds every complete program to its verdict).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// `rustc` accepts the program.
    Compiles,
    /// `rustc` rejects it, and every error it reports has this code, e.g. `E0277`.
    Fails(String),
}

impl Verdict {
    /// The spelling used in TOML files: `compiles` or the error code.
    pub fn name(&self) -> &str {
        match self {
            Verdict::Compiles => "compiles",
            Verdict::Fails(code) => code,
        }
    }
}

/// One validated question.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub section: String,
    pub kind: Kind,
    pub prompt: String,
    pub code: Option<String>,
    /// For code questions: `Some` for a complete Rust program, with what `rustc` must say.
    pub compiler: Option<Verdict>,
    /// For a complete program that compiles: every stdout a run may print (trailing whitespace
    /// left out). The program check runs it and holds each run to this list.
    pub output: Option<Vec<String>>,
    pub answer: Answer,
    pub explanation: String,
    pub exercise: Option<String>,
    /// The file the question came from, for messages.
    pub source: PathBuf,
}

/// All questions of the built-in bank and any extra banks, in file order.
#[derive(Debug, Clone, Default)]
pub struct Bank {
    pub questions: Vec<Question>,
}

impl Bank {
    /// Loads every `*.toml` file of each directory (in name order) and validates the questions
    /// against the section tags and `known_exercises`. Ids must be unique across all directories.
    pub fn load(dirs: &[PathBuf], known_exercises: &[String]) -> Result<Bank, BankErrors> {
        let mut errors = Vec::new();
        let mut questions = Vec::new();
        for dir in dirs {
            for file in question_files(dir, &mut errors) {
                match std::fs::read_to_string(&file) {
                    Ok(text) => {
                        validate::file(&file, &text, known_exercises, &mut questions, &mut errors)
                    }
                    Err(source) => errors.push(BankError::Read { path: file, source }),
                }
            }
        }
        check_unique_ids(&questions, &mut errors);
        if errors.is_empty() {
            Ok(Bank { questions })
        } else {
            Err(BankErrors(errors))
        }
    }

    /// The question with this id.
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|question| question.id == id)
    }
}

fn question_files(dir: &Path, errors: &mut Vec<BankError>) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            errors.push(BankError::Read {
                path: dir.to_path_buf(),
                source,
            });
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "toml")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        errors.push(BankError::NoFiles {
            dir: dir.to_path_buf(),
        });
    }
    files
}

fn check_unique_ids(questions: &[Question], errors: &mut Vec<BankError>) {
    let mut first_seen: HashMap<&str, &Path> = HashMap::new();
    for question in questions {
        if let Some(first) = first_seen.insert(&question.id, &question.source) {
            errors.push(BankError::Field {
                path: question.source.clone(),
                id: question.id.clone(),
                field: "id".into(),
                problem: format!(
                    "the id is already used by a question in {}",
                    first.display()
                ),
                fix: "give this question an id of its own; ids are how review history finds it"
                    .into(),
            });
        }
    }
}

/// The form in which short answers are compared: lower case, runs of whitespace collapsed to
/// one space, surrounding whitespace, backticks, quotes and a final full stop removed.
pub fn normalize_text(text: &str) -> String {
    let collapsed = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let trimmed = collapsed.trim_end_matches('.');
    trimmed
        .trim_matches(|c: char| c == '`' || c == '"' || c == '\'' || c.is_whitespace())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_answers_ignore_case_spacing_and_decoration() {
        assert_eq!(normalize_text("  Circular   WAIT. "), "circular wait");
        assert_eq!(normalize_text("`Acquire`"), "acquire");
        assert_eq!(normalize_text("\"CLONE_VM\""), "clone_vm");
    }
}
