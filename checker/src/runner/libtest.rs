//! Running one test of a libtest binary in its own process, and judging how it ended.
//!
//! A test passes only if its process exits with status 0 *and* libtest wrote `ok <name>`
//! to a log file whose path the test cannot guess from its output. Printing a fake
//! "test result: ok", calling `std::process::exit(0)` mid-test or swallowing a panic in a
//! hook all end the process before libtest logs the test, so none of them passes.

use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

use crate::sandbox::{self, Cancel, Exit, Isolation, Job, Limits};

use super::{explain, replay};

/// The exit code a `shim::watchdog::Watchdog` ends a stalled test with.
const WATCHDOG_EXIT_CODE: i32 = 86;
const WATCHDOG_MARKER: &str = "threadlings-watchdog:";
/// Each wait of the deadlock the watchdog found among the shim's tracked locks.
const DEADLOCK_MARKER: &str = "threadlings-deadlock:";
const EXPLORED_MARKER: &str = "threadlings-explored:";
/// A part of a test that could not run here (a Linux-only experiment on macOS), and why.
const SKIPPED_MARKER: &str = "threadlings-skipped:";
const LOGFILE_WARNING: &str = "warning: `--logfile` is deprecated";

#[derive(Debug, Clone, PartialEq)]
pub enum TestOutcome {
    Passed {
        explored: Option<u64>,
        /// What the test skipped on this system, each with its reason.
        skipped: Vec<String>,
    },
    Failed {
        message: String,
    },
    TimedOut {
        after: Duration,
        message: String,
    },
    Crashed {
        signal: i32,
        message: String,
    },
    /// The model checker stopped on its own limits: nothing proven either way.
    Inconclusive {
        message: String,
    },
    /// The checker could not run the test (no temporary folder, a binary that cannot
    /// start): says nothing about the learner's code.
    CheckerFault {
        message: String,
    },
    Cancelled,
}

/// Lists the tests of a test binary (`--list --format terse`).
pub fn list(
    executable: &Path,
    cwd: &Path,
    isolation: &Isolation,
    cancel: &Cancel,
) -> Result<Vec<String>, String> {
    let limits = Limits::wall_only(Duration::from_secs(30));
    let job = Job::new(executable, cwd, limits)
        .arg("--list")
        .arg("--format")
        .arg("terse")
        .isolation(isolation.clone());
    let outcome = sandbox::run(&job, cancel)
        .map_err(|error| format!("could not run {}: {error}", executable.display()))?;
    if outcome.exit != Exit::Code(0) {
        return Err(format!(
            "listing the tests of {} failed: {}",
            executable.display(),
            outcome.stderr.trim()
        ));
    }
    let mut names: Vec<String> = outcome
        .stdout
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_string)
        .collect();
    names.sort();
    Ok(names)
}

