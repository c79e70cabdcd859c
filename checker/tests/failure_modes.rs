//! The runner's failure modes, driven through the real binary: each misbehaving fixture
//! program gets the right verdict, and no process of it survives the check.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

mod support;

fn fixture_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/failure_modes")
}

struct Checked {
    report: Value,
    exit_code: Option<i32>,
    elapsed: Duration,
    survivors: Vec<i32>,
}

/// Runs `threadlings check <slug> --json` on the fixture workbook.
fn check(slug: &str) -> Checked {
    check_with(slug, &[])
}

/// [`check`], with more environment variables for threadlings.
fn check_with(slug: &str, env: &[(&str, &Path)]) -> Checked {
    let marker = format!("{slug}-{}-{:?}", std::process::id(), Instant::now());
    let state = tempfile::tempdir().expect("a temporary state folder");
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .args(["--root"])
        .arg(fixture_root())
        .args(["check", slug, "--json"])
        .env(
            "THREADLINGS_TARGET_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("failure-modes"),
        )
        .env("THREADLINGS_STATE_DIR", state.path())
        // Every process the check starts inherits this, so the test can look for leftovers.
        .env("FIXTURE_MARKER", &marker)
        .envs(env.iter().copied())
        .output()
        .expect("threadlings runs");
    let elapsed = started.elapsed();
    let report = support::stdout_json(&output);
    // Give the kernel a moment to finish tearing down what was killed.
    std::thread::sleep(Duration::from_millis(100));
    let survivors = threadlings::sandbox::processes_with_env("FIXTURE_MARKER", &marker);
    Checked {
        report,
        exit_code: output.status.code(),
        elapsed,
        survivors,
    }
}

fn verdict(checked: &Checked) -> &str {
    checked.report["verdict"]["verdict"]
        .as_str()
        .unwrap_or("missing")
}

fn assert_nothing_left(checked: &Checked) {
    assert!(
        checked.survivors.is_empty(),
        "processes left behind: {:?}",
        checked.survivors
    );
}

#[test]
fn a_deadlock_times_out_with_a_clear_verdict() {
    let checked = check("deadlock");
    assert_eq!(verdict(&checked), "timed_out", "{:#}", checked.report);
    assert_eq!(
        checked.report["verdict"]["test"],
        "transfers_in_opposite_directions"
    );
    let message = checked.report["verdict"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("likely a deadlock"), "{message}");
    assert_eq!(checked.exit_code, Some(1));
    assert_nothing_left(&checked);
}

#[test]
fn a_spinning_thread_times_out_and_is_killed() {
    let checked = check("spin");
    assert_eq!(verdict(&checked), "timed_out", "{:#}", checked.report);
    assert_eq!(checked.report["verdict"]["after_secs"], 2.0);
    assert_nothing_left(&checked);
}

#[test]
fn a_leaked_child_is_killed_after_the_test() {
    let checked = check("leaked_child");
    assert_eq!(verdict(&checked), "passed", "{:#}", checked.report);
    assert_nothing_left(&checked);
}

// Linux only: it needs `setsid`, /proc and an enforced RLIMIT_AS (macOS enforces none).
#[cfg(target_os = "linux")]
#[test]
fn a_child_that_left_the_process_group_is_swept() {
    let checked = check("escaped_child");
    assert_eq!(verdict(&checked), "passed", "{:#}", checked.report);
    assert_nothing_left(&checked);
}

#[test]
fn a_grandchild_ignoring_sigterm_is_killed() {
    let checked = check("stubborn_grandchild");
    assert_eq!(verdict(&checked), "timed_out", "{:#}", checked.report);
    // 2 s limit, 0.3 s grace, the build: nothing may wait on the stubborn grandchild.
    assert!(
        checked.elapsed < Duration::from_secs(60),
        "took {:?}",
        checked.elapsed
    );
    assert_nothing_left(&checked);
}

// Linux only: it needs `setsid`, /proc and an enforced RLIMIT_AS (macOS enforces none).
#[cfg(target_os = "linux")]
#[test]
fn a_memory_hog_crashes_with_an_out_of_memory_message() {
    let checked = check("memory_hog");
    assert_eq!(verdict(&checked), "crashed", "{:#}", checked.report);
    let message = checked.report["verdict"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("out of memory") && message.contains("256 MiB"),
        "{message}"
    );
    assert_nothing_left(&checked);
}

