//! Holds every complete program of a bank to the verdict its question declares: `rustc`
//! (edition 2024, type-checking only, `--emit=metadata`, which still runs the borrow checker)
//! must accept it, or reject it with exactly the named error code.
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

use crate::bank::{Question, Verdict};

/// Why the programs could not be checked at all (as opposed to a program that fails its check).
#[derive(Debug, thiserror::Error)]
pub enum ProgramsError {
    #[error(
        "cannot run `{rustc}` to check the bank's programs (install a Rust toolchain, or set \
         RUSTC to the path of rustc)"
    )]
    RustcMissing {
        rustc: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot make a scratch directory for the programs: {0}")]
    Scratch(#[source] std::io::Error),
    #[error("cannot write the program of `{id}` to {}: {source}", path.display())]
    Write {
        id: String,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The compiler to use: `$RUSTC` if set (as cargo sets it for build scripts), else `rustc` from
/// PATH. It is run once here so that a missing compiler is an error, never a silent pass.
pub fn find_rustc() -> Result<PathBuf, ProgramsError> {
    rustc_from(std::env::var_os("RUSTC"))
}

/// [`find_rustc`] with the value of `RUSTC` given, so that it can be tested without touching
/// the environment of the process.
pub fn rustc_from(setting: Option<OsString>) -> Result<PathBuf, ProgramsError> {
    let rustc = setting
        .filter(|value| !value.is_empty())
        .unwrap_or_else(|| OsString::from("rustc"));
    match Command::new(&rustc).arg("--version").output() {
        Ok(output) if output.status.success() => Ok(PathBuf::from(rustc)),
        Ok(output) => Err(ProgramsError::RustcMissing {
            rustc: rustc.to_string_lossy().into_owned(),
            source: std::io::Error::other(format!("`--version` exited with {}", output.status)),
        }),
        Err(source) => Err(ProgramsError::RustcMissing {
            rustc: rustc.to_string_lossy().into_owned(),
            source,
        }),
    }
}

/// A program whose compiler verdict is not the declared one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub id: String,
    pub source: PathBuf,
    /// What the question says, what rustc said, and rustc's first message.
    pub problem: String,
}

/// Compiles every complete program among `questions` (a few at a time) and returns the ones
/// whose verdict differs from the question's, with how many programs were checked.
pub fn check(
    questions: &[&Question],
    rustc: &Path,
) -> Result<(usize, Vec<Mismatch>), ProgramsError> {
    let programs: Vec<(&Question, &str, &Verdict)> = questions
        .iter()
        .filter_map(|question| {
            let code = question.code.as_deref()?;
            Some((*question, code, question.compiler.as_ref()?))
        })
        .collect();
    let scratch = tempfile::tempdir().map_err(ProgramsError::Scratch)?;
    let mut sources = Vec::new();
    for (question, code, _) in &programs {
        // Named after the question, so that rustc's messages point at it.
        let path = scratch.path().join(format!("{}.rs", question.id));
        std::fs::write(&path, code).map_err(|source| ProgramsError::Write {
            id: question.id.clone(),
            path: path.clone(),
            source,
        })?;
        sources.push(path);
    }
    // rustc is mostly single-threaded on programs this small: one per core keeps it quick.
    let workers = std::thread::available_parallelism().map_or(2, |count| count.get().min(4));
    let next = Mutex::new(0..programs.len());
    let mismatches = Mutex::new(Vec::new());
    let spawn_error = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(index) = next.lock().ok().and_then(|mut range| range.next()) {
                    let (question, _, expected) = programs[index];
                    let out = scratch.path().join(format!("{index}.rmeta"));
                    match compile(rustc, &sources[index], &out) {
                        Ok(output) => {
                            let scratch_prefix = format!("{}/", scratch.path().display());
                            if let Some(problem) = judge(expected, &output)
                                && let Ok(mut found) = mismatches.lock()
                            {
                                found.push(Mismatch {
                                    id: question.id.clone(),
                                    source: question.source.clone(),
                                    problem: problem.replace(&scratch_prefix, ""),
                                });
                            }
                        }
                        Err(source) => {
                            if let Ok(mut slot) = spawn_error.lock() {
                                slot.get_or_insert(ProgramsError::RustcMissing {
                                    rustc: rustc.display().to_string(),
                                    source,
                                });
                            }
                        }
                    }
                }
            });
        }
    });
    if let Some(error) = spawn_error.into_inner().ok().flatten() {
        return Err(error);
    }
    let mut mismatches = mismatches.into_inner().unwrap_or_default();
    // Workers finish in any order; report in bank order.
    mismatches.sort_by_key(|mismatch| {
        programs
            .iter()
            .position(|(question, _, _)| question.id == mismatch.id)
    });
    Ok((programs.len(), mismatches))
}

fn compile(rustc: &Path, source: &Path, out: &Path) -> std::io::Result<Output> {
    Command::new(rustc)
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "bin",
            "--crate-name",
            "quiz_program",
        ])
        .args(["--emit=metadata", "--error-format=json", "-o"])
        .arg(out)
        .arg(source)
        .output()
}

/// `None` when rustc said what the question declares, otherwise what differs.
fn judge(expected: &Verdict, output: &Output) -> Option<String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors = errors(&stderr);
    let first = errors
        .first()
        .map(|(_, rendered)| {
            format!(
                "\n    rustc said: {}",
                rendered.trim_end().replace('\n', "\n    ")
            )
        })
        .unwrap_or_default();
    let codes: Vec<&str> = errors
        .iter()
        .filter_map(|(code, _)| code.as_deref())
        .collect();
    match expected {
        Verdict::Compiles if output.status.success() => None,
        Verdict::Compiles => Some(format!(
            "the question says it compiles, but rustc rejects it{first}"
        )),
        Verdict::Fails(code) if output.status.success() => Some(format!(
            "the question says rustc rejects it with {code}, but it compiles"
        )),
        Verdict::Fails(code) if !codes.is_empty() && codes.iter().all(|found| found == code) => {
            None
        }
        Verdict::Fails(code) => {
            let found = if codes.is_empty() {
                "errors without a code".to_string()
            } else {
                codes.join(", ")
            };
            Some(format!(
                "the question says rustc rejects it with {code} alone, but it reports {found}{first}"
            ))
        }
    }
}

/// The error diagnostics of rustc's JSON output: each one's code (if it has one) and its text.
/// The closing "aborting due to N previous errors" has no code and is left out.
fn errors(stderr: &str) -> Vec<(Option<String>, String)> {
    stderr
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|diagnostic| diagnostic["level"] == "error")
        .filter_map(|diagnostic| {
            let message = diagnostic["message"].as_str().unwrap_or_default();
            if message.starts_with("aborting due to") {
                return None;
            }
            let code = diagnostic["code"]["code"].as_str().map(str::to_string);
            let rendered = diagnostic["rendered"]
                .as_str()
                .unwrap_or(message)
                .to_string();
            Some((code, rendered))
        })
        .collect()
}