/// Runs the test `name` alone in a fresh process.
pub fn run(
    executable: &Path,
    name: &str,
    cwd: &Path,
    env: &[(OsString, OsString)],
    limits: Limits,
    isolation: &Isolation,
    cancel: &Cancel,
) -> TestOutcome {
    let log_dir = match tempfile::Builder::new().prefix("threadlings-").tempdir() {
        Ok(dir) => dir,
        Err(error) => {
            return TestOutcome::CheckerFault {
                message: explain::wrap(
                    &format!(
                        "threadlings cannot make a temporary folder in {} ({error}), where \
                         each test writes the log that proves it passed. Point TMPDIR to a \
                         folder that exists and that you can write to (or unset it), then \
                         check again.",
                        std::env::temp_dir().display()
                    ),
                    90,
                ),
            };
        }
    };
    let log_file = log_dir.path().join(format!("{:016x}.log", random_u64()));
    let mut job = Job::new(executable, cwd, limits)
        .arg("--exact")
        .arg(name)
        .arg("--test-threads=1")
        .arg("--nocapture")
        .arg("--logfile")
        .arg(&log_file)
        // The model checkers' own time limits would silently turn an unfinished exploration
        // into a pass: never let them in from the environment.
        .env_remove("LOOM_MAX_DURATION")
        .env_remove("LOOM_CHECKPOINT_FILE")
        // Shuttle's own seed would override the manifest's: the check would run other schedules.
        .env_remove("SHUTTLE_RANDOM_SEED")
        .env("RUST_BACKTRACE", "0")
        // libtest writes its log there, so a shut-in test may write that folder too.
        .isolation(isolation.clone())
        .writable(log_dir.path());
    job.env.extend(env.iter().cloned());
    let outcome = match sandbox::run(&job, cancel) {
        Ok(outcome) => outcome,
        Err(error) => {
            return TestOutcome::CheckerFault {
                message: explain::wrap(
                    &format!(
                        "threadlings could not start the test binary {} ({error}). Check \
                         again; if it happens again, the build folder is damaged or on a disk \
                         that does not allow running programs: delete it, or move the workbook.",
                        executable.display()
                    ),
                    90,
                ),
            };
        }
    };
    let logged_ok = std::fs::read_to_string(&log_file)
        .map(|log| log.lines().any(|line| line == format!("ok {name}")))
        .unwrap_or(false);
    // libtest warns that --logfile is deprecated, without a newline: drop it before reading.
    let output = format!("{}\n{}", outcome.stdout, outcome.stderr).replace(LOGFILE_WARNING, "");
    let judged = judge(outcome.exit, logged_ok, &output, limits, outcome.elapsed);
    replay::with_note(judged, &output, name)
}

/// Decides a test's outcome from how its process ended and what it printed.
fn judge(
    exit: Exit,
    logged_ok: bool,
    output: &str,
    limits: Limits,
    elapsed: Duration,
) -> TestOutcome {
    match exit {
        Exit::Cancelled => TestOutcome::Cancelled,
        Exit::Code(0) if logged_ok => TestOutcome::Passed {
            explored: explored(output),
            skipped: skipped(output),
        },
        Exit::Code(0) => TestOutcome::Failed {
            message: "the test process exited with status 0 before the test finished: something \
                      called std::process::exit (or printed a fake result). A test passes only by \
                      returning normally."
                .to_string(),
        },
        Exit::Code(WATCHDOG_EXIT_CODE) if output.contains(WATCHDOG_MARKER) => {
            TestOutcome::TimedOut {
                after: elapsed,
                message: stalled_message(output),
            }
        }
        Exit::Code(_) => match explain::model_limit(output) {
            Some(explain::ModelLimit::Inconclusive(message)) => {
                TestOutcome::Inconclusive { message }
            }
            Some(explain::ModelLimit::Failure(message)) => TestOutcome::Failed { message },
            None => TestOutcome::Failed {
                message: explain::failure(output),
            },
        },
        Exit::TimedOut => TestOutcome::TimedOut {
            after: limits.wall,
            message: format!(
                "timed out after {} s: likely a deadlock or a livelock (threads waiting on each \
                 other, or spinning without progress).{}",
                limits.wall.as_secs(),
                explain::last_lines(output, 12)
            ),
        },
        Exit::Signal(signal) => match explain::panic_then_abort(output) {
            Some(message) => TestOutcome::Failed { message },
            None => TestOutcome::Crashed {
                signal,
                message: explain::crash(signal, output, limits),
            },
        },
    }
}

/// The watchdog's line, then the deadlock's waits (who holds what and waits for whom), if the
/// watched code used tracked locks and they showed a cycle.
fn stalled_message(output: &str) -> String {
    let marked = |marker: &'static str| {
        output
            .lines()
            .filter_map(move |line| line.split_once(marker).map(|(_, rest)| rest.trim()))
    };
    let mut message = marked(WATCHDOG_MARKER)
        .next()
        .unwrap_or_default()
        .to_string();
    let waits: Vec<&str> = marked(DEADLOCK_MARKER).collect();
    if waits.is_empty() {
        // No cycle to show: threads that still run but get nowhere, or one never let in.
        message.push_str(&format!(
            "\n{}",
            explain::wrap(
                "livelock or starvation suspected: no cycle of waits showed (locks from \
                 shim::tracked would name one), so threads may keep running without getting \
                 anywhere, or one may never get its turn.",
                90
            )
        ));
    }
    if !waits.is_empty() {
        message.push_str("\nThe deadlock: the waits close into a cycle.");
        for wait in waits {
            message.push_str("\n  ");
            message.push_str(wait);
        }
    }
    message
}

