//! Building an exercise's test binaries with cargo, and reading what cargo says.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::sandbox::{self, Cancel, Exit, Job, Limits};

/// A build should never take this long; it is only a backstop against a hung compiler.
const BUILD_LIMIT: Duration = Duration::from_secs(900);
/// The nice value of a build that runs beside the one the learner waits for: on two cores
/// the first verdict's build gets the CPU, and the other uses what is left.
const BACKGROUND_NICENESS: i32 = 10;

/// What one build produced.
#[derive(Debug)]
pub enum BuildOutcome {
    /// Test-target name → executable.
    Built(HashMap<String, PathBuf>),
    /// rustc's rendered errors.
    CompileError(String),
    Cancelled,
    /// cargo could not build for another reason (its message).
    Failed(String),
}

/// One build: some test targets of a package, with an optional `--cfg`. It owns its paths,
/// so that it can run on a thread that outlives the check that started it.
#[derive(Debug, Clone)]
pub struct Build {
    pub crate_dir: PathBuf,
    pub package: String,
    pub test_targets: Vec<&'static str>,
    pub cfg: Option<&'static str>,
    /// The workbook's target directory; a `--cfg` build goes into a subfolder named after
    /// the cfg, so switching between std and loom builds never rebuilds from scratch.
    pub target_dir: PathBuf,
    /// Runs at a lower CPU priority: nobody waits for it yet.
    pub background: bool,
}

impl Build {
    /// Where this build's artefacts go.
    pub fn target_dir(&self) -> PathBuf {
        match self.cfg {
            Some(cfg) => self.target_dir.join(cfg),
            None => self.target_dir.to_path_buf(),
        }
    }

    fn job(&self) -> Job {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let limits = Limits::wall_only(BUILD_LIMIT);
        let mut job = Job::new(PathBuf::from(cargo), &self.crate_dir, limits)
            .arg("test")
            .arg("--no-run")
            .arg("--message-format=json")
            .arg("--package")
            .arg(&self.package)
            .arg("--target-dir")
            .arg(self.target_dir());
        for target in &self.test_targets {
            job = job.arg("--test").arg(*target);
        }
        if let Some(cfg) = self.cfg {
            // Keep the learner's own flags, add ours.
            let mut flags = std::env::var("RUSTFLAGS").unwrap_or_default();
            flags.push_str(&format!(" --cfg {cfg}"));
            job = job.env("RUSTFLAGS", flags.trim());
        }
        if self.background {
            job = job.niceness(BACKGROUND_NICENESS);
        }
        job.env_remove("CARGO_TARGET_DIR")
            .env("CARGO_TERM_COLOR", "never")
    }
}

/// Builds the test binaries and finds their paths.
pub fn build(build: &Build, cancel: &Cancel) -> BuildOutcome {
    let outcome = match sandbox::run(&build.job(), cancel) {
        Ok(outcome) => outcome,
        Err(error) => return BuildOutcome::Failed(format!("could not run cargo: {error}")),
    };
    match outcome.exit {
        Exit::Cancelled => return BuildOutcome::Cancelled,
        Exit::TimedOut => {
            return BuildOutcome::Failed(format!(
                "the build took longer than {} s and was stopped",
                BUILD_LIMIT.as_secs()
            ));
        }
        _ => {}
    }
    let messages = parse_messages(&outcome.stdout);
    // Errors outside the exercise's crate (the shim, a dependency) are not the learner's:
    // the learner edits only files of the exercise. (An error in the exercise's own tests
    // is the learner's: the tests compile against any answer with the README's interface.)
    let (own, outside): (Vec<CompilerError>, Vec<CompilerError>) = messages
        .errors
        .into_iter()
        .partition(|error| error.is_in(&build.crate_dir));
    if let Some(first) = outside.first() {
        return BuildOutcome::Failed(broken_outside(first, &outside));
    }
    if !own.is_empty() {
        return BuildOutcome::CompileError(learners_first(own));
    }
    if outcome.exit != Exit::Code(0) {
        return BuildOutcome::Failed(format!("cargo failed:\n{}", outcome.stderr.trim()));
    }
    let missing: Vec<_> = build
        .test_targets
        .iter()
        .filter(|target| !messages.executables.contains_key(**target))
        .collect();
    if !missing.is_empty() {
        return BuildOutcome::Failed(format!("cargo built no test binary for {missing:?}"));
    }
    BuildOutcome::Built(messages.executables)
}

