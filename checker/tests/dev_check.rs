//! The full `dev check` of the real workbook: shipped exercises fail, solutions pass,
//! wrong-answer fixtures fail and right-answer fixtures (other correct shapes) pass. This is
//! what makes a grade trustworthy, both ways.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

mod support;

/// The tests of this file share one target folder (its builds), one at a time.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dev-check")
}

#[test]
fn every_check_of_the_workbook_judges_as_expected() {
    let _serial = one_at_a_time();
    let workbook = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    if !workbook.join("solutions").is_dir() {
        // The learner edition (`threadlings export --without-solutions`) has nothing to check
        // the checks against; what it owes is a refusal that says why.
        eprintln!(
            "note: no solutions/ here (a learner edition): the full dev check is skipped; \
             checking only that `dev check` says why it cannot run"
        );
        let output = Command::new(env!("CARGO_BIN_EXE_threadlings"))
            .arg("--root")
            .arg(&workbook)
            .args(["dev", "check"])
            .output()
            .expect("threadlings runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("exported without solutions"), "{stderr}");
        return;
    }
    let output = Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .arg("--root")
        .arg(&workbook)
        .args(["dev", "check", "--json"])
        .env("THREADLINGS_TARGET_DIR", target_dir())
        .output()
        .expect("threadlings runs");
    let outcomes: Vec<Value> =
        serde_json::from_value(support::stdout_json(&output)).expect("a list of outcomes");
    let unexpected: Vec<&Value> = outcomes
        .iter()
        .filter(|o| o["as_expected"] != true)
        .collect();
    assert!(unexpected.is_empty(), "judged wrongly: {unexpected:#?}");
    assert!(output.status.success());

    // Every exercise: its shipped code, its solution, at least two wrong answers and at least
    // two right answers of other shapes than the solution's.
    let exercises: std::collections::BTreeSet<&str> = outcomes
        .iter()
        .filter_map(|o| o["exercise"].as_str())
        .collect();
    for slice in [
        "locks/spinlock",
        "atomics/message_passing",
        "hazards/bank",
        "hazards/treiber_stack",
        "async/join",
    ] {
        assert!(exercises.contains(slice), "{slice} missing: {exercises:?}");
    }
    for exercise in exercises {
        let variants: Vec<&Value> = outcomes
            .iter()
            .filter(|o| o["exercise"] == exercise)
            .collect();
        let named = |name: &str| variants.iter().any(|o| o["variant"] == name);
        assert!(
            named("shipped") && named("solution"),
            "{exercise}: {variants:#?}"
        );
        // How many fixtures of a kind, each expected as its folder says.
        let of_kind = |prefix: &str, expected: fn(&Value) -> bool| {
            let fixtures: Vec<&&Value> = variants
                .iter()
                .filter(|o| o["variant"].as_str().is_some_and(|v| v.starts_with(prefix)))
                .collect();
            for fixture in &fixtures {
                assert!(expected(&fixture["expected"]), "{fixture:#?}");
            }
            fixtures.len()
        };
        let wrong = of_kind("wrong/", |expected| expected["fail"].is_object());
        assert!(
            wrong >= 2,
            "{exercise} has {wrong} wrong-answer fixtures; it needs at least two"
        );
        let right = of_kind("right/", |expected| expected == "pass");
        assert!(
            right >= 2,
            "{exercise} has {right} right-answer fixtures (correct answers of other shapes \
             than the solution, in solutions/<chapter>/<slug>/right/); it needs at least two"
        );
    }
}

/// `proactor` where io_uring cannot run (forced here by `THREADLINGS_NO_IO_URING`, as macOS or a
/// locked-down kernel would): the solution passes, its verdict names the skipped part and why,
/// and the thread pool is still checked: the wrong answers of the portable part are rejected as
/// usual, and the io_uring-only ones are reported as not judged on this system, not as holes.
#[test]
fn without_io_uring_proactor_skips_that_part_says_why_and_checks_the_thread_pool() {
    let _serial = one_at_a_time();
    let workbook = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    if !workbook.join("solutions").is_dir() {
        eprintln!("note: no solutions/ here (a learner edition): nothing to check");
        return;
    }
    let output = Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .arg("--root")
        .arg(&workbook)
        .args(["dev", "check", "--exercise", "proactor", "--json"])
        .env("THREADLINGS_TARGET_DIR", target_dir())
        .env("THREADLINGS_NO_IO_URING", "1")
        .output()
        .expect("threadlings runs");
    let outcomes: Vec<Value> =
        serde_json::from_value(support::stdout_json(&output)).expect("a list of outcomes");
    let variant = |name: &str| {
        outcomes
            .iter()
            .find(|o| o["variant"] == name)
            .unwrap_or_else(|| panic!("no {name} in {outcomes:#?}"))
    };
    let solution = variant("solution");
    assert_eq!(solution["verdict"]["verdict"], "passed", "{solution:#?}");
    let said = solution["skipped"].to_string();
    assert!(
        said.contains("io_uring back end not checked")
            && said.contains("THREADLINGS_NO_IO_URING is set")
            && said.contains("thread-pool back end was checked alone"),
        "the pass must say what was skipped and why: {solution:#?}"
    );
    // Caught in the thread pool's queue: rejected without io_uring too.
    for caught in ["wrong/one_slot", "wrong/lost_wake_up"] {
        let outcome = variant(caught);
        assert!(
            outcome["as_expected"] == true && outcome["judged_here"] == true,
            "{outcome:#?}"
        );
    }
    // io_uring's own mistakes: they pass here, and say that nothing was judged.
    for unjudged in ["wrong/by_position", "wrong/submitted_at_wait"] {
        let outcome = variant(unjudged);
        assert!(
            outcome["verdict"]["verdict"] == "passed" && outcome["judged_here"] == false,
            "{outcome:#?}"
        );
    }
    assert!(output.status.success(), "{outcomes:#?}");
}