/// The executions a model checker reported exploring, summed.
fn explored(output: &str) -> Option<u64> {
    let counts: Vec<u64> = output
        .lines()
        .filter_map(|line| line.split_once(EXPLORED_MARKER).map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_whitespace().nth(1)?.parse().ok())
        .collect();
    (!counts.is_empty()).then(|| counts.iter().sum())
}

/// The reasons the test printed for the parts it skipped.
fn skipped(output: &str) -> Vec<String> {
    output
        .lines()
        .filter_map(|line| line.split_once(SKIPPED_MARKER).map(|(_, why)| why.trim()))
        .filter(|why| !why.is_empty())
        .map(str::to_string)
        .collect()
}

fn random_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits::wall_only(Duration::from_secs(10));

    #[test]
    fn exit_zero_without_the_log_line_is_a_failure() {
        let forged = "test result: ok. 1 passed; 0 failed\n";
        assert!(matches!(
            judge(Exit::Code(0), false, forged, LIMITS, Duration::ZERO),
            TestOutcome::Failed { .. }
        ));
    }

    #[test]
    fn exit_zero_with_the_log_line_passes_and_reports_explorations() {
        let output = "threadlings-explored: loom 13\nthreadlings-explored: loom 4\n";
        assert_eq!(
            judge(Exit::Code(0), true, output, LIMITS, Duration::ZERO),
            TestOutcome::Passed {
                explored: Some(17),
                skipped: Vec::new(),
            }
        );
    }

    #[test]
    fn a_passing_test_reports_what_it_skipped() {
        let output = "running 1 test
threadlings-skipped: clone() is Linux's
ok
";
        assert_eq!(
            judge(Exit::Code(0), true, output, LIMITS, Duration::ZERO),
            TestOutcome::Passed {
                explored: None,
                skipped: vec!["clone() is Linux's".to_string()],
            }
        );
    }

    #[test]
    fn a_loom_branch_limit_is_inconclusive_not_a_failure() {
        let output = "panicked at loom-0.7.3/src/rt/path.rs:247:13:\nModel exceeded maximum \
                      number of branches. This is often caused by an algorithm requiring the \
                      processor to make progress, e.g. spin locks.\n";
        assert!(matches!(
            judge(Exit::Code(101), false, output, LIMITS, Duration::ZERO),
            TestOutcome::Inconclusive { .. }
        ));
    }

    /// What loom 0.7.3 printed (trimmed) for a causality violation found in a `Drop` while
    /// another model thread, not yet run, held a value whose `Drop` uses loom.
    const LOOM_VIOLATION_THEN_ABORT: &str = "\
running 1 test
test arc_dropped_last ... 
thread 'arc_dropped_last' (1757) panicked at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/loom-0.7.3/src/rt/location.rs:115:9:

Causality violation: Concurrent read and write accesses to `UnsafeCell`.
    created: exercises/04_atomics/arc/tests/loom.rs:148:36
       read: thread #1 @ exercises/04_atomics/arc/tests/loom.rs:150:23
      write: thread #0 @ exercises/04_atomics/arc/tests/support/mod.rs:36:53

note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

thread 'arc_dropped_last' (1757) panicked at /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/loom-0.7.3/src/rt/scheduler.rs:128:13:
cannot access Loom execution state from outside a Loom model. are you accessing a Loom synchronization primitive from outside a Loom test (a call to `model` or `check`)?
stack backtrace:
   0:     0x55e31be1270a - std[e28293b1aa0f68bd]::backtrace_rs::backtrace::libunwind::trace
                               at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/../../backtrace/src/backtrace/libunwind.rs:117:9
  66:                0x0 - <unknown>

