//! Building an exercise's test binaries with cargo, and reading what cargo says.

use std::collections::HashMap;
use std::path::PathBuf;
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
    if !messages.errors.is_empty() {
        return BuildOutcome::CompileError(messages.errors.join("\n"));
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

#[derive(Debug, Default, PartialEq)]
struct Messages {
    executables: HashMap<String, PathBuf>,
    errors: Vec<String>,
}

#[derive(Deserialize)]
struct Line {
    reason: String,
    target: Option<TargetInfo>,
    executable: Option<PathBuf>,
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct TargetInfo {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    rendered: Option<String>,
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
                    && let Some(rendered) = diagnostic.rendered
                {
                    messages.errors.push(rendered);
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
            vec!["error[E0308]: mismatched types".to_string()]
        );
    }
}
