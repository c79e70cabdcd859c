//! The commands a learner types, driven through the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;

use support::git;

fn workbook() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs threadlings on `root` with its own progress folder.
fn threadlings(root: &Path, state: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("THREADLINGS_STATE_DIR", state)
        .env("NO_COLOR", "1")
        .output()
        .expect("threadlings runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_bare_run_watches_the_current_exercise_and_stops_cleanly_on_sigterm() {
    use std::io::{BufRead, BufReader};
    let state = tempfile::tempdir().unwrap();
    // The first exercise of the course, whichever chapter opens it.
    let (first_id, first_path) = first_exercise(state.path());
    let marker = format!("bare-run-{}", std::process::id());
    let mut watcher = Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .arg("--root")
        .arg(workbook())
        .env("THREADLINGS_STATE_DIR", state.path())
        .env(
            "THREADLINGS_TARGET_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli"),
        )
        .env("FIXTURE_MARKER", &marker)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("threadlings runs");
    let stdout = watcher.stdout.take().unwrap();
    // A failed expectation below must not leave the watcher running for ever.
    let mut watcher = KillOnDrop(watcher);
    let (lines_tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let mut seen = String::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(240);
    // The watcher introduces the first exercise, then checks it: as shipped, it fails.
    while !seen.contains(&format!("FAILED {first_id}")) {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
            .unwrap_or_else(|_| panic!("no verdict; the watcher printed:\n{seen}"));
        seen.push_str(&line);
        seen.push('\n');
    }
    assert!(seen.contains(&format!("exercise: {first_id}")), "{seen}");
    assert!(
        seen.contains(&format!("edit  {first_path}/src/lib.rs")),
        "{seen}"
    );
    assert!(
        !seen.contains('\u{1b}'),
        "no colour without a terminal:\n{seen}"
    );
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(watcher.0.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let status = watcher.0.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(threadlings::sandbox::processes_with_env("FIXTURE_MARKER", &marker).is_empty());
}

/// A child process killed when the test ends, however it ends.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The id and folder of the course's first exercise, as `list --json` gives them.
fn first_exercise(state: &Path) -> (String, String) {
    let output = threadlings(&workbook(), state, &["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let first = &rows[0];
    let field = |name: &str| first[name].as_str().expect("id and path").to_owned();
    (field("id"), field("path"))
}

#[test]
fn list_json_gives_every_exercise_in_course_order() {
    let state = tempfile::tempdir().unwrap();
    let output = threadlings(&workbook(), state.path(), &["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|row| row["id"].as_str())
        .collect();
    // Chapters come in the course's order, and each chapter's exercises by their `order`.
    let position = |id: &str| {
        ids.iter()
            .position(|&found| found == id)
            .unwrap_or_else(|| panic!("{id} missing: {ids:?}"))
    };
    assert_eq!(ids.first(), Some(&"threads/scoped_sum"), "{ids:?}");
    for (before, after) in [
        ("threads/thread_local_stats", "locks/spinlock"),
        ("locks/spinlock", "locks/ticket_lock"),
        ("locks/barrier", "atomics/message_passing"),
        ("hazards/bank", "hazards/treiber_stack"),
        ("message_passing/oneshot", "async/join"),
    ] {
        assert!(
            position(before) < position(after),
            "{before} before {after}: {ids:?}"
        );
    }
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|row| row["done"] == false)
    );
}

#[test]
fn an_unknown_exercise_is_a_clear_error_with_a_suggestion() {
    let state = tempfile::tempdir().unwrap();
    let output = threadlings(&workbook(), state.path(), &["check", "spinlok"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("no exercise `spinlok`") && stderr.contains("did you mean `spinlock`"),
        "{stderr}"
    );
}

#[test]
fn hints_come_one_level_at_a_time_and_are_remembered() {
    let state = tempfile::tempdir().unwrap();
    let first = text(&threadlings(&workbook(), state.path(), &["hint", "spinlock"]).stdout);
    assert!(
        first.contains("hint 1/3") && !first.contains("hint 2/3"),
        "{first}"
    );
    let second = text(&threadlings(&workbook(), state.path(), &["hint", "spinlock"]).stdout);
    assert!(
        second.contains("hint 1/3") && second.contains("hint 2/3"),
        "{second}"
    );
}

#[test]
fn a_corrupt_progress_file_is_reported_and_kept() {
    let state = tempfile::tempdir().unwrap();
    std::fs::write(state.path().join("progress.json"), "{ this is not json").unwrap();
    let output = threadlings(&workbook(), state.path(), &["list"]);
    assert!(output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("was not valid") && stderr.contains("corrupt"),
        "{stderr}"
    );
    let kept: Vec<_> = std::fs::read_dir(state.path())
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read_to_string(kept[0].path()).unwrap(),
        "{ this is not json"
    );
}

/// A one-exercise workbook in a temporary folder, with the given manifest.
fn tiny_workbook(manifest: &str) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let exercise = root.path().join("exercises/01_locks/tiny");
    std::fs::create_dir_all(exercise.join("src")).unwrap();
    std::fs::create_dir_all(exercise.join("tests")).unwrap();
    std::fs::write(
        root.path().join("Cargo.toml"),
        "[workspace]\nmembers = [\"exercises/01_locks/*\"]\n",
    )
    .unwrap();
    std::fs::write(
        exercise.join("Cargo.toml"),
        "[package]\nname = \"tiny\"\nedition = \"2024\"\n",
    )
    .unwrap();
    std::fs::write(exercise.join("src/lib.rs"), "pub fn shipped() {}\n").unwrap();
    std::fs::write(exercise.join("tests/unit.rs"), "#[test]\nfn t() {}\n").unwrap();
    std::fs::write(exercise.join("exercise.toml"), manifest).unwrap();
    root
}

const GOOD_MANIFEST: &str = r#"slug = "tiny"
title = "Tiny"
chapter = "locks"
order = 1
seed_tags = ["primitives"]
difficulty = 1
points = 1
files = ["src/lib.rs"]
hints = ["one"]
[stages.unit]
timeout_secs = 5
"#;

#[test]
fn a_malformed_manifest_names_the_file_and_the_field() {
    let root = tiny_workbook(&GOOD_MANIFEST.replace("difficulty = 1", "difficulty = \"hard\""));
    let state = tempfile::tempdir().unwrap();
    let output = threadlings(root.path(), state.path(), &["list"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("exercise.toml") && stderr.contains("difficulty"),
        "{stderr}"
    );
}

#[test]
fn a_manifest_with_an_unknown_tag_says_how_to_fix_it() {
    let root = tiny_workbook(&GOOD_MANIFEST.replace("\"primitives\"", "\"locking\""));
    let state = tempfile::tempdir().unwrap();
    let stderr = text(&threadlings(root.path(), state.path(), &["list"]).stderr);
    assert!(
        stderr.contains("seed_tags") && stderr.contains("\"locking\"") && stderr.contains("fix:"),
        "{stderr}"
    );
}

/// A tiny workbook in git, as shipped: one commit, made here.
fn committed_tiny_workbook() -> tempfile::TempDir {
    let root = tiny_workbook(GOOD_MANIFEST);
    git(root.path(), &["init", "-q"]);
    git(root.path(), &["add", "-A"]);
    git(root.path(), &["commit", "-qm", "shipped"]);
    root
}

#[test]
fn a_deleted_learner_file_is_reported_and_reset_brings_it_back() {
    let root = committed_tiny_workbook();
    let lib = root.path().join("exercises/01_locks/tiny/src/lib.rs");
    std::fs::remove_file(&lib).unwrap();
    let state = tempfile::tempdir().unwrap();
    let output = threadlings(root.path(), state.path(), &["check", "tiny"]);
    // Nothing was checked: the exit code of a check that could not run, not of a failure.
    assert_eq!(output.status.code(), Some(4));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("src/lib.rs is missing") && stdout.contains("threadlings reset tiny"),
        "{stdout}"
    );
    let output = threadlings(root.path(), state.path(), &["reset", "tiny"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        std::fs::read_to_string(&lib).unwrap(),
        "pub fn shipped() {}\n"
    );
}

#[test]
fn reset_restores_the_shipped_file_and_keeps_a_backup() {
    let root = committed_tiny_workbook();
    let lib = root.path().join("exercises/01_locks/tiny/src/lib.rs");
    std::fs::write(&lib, "pub fn my_work() {}\n").unwrap();
    let state = tempfile::tempdir().unwrap();
    let output = threadlings(root.path(), state.path(), &["reset", "tiny"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        std::fs::read_to_string(&lib).unwrap(),
        "pub fn shipped() {}\n"
    );
    let backups: Vec<_> = std::fs::read_dir(state.path().join("backups"))
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    assert_eq!(backups.len(), 1);
    let saved = std::fs::read_to_string(backups[0].path().join("src/lib.rs")).unwrap();
    assert_eq!(
        saved, "pub fn my_work() {}\n",
        "the learner's work must be kept"
    );
}

#[test]
fn reset_outside_git_changes_nothing_and_says_why() {
    let root = tiny_workbook(GOOD_MANIFEST);
    let lib = root.path().join("exercises/01_locks/tiny/src/lib.rs");
    std::fs::write(&lib, "pub fn my_work() {}\n").unwrap();
    let state = tempfile::tempdir().unwrap();
    let output = threadlings(root.path(), state.path(), &["reset", "tiny"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("git"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&lib).unwrap(),
        "pub fn my_work() {}\n"
    );
}

const TINY_LIB: &str = "exercises/01_locks/tiny/src/lib.rs";

/// The backups reset made, each as (folder name, the saved lib.rs), in name order.
fn backups(state: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(state.join("backups")) else {
        return Vec::new();
    };
    let mut backups: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .map(|entry| {
            let saved = std::fs::read_to_string(entry.path().join("src/lib.rs")).unwrap();
            (entry.file_name().to_string_lossy().into_owned(), saved)
        })
        .collect();
    backups.sort();
    backups
}

/// A course in git: a draft of the exercise, then the shipped version; and a learner's
/// clone of it, in which the learner committed their own work.
fn cloned_course_with_committed_work() -> (tempfile::TempDir, PathBuf) {
    let course = tiny_workbook(GOOD_MANIFEST);
    let lib = course.path().join(TINY_LIB);
    std::fs::write(&lib, "pub fn draft() {}\n").unwrap();
    git(course.path(), &["init", "-q"]);
    git(course.path(), &["add", "-A"]);
    git(course.path(), &["commit", "-qm", "draft"]);
    std::fs::write(&lib, "pub fn shipped() {}\n").unwrap();
    git(course.path(), &["commit", "-qam", "shipped"]);
    let clone = course.path().join("clone");
    git(course.path(), &["clone", "-q", ".", "clone"]);
    std::fs::write(clone.join(TINY_LIB), "pub fn my_work() {}\n").unwrap();
    git(&clone, &["commit", "-qam", "my work"]);
    (course, clone)
}

/// Regression: after the learner committed their work, reset gave it back "as shipped".
#[test]
fn reset_after_the_learner_committed_their_work_restores_the_file_as_shipped() {
    let (_course, clone) = cloned_course_with_committed_work();
    let state = tempfile::tempdir().unwrap();
    let output = threadlings(&clone, state.path(), &["reset", "tiny"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        std::fs::read_to_string(clone.join(TINY_LIB)).unwrap(),
        "pub fn shipped() {}\n"
    );
    assert!(
        text(&output.stdout).contains("cloned at"),
        "{}",
        text(&output.stdout)
    );
    let saved: Vec<String> = backups(state.path()).into_iter().map(|b| b.1).collect();
    assert_eq!(saved, ["pub fn my_work() {}\n"]);
}

/// The course changed the file after the clone; the learner merged it into their work.
#[test]
fn reset_after_pulling_the_course_restores_the_newest_shipped_file() {
    let (course, clone) = cloned_course_with_committed_work();
    std::fs::write(course.path().join(TINY_LIB), "pub fn shipped_again() {}\n").unwrap();
    git(course.path(), &["commit", "-qam", "a better skeleton"]);
    // The learner's change and the course's touch the same line: the learner keeps theirs.
    let pulled = Command::new("git")
        .arg("-C")
        .arg(&clone)
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args(["pull", "-q", "--no-rebase", "-X", "ours"])
        .output()
        .expect("git runs");
    assert!(pulled.status.success(), "{}", text(&pulled.stderr));
    let state = tempfile::tempdir().unwrap();
    let output = threadlings(&clone, state.path(), &["reset", "tiny"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        std::fs::read_to_string(clone.join(TINY_LIB)).unwrap(),
        "pub fn shipped_again() {}\n"
    );
}

/// Regression: two resets within one second wrote into one backup folder, and the second
/// overwrote the learner's first work.
#[test]
fn two_resets_within_the_same_second_keep_both_backups() {
    let root = committed_tiny_workbook();
    let state = tempfile::tempdir().unwrap();
    // Three in a row: a few milliseconds apart, so at least two share a second.
    for work in ["first", "second", "third"] {
        let body = format!("pub fn {work}() {{}}\n");
        std::fs::write(root.path().join(TINY_LIB), body).unwrap();
        let output = threadlings(root.path(), state.path(), &["reset", "tiny"]);
        assert!(output.status.success(), "{}", text(&output.stderr));
    }
    let mut saved: Vec<String> = backups(state.path()).into_iter().map(|b| b.1).collect();
    saved.sort();
    assert_eq!(
        saved,
        [
            "pub fn first() {}\n",
            "pub fn second() {}\n",
            "pub fn third() {}\n"
        ]
    );
}

#[test]
fn a_file_identical_to_the_shipped_one_needs_no_backup() {
    let root = committed_tiny_workbook();
    let state = tempfile::tempdir().unwrap();
    let output = threadlings(root.path(), state.path(), &["reset", "tiny"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("nothing to save"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(backups(state.path()), []);
}

/// A workbook made here whose first commit lacks the file: git cannot say what was shipped,
/// and reset says so instead of restoring the learner's own commit "as shipped".
#[test]
fn reset_says_plainly_when_git_cannot_tell_the_shipped_version() {
    let root = tiny_workbook(GOOD_MANIFEST);
    git(root.path(), &["init", "-q"]);
    git(root.path(), &["add", "Cargo.toml"]);
    git(root.path(), &["commit", "-qm", "the workspace"]);
    git(root.path(), &["add", "-A"]);
    git(root.path(), &["commit", "-qm", "the exercise"]);
    std::fs::write(root.path().join(TINY_LIB), "pub fn my_work() {}\n").unwrap();
    let state = tempfile::tempdir().unwrap();
    let output = threadlings(root.path(), state.path(), &["reset", "tiny"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("cannot tell which version") && stderr.contains("git checkout"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(root.path().join(TINY_LIB)).unwrap(),
        "pub fn my_work() {}\n"
    );
    assert_eq!(backups(state.path()), []);
}

/// `explain` shows the last check in full (what the compact verdict cut), and runs nothing.
#[test]
fn explain_shows_the_last_failure_in_full_and_says_when_there_is_none() {
    let root = tiny_workbook(GOOD_MANIFEST);
    let state = tempfile::tempdir().unwrap();
    let output = threadlings(root.path(), state.path(), &["explain", "tiny"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        text(&output.stdout).contains("has not been checked yet"),
        "{}",
        text(&output.stdout)
    );
    // A panic that quotes a long value: the compact verdict cuts it, explain keeps it all.
    let long = "Z".repeat(1000);
    std::fs::write(
        root.path().join("exercises/01_locks/tiny/tests/unit.rs"),
        format!("#[test]\nfn t() {{ panic!(\"{long}END\") }}\n"),
    )
    .unwrap();
    let checked = threadlings(root.path(), state.path(), &["check", "tiny"]);
    assert_eq!(checked.status.code(), Some(1), "{}", text(&checked.stdout));
    assert!(!text(&checked.stdout).contains("END"));
    assert!(text(&checked.stdout).contains("cargo run -- explain tiny"));
    let output = threadlings(root.path(), state.path(), &["explain", "tiny"]);
    let explained = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{explained}");
    assert!(explained.contains("FAILED"), "{explained}");
    assert!(explained.contains("END"), "{explained}");
    assert_eq!(explained.matches('Z').count(), 1000, "{explained}");
    assert!(
        explained.lines().all(|line| line.chars().count() <= 100),
        "{explained}"
    );
    // A pass replaces the failure: nothing stale is explained.
    std::fs::write(
        root.path().join("exercises/01_locks/tiny/tests/unit.rs"),
        "#[test]\nfn t() {}\n",
    )
    .unwrap();
    let checked = threadlings(root.path(), state.path(), &["check", "tiny"]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stdout));
    let output = threadlings(root.path(), state.path(), &["explain", "tiny"]);
    assert!(
        text(&output.stdout).contains("passed: there is no failure to explain"),
        "{}",
        text(&output.stdout)
    );
}
