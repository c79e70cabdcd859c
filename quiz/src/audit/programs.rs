//! Holds every complete program of a bank to the verdict its question declares: `rustc`
//! (edition 2024, type-checking only, `--emit=metadata`, which still runs the borrow checker)
//! must accept it, or reject it with exactly the named error code. A program that declares its
//! `output` is built into an executable instead and run a few times, and every run must print
//! one of the declared outputs.
use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

/// How often a program with an `output` runs: enough to catch an output the list lacks when it
/// is common, few enough to keep the check quick. The runs prove only what they saw.
pub const RUNS: usize = 3;
/// A run that takes longer has hung (the programs print in milliseconds); generous, so that a
/// loaded machine never turns a right program into a failure.
const RUN_LIMIT: Duration = Duration::from_secs(30);

/// A program whose compiler verdict, or whose output, is not the declared one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub id: String,
    pub source: PathBuf,
    /// The field that is wrong: `compiler` (rustc disagrees) or `output` (a run disagrees).
    pub field: &'static str,
    /// What the question says, and what rustc said or the run did.
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
                    let out = scratch.path().join(format!("program-{index}"));
                    let runs = question.output.as_deref();
                    match compile(rustc, &sources[index], &out, runs.is_some()) {
                        Ok(output) => {
                            let scratch_prefix = format!("{}/", scratch.path().display());
                            let problem = match judge(expected, &output) {
                                Some(problem) => Some(("compiler", problem)),
                                None => runs
                                    .filter(|_| output.status.success())
                                    .and_then(|allowed| run_and_judge(&out, allowed))
                                    .map(|problem| ("output", problem)),
                            };
                            if let Some((field, problem)) = problem
                                && let Ok(mut found) = mismatches.lock()
                            {
                                found.push(Mismatch {
                                    id: question.id.clone(),
                                    source: question.source.clone(),
                                    field,
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

/// Type-checks `source`, or, when it is to be run, builds it into the executable `out`.
fn compile(rustc: &Path, source: &Path, out: &Path, executable: bool) -> std::io::Result<Output> {
    Command::new(rustc)
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "bin",
            "--crate-name",
            "quiz_program",
        ])
        .arg(if executable {
            "--emit=link"
        } else {
            "--emit=metadata"
        })
        .args(["--error-format=json", "-o"])
        .arg(out)
        .arg(source)
        .output()
}

/// Runs the built program [`RUNS`] times; `None` when every run exits successfully and prints
/// one of `allowed` (trailing whitespace left out), otherwise what the first bad run did.
fn run_and_judge(executable: &Path, allowed: &[String]) -> Option<String> {
    let expected = allowed
        .iter()
        .map(|printed| format!("{printed:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    for _ in 0..RUNS {
        match run_once(executable) {
            Ok(printed) if allowed.contains(&printed) => {}
            Ok(printed) => {
                return Some(format!(
                    "a run must print one of {expected}, but a run printed {printed:?}"
                ));
            }
            Err(problem) => return Some(problem),
        }
    }
    None
}

/// One run under [`RUN_LIMIT`]: its stdout without trailing whitespace, or why it failed.
fn run_once(executable: &Path) -> Result<String, String> {
    let mut child = Command::new(executable)
        // A panic's message is what the report needs, not a backtrace the caller's shell asked for.
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("the compiled program could not be started: {error}"))?;
    // Read both pipes while the program runs, so that a chatty one never blocks on a full pipe.
    let readers = [
        child.stdout.take().map(read_all),
        child.stderr.take().map(read_all),
    ];
    let deadline = Instant::now() + RUN_LIMIT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                // Killing ends the program, which closes its pipes and ends the readers too.
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!(
                    "a run must print one of its outputs and end, but a run did not end within \
                     {} s",
                    RUN_LIMIT.as_secs()
                ));
            }
            Err(error) => {
                break Err(format!(
                    "the compiled program could not be waited for: {error}"
                ));
            }
        }
    };
    let [stdout, stderr] = readers.map(|reader| {
        reader
            .and_then(|reader| reader.join().ok())
            .unwrap_or_default()
    });
    let status = status?;
    if !status.success() {
        return Err(format!(
            "a run must print one of its outputs and end, but a run failed ({status}):\n    \
             {}",
            stderr.trim().replace('\n', "\n    ")
        ));
    }
    Ok(stdout.trim_end().to_string())
}

fn read_all(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
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