#[test]
fn exit_zero_in_the_middle_of_a_test_is_a_failure() {
    let checked = check("exit_zero");
    assert_eq!(verdict(&checked), "failed", "{:#}", checked.report);
    let message = checked.report["verdict"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("std::process::exit"), "{message}");
    assert_nothing_left(&checked);
}

#[test]
fn forged_success_output_is_a_failure() {
    let checked = check("forged_output");
    assert_eq!(verdict(&checked), "failed", "{:#}", checked.report);
    assert_nothing_left(&checked);
}

#[test]
fn a_panic_hook_that_exits_zero_does_not_hide_a_failed_assertion() {
    let checked = check("panic_hook_exit");
    assert_eq!(verdict(&checked), "failed", "{:#}", checked.report);
}

#[test]
fn a_stage_without_tests_is_never_a_pass() {
    let checked = check("no_tests");
    assert_eq!(verdict(&checked), "no_test_ran", "{:#}", checked.report);
    assert_eq!(checked.report["verdict"]["stage"], "unit");
    // The exercise's fault, not the learner's: a workbook error.
    assert_eq!(checked.exit_code, Some(2));
}

/// Regression: a crate the learner never edits that did not compile was their compile error.
#[test]
fn a_build_that_breaks_outside_the_learners_files_is_a_checker_error() {
    let checked = check("broken_dependency");
    assert_eq!(verdict(&checked), "error", "{:#}", checked.report);
    let message = checked.report["verdict"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("broken_helper") && message.contains("not in your files"),
        "{message}"
    );
    // rustc's own words stay, so whoever fixes it sees what is wrong.
    assert!(message.contains("mismatched types"), "{message}");
    assert_eq!(checked.exit_code, Some(4));
}

/// A folder that does not exist, for TMPDIR: the checker cannot make its temporary folders.
fn missing_tmpdir() -> (tempfile::TempDir, PathBuf) {
    let parent = tempfile::tempdir().expect("a temporary folder");
    let missing = parent.path().join("gone");
    (parent, missing)
}

/// Regression: a temporary folder the checker could not make failed the learner's test.
#[test]
fn a_temporary_folder_that_cannot_be_made_is_a_checker_error_not_a_failure() {
    let (_parent, missing) = missing_tmpdir();
    let checked = check_with("passes", &[("TMPDIR", &missing)]);
    assert_eq!(verdict(&checked), "error", "{:#}", checked.report);
    let message = checked.report["verdict"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("temporary folder") && message.contains("TMPDIR"),
        "{message}"
    );
    // Its own exit code: neither a pass (0) nor the learner's failure (1).
    assert_eq!(checked.exit_code, Some(4));
    assert_nothing_left(&checked);
}

/// Regression: `dev check` counted the checker's own error as a wrong answer rejected.
#[test]
fn dev_check_never_counts_a_checker_error_as_a_rejection() {
    let (_parent, missing) = missing_tmpdir();
    let output = Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .args(["--root"])
        .arg(fixture_root())
        .args(["dev", "check", "--exercise", "passes", "--json"])
        .env(
            "THREADLINGS_TARGET_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("failure-modes"),
        )
        .env("TMPDIR", &missing)
        .output()
        .expect("threadlings runs");
    let outcomes: Vec<Value> =
        serde_json::from_value(support::stdout_json(&output)).expect("a list of outcomes");
    // The checks of the variants; the authoring notes (what the fixture exercise still lacks,
    // such as right answers) are not checks.
    let outcomes: Vec<Value> = outcomes
        .into_iter()
        .filter(|outcome| outcome["variant"] != "tests")
        .collect();
    let variants: Vec<&str> = outcomes
        .iter()
        .filter_map(|outcome| outcome["variant"].as_str())
        .collect();
    assert_eq!(variants, ["shipped", "solution", "wrong/off_by_one"]);
    for outcome in &outcomes {
        // The wrong answer expects a rejection by unit, the shipped code a failure: an error
        // is neither, however the checker came to it.
        assert_eq!(outcome["verdict"]["verdict"], "error", "{outcome:#}");
        assert_eq!(outcome["as_expected"], false, "{outcome:#}");
        let message = outcome["verdict"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("TMPDIR"), "{outcome:#}");
    }
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_compile_error_shows_the_diagnostics() {
    let checked = check("compile_error");
    assert_eq!(verdict(&checked), "compile_error", "{:#}", checked.report);
    let diagnostics = checked.report["verdict"]["diagnostics"]
        .as_str()
        .unwrap_or_default();
    assert!(diagnostics.contains("mismatched types"), "{diagnostics}");
    assert!(diagnostics.contains("src/lib.rs"), "{diagnostics}");
}

#[test]
fn a_correct_program_passes() {
    let checked = check("passes");
    assert_eq!(verdict(&checked), "passed", "{:#}", checked.report);
    assert_eq!(checked.report["stages"][0]["tests_run"], 1);
    assert_eq!(checked.exit_code, Some(0));
}

#[test]
fn an_interrupted_check_stops_its_test_processes() {
    use std::io::{BufRead, BufReader};
    let marker = format!("interrupted-{}", std::process::id());
    let state = tempfile::tempdir().expect("a temporary state folder");
    let mut checker = Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .args(["--root"])
        .arg(fixture_root())
        .args(["check", "interrupted"])
        .env(
            "THREADLINGS_TARGET_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("failure-modes"),
        )
        .env("THREADLINGS_STATE_DIR", state.path())
        .env("FIXTURE_MARKER", &marker)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("threadlings runs");
    let (lines_tx, lines) = std::sync::mpsc::channel();
    let stdout = BufReader::new(checker.stdout.take().unwrap());
    // Keep reading to the end, so threadlings never writes into a closed pipe.
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    while !lines
        .recv_timeout(Duration::from_secs(120))
        .expect("the check starts")
        .contains("running unit")
    {}
    std::thread::sleep(Duration::from_millis(300));
    let pid = nix::unistd::Pid::from_raw(checker.id() as i32);
    // Ctrl-C reaches threadlings, not the test, which runs in a process group of its own.
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).unwrap();
    let started = Instant::now();
    let status = checker.wait().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?} to stop",
        started.elapsed()
    );
    assert_eq!(status.code(), Some(130));
    std::thread::sleep(Duration::from_millis(100));
    let survivors = threadlings::sandbox::processes_with_env("FIXTURE_MARKER", &marker);
    assert!(survivors.is_empty(), "processes left behind: {survivors:?}");
}