thread 'arc_dropped_last' (1757) panicked at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/panicking.rs:233:5:
panic in a destructor during cleanup
thread caused non-unwinding panic. aborting.
";

    /// Regression: a causality violation found in a `Drop` read "CRASHED by signal 6".
    #[test]
    fn a_loom_failure_that_aborts_while_unwinding_is_a_failure_with_looms_message() {
        match judge(
            Exit::Signal(6),
            false,
            LOOM_VIOLATION_THEN_ABORT,
            LIMITS,
            Duration::ZERO,
        ) {
            TestOutcome::Failed { message } => {
                assert!(
                    message.starts_with("loom reported:\nCausality violation"),
                    "{message}"
                );
                assert!(message.contains("support/mod.rs:36:53"), "{message}");
                assert!(message.contains("why: "), "{message}");
                // Loom's own trouble while leaving the model is no business of the learner.
                for noise in ["outside a Loom model", "backtrace", "destructor", "signal"] {
                    assert!(!message.contains(noise), "{noise}: {message}");
                }
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn a_drop_that_panics_while_unwinding_fails_with_the_first_panic() {
        let output = "thread 't' panicked at tests/unit.rs:9:5:\nassertion failed: ok\n\
                      note: run with `RUST_BACKTRACE=1`\n\
                      thread 't' panicked at src/lib.rs:40:9:\nguard dropped twice\n\
                      thread 't' panicked at library/core/src/panicking.rs:233:5:\n\
                      panic in a destructor during cleanup\n\
                      thread caused non-unwinding panic. aborting.\n";
        match judge(Exit::Signal(6), false, output, LIMITS, Duration::ZERO) {
            TestOutcome::Failed { message } => {
                assert!(
                    message.starts_with("panicked at tests/unit.rs:9:5:\nassertion failed"),
                    "{message}"
                );
                assert!(!message.contains("guard dropped twice"), "{message}");
                assert!(message.contains("a `Drop` panicked too"), "{message}");
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn an_abort_without_a_panic_is_still_a_crash() {
        let output = "free(): double free detected in tcache 2\n";
        assert!(matches!(
            judge(Exit::Signal(6), false, output, LIMITS, Duration::ZERO),
            TestOutcome::Crashed { signal: 6, .. }
        ));
    }

    /// The message of a watchdog's stall, as judged from `output`.
    fn stall_message(output: &str) -> String {
        match judge(
            Exit::Code(WATCHDOG_EXIT_CODE),
            false,
            output,
            LIMITS,
            Duration::ZERO,
        ) {
            TestOutcome::TimedOut { message, .. } => message,
            other => panic!("expected a timeout, got {other:?}"),
        }
    }

    #[test]
    fn a_watchdog_exit_with_a_deadlock_shows_its_cycle() {
        let output = "threadlings-watchdog: no progress in `dinner` for 3.0 s after 0 steps\n\
                      threadlings-deadlock: thread 2 holds lock 1 and waits for lock 2, held by \
                      thread 3\n\
                      threadlings-deadlock: thread 3 holds lock 2 and waits for lock 1, held by \
                      thread 2\n";
        let message = stall_message(output);
        let lines: Vec<&str> = message.lines().collect();
        assert!(lines[0].contains("dinner"), "{message}");
        assert!(lines[1].contains("cycle"), "{message}");
        assert!(lines[2].contains("thread 2 holds lock 1"), "{message}");
        assert!(lines[3].contains("thread 3 holds lock 2"), "{message}");
    }

    #[test]
    fn a_watchdog_exit_becomes_a_timeout_that_says_what_stalled() {
        let output = "threadlings-watchdog: no progress in `transfers` for 5.0 s after 12 steps\n";
        let message = stall_message(output);
        assert!(message.contains("transfers"), "{message}");
        assert!(!message.contains("The deadlock"), "no cycle: {message}");
        assert!(
            message.contains("livelock or starvation suspected"),
            "no cycle: {message}"
        );
    }
}