/// Says that a crate the exercise depends on does not compile, where, and what to do.
fn broken_outside(first: &CompilerError, errors: &[CompilerError]) -> String {
    // Relative to where threadlings runs (the workbook, usually), as git takes it there.
    let here = std::env::current_dir().unwrap_or_default();
    let place = first
        .manifest_path
        .as_deref()
        .and_then(Path::parent)
        .map(|dir| dir.strip_prefix(&here).unwrap_or(dir))
        .map_or_else(
            || "a dependency".to_string(),
            |dir| dir.display().to_string(),
        );
    let advice = super::explain::wrap(
        &format!(
            "threadlings could not build {place}, which the exercise depends on: the errors \
             below are there, not in your files, so they say nothing about your code. If it \
             was changed, restore it as shipped (`git checkout -- {place}`); otherwise your \
             Rust toolchain may not suit it (`rustup update`). Then check again."
        ),
        90,
    );
    let rendered: Vec<&str> = errors.iter().map(|error| error.rendered.as_str()).collect();
    format!("{advice}\n\n{}", rendered.join("\n"))
}

#[derive(Debug, Default, PartialEq)]
struct Messages {
    executables: HashMap<String, PathBuf>,
    errors: Vec<CompilerError>,
}

/// The errors in the exercise's crate as the learner should read them: those in their own
/// files first (a test that no longer compiles is usually a consequence), each once, without
/// rustc's closing "aborting due to N previous errors".
fn learners_first(mut own: Vec<CompilerError>) -> String {
    own.sort_by_key(|error| error.in_tests);
    let mut rendered: Vec<String> = Vec::new();
    for error in own {
        if !rendered.contains(&error.rendered) {
            rendered.push(error.rendered);
        }
    }
    rendered.join("\n")
}

/// One error rustc reported, and the package it was compiling.
#[derive(Debug, PartialEq)]
struct CompilerError {
    rendered: String,
    /// The `Cargo.toml` of the package being compiled (cargo names it in every message).
    manifest_path: Option<PathBuf>,
    /// Its primary place is in the exercise's tests, not in a file the learner edits.
    in_tests: bool,
}

impl CompilerError {
    /// Whether the error is in the crate at `crate_dir` (unknown counts as in it, as before
    /// cargo named the package).
    fn is_in(&self, crate_dir: &Path) -> bool {
        let Some(package_dir) = self.manifest_path.as_deref().and_then(Path::parent) else {
            return true;
        };
        let canonical = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        canonical(package_dir) == canonical(crate_dir)
    }
}

#[derive(Deserialize)]
struct Line {
    reason: String,
    target: Option<TargetInfo>,
    executable: Option<PathBuf>,
    message: Option<Diagnostic>,
    manifest_path: Option<PathBuf>,
}

#[derive(Deserialize)]
struct TargetInfo {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    is_primary: bool,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    message: Option<String>,
    #[serde(default)]
    spans: Vec<Span>,
    rendered: Option<String>,
}

/// rustc's closing line ("aborting due to 2 previous errors"): no place, nothing to fix.
fn is_summary(diagnostic: &Diagnostic) -> bool {
    diagnostic.spans.is_empty()
        && diagnostic
            .message
            .as_deref()
            .is_some_and(|message| message.starts_with("aborting due to"))
}