#[test]
fn a_watchdog_turns_a_stall_into_a_timeout_that_says_what_was_stuck() {
    let checked = check("stalled");
    assert_eq!(verdict(&checked), "timed_out", "{:#}", checked.report);
    let message = checked.report["verdict"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("waiting for the reply") && message.contains("likely a deadlock"),
        "{message}"
    );
    let after = checked.report["verdict"]["after_secs"]
        .as_f64()
        .unwrap_or(f64::MAX);
    assert!(
        after < 5.0,
        "the watchdog stops a stall long before the 10 s limit, not after {after} s"
    );
    assert_nothing_left(&checked);
}

#[test]
fn a_deadlock_on_tracked_locks_is_shown_as_its_cycle() {
    let checked = check("lock_cycle");
    assert_eq!(verdict(&checked), "timed_out", "{:#}", checked.report);
    let message = checked.report["verdict"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("two transfers"), "{message}");
    // Each thread holds one account and waits for the other's: both waits are named.
    for wait in [
        "holds lock 1 ('account 0') and waits for lock 2 ('account 1'), held by thread",
        "holds lock 2 ('account 1') and waits for lock 1 ('account 0'), held by thread",
    ] {
        assert!(message.contains(wait), "{wait:?} missing from: {message}");
    }
    assert_nothing_left(&checked);
}

#[test]
fn compile_fail_passes_when_each_snippet_does_what_it_says() {
    let checked = check("type_checks_pass");
    assert_eq!(verdict(&checked), "passed", "{:#}", checked.report);
    assert_eq!(checked.report["stages"][0]["stage"], "compile_fail");
    assert_eq!(checked.report["stages"][0]["tests_run"], 3);
    assert_eq!(checked.exit_code, Some(0));
}

#[test]
fn compile_fail_names_the_snippet_that_compiled_but_must_not() {
    let checked = check("type_checks_fail");
    assert_eq!(verdict(&checked), "failed", "{:#}", checked.report);
    assert_eq!(
        checked.report["verdict"]["test"], "portable_wrongly_expected_to_stay",
        "{:#}",
        checked.report
    );
    let message = checked.report["verdict"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("this snippet compiles, and it must not") && message.contains("E0277"),
        "{message}"
    );
    assert_eq!(checked.exit_code, Some(1));
}

#[test]
fn compile_fail_refuses_an_unsafe_impl_and_says_why() {
    let checked = check("unsafe_impl");
    assert_eq!(verdict(&checked), "failed", "{:#}", checked.report);
    let message = checked.report["verdict"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("src/lib.rs:4") && message.contains("unsafe impl Send"),
        "{message}"
    );
}