fn parse_messages(stdout: &str) -> Messages {
    let mut messages = Messages::default();
    for line in stdout.lines().filter(|line| line.starts_with('{')) {
        let Ok(line) = serde_json::from_str::<Line>(line) else {
            continue;
        };
        match line.reason.as_str() {
            "compiler-artifact" => {
                if let (Some(target), Some(executable)) = (line.target, line.executable)
                    && target.kind.iter().any(|kind| kind == "test")
                {
                    messages.executables.insert(target.name, executable);
                }
            }
            "compiler-message" => {
                if let Some(diagnostic) = line.message
                    && diagnostic.level == "error"
                    && !is_summary(&diagnostic)
                    && let Some(rendered) = diagnostic.rendered
                {
                    let in_tests = diagnostic.spans.iter().any(|span| {
                        span.is_primary
                            && (span.file_name.starts_with("tests/")
                                || span.file_name.contains("/tests/"))
                    });
                    messages.errors.push(CompilerError {
                        rendered,
                        manifest_path: line.manifest_path,
                        in_tests,
                    });
                }
            }
            _ => {}
        }
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_test_executables_and_errors_from_cargo_json() {
        let stdout = r#"{"reason":"compiler-artifact","target":{"name":"unit","kind":["test"]},"executable":"/t/unit-1"}
{"reason":"compiler-artifact","target":{"name":"shim","kind":["lib"]},"executable":null}
{"reason":"compiler-message","message":{"level":"warning","rendered":"warning: unused"}}
{"reason":"compiler-message","message":{"level":"error","rendered":"error[E0308]: mismatched types"}}
not json at all
{"reason":"build-finished","success":false}"#;
        let messages = parse_messages(stdout);
        assert_eq!(
            messages.executables.get("unit"),
            Some(&PathBuf::from("/t/unit-1"))
        );
        assert_eq!(messages.executables.len(), 1);
        assert_eq!(
            messages.errors,
            vec![CompilerError {
                rendered: "error[E0308]: mismatched types".to_string(),
                manifest_path: None,
                in_tests: false,
            }]
        );
    }

    /// Regression: a shim that did not compile was reported as the learner's compile error.
    #[test]
    fn an_error_outside_the_exercise_crate_is_not_the_learners() {
        let workbook = tempfile::tempdir().unwrap();
        let exercise = workbook.path().join("exercises/03_locks/spinlock");
        let shim = workbook.path().join("exercises/shim");
        let line = |dir: &Path, error: &str| {
            serde_json::json!({
                "reason": "compiler-message",
                "manifest_path": dir.join("Cargo.toml"),
                "message": {"level": "error", "rendered": error},
            })
            .to_string()
        };
        let stdout = format!(
            "{}\n{}",
            line(&shim, "error[E0425]: cannot find value `x`"),
            line(&exercise, "error[E0308]: mismatched types")
        );
        let (own, outside): (Vec<_>, Vec<_>) = parse_messages(&stdout)
            .errors
            .into_iter()
            .partition(|error| error.is_in(&exercise));
        assert_eq!(own.len(), 1);
        assert!(own[0].rendered.contains("mismatched types"));
        let message = broken_outside(&outside[0], &outside);
        assert!(message.contains("not in your files"), "{message}");
        assert!(message.contains(&shim.display().to_string()), "{message}");
        assert!(
            message.ends_with("error[E0425]: cannot find value `x`"),
            "{message}"
        );
    }

    /// The learner reads their own file's error first; the tests' errors that follow from it
    /// come after, and rustc's "aborting due to" closing line is gone.
    #[test]
    fn the_learners_own_errors_come_first_without_rustcs_closing_line() {
        let line = |file: Option<&str>, message: &str| {
            let spans: Vec<serde_json::Value> = file
                .map(|file| serde_json::json!({"file_name": file, "is_primary": true}))
                .into_iter()
                .collect();
            serde_json::json!({
                "reason": "compiler-message",
                "message": {"level": "error", "message": message, "spans": spans,
                            "rendered": format!("error: {message}")},
            })
            .to_string()
        };
        let stdout = [
            line(
                Some("exercises/03_locks/spinlock/tests/unit.rs"),
                "no method named `lock` found",
            ),
            line(
                Some("exercises/03_locks/spinlock/src/lib.rs"),
                "mismatched types",
            ),
            line(
                Some("exercises/03_locks/spinlock/tests/unit.rs"),
                "no method named `lock` found",
            ),
            line(None, "aborting due to 2 previous errors"),
        ]
        .join("\n");
        let errors = parse_messages(&stdout).errors;
        insta::assert_snapshot!(learners_first(errors), @r"
        error: mismatched types
        error: no method named `lock` found
        ");
    }
}
