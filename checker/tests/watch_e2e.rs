//! The watcher through a real terminal, as a learner uses it: edit, see the verdict, fix,
//! see the pass and move on; two quick saves; a deadlock; keys; a clean exit. The first
//! exercise has a (slow, first-time) model build, which must go on after the unit stage fails.
// The pseudo-terminal comes from util-linux `script`, whose options differ on macOS.
#![cfg(target_os = "linux")]

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use support::Pty;

/// A fresh copy of the fixture workbook, so the test edits nothing in the repository.
fn copy_fixture() -> tempfile::TempDir {
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/watch");
    let to = tempfile::tempdir().unwrap();
    copy_dir(&from, to.path());
    to
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().filter_map(Result::ok) {
        if entry.file_name() == "target" {
            continue;
        }
        let destination = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &destination);
        } else {
            std::fs::copy(entry.path(), destination).unwrap();
        }
    }
}

/// Saves the way many editors do: write a temporary file, then rename it over the original.
fn save(path: &Path, code: &str) {
    let temporary = path.with_extension("rs.tmp");
    std::fs::write(&temporary, code).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

#[test]
fn a_learner_edits_fixes_moves_on_and_quits() {
    let workbook = copy_fixture();
    let state = tempfile::tempdir().unwrap();
    // A fresh target folder: the first builds must be first builds.
    let target_dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let target = target_dir.path();
    let gate = state.path().join("loom-gate");
    let marker = format!("watch-e2e-{}", std::process::id());
    let binary = env!("CARGO_BIN_EXE_threadlings");
    let root = workbook.path().to_str().unwrap().to_string();
    let mut pty = Pty::start(
        &[binary, "--root", &root],
        workbook.path(),
        &[
            ("THREADLINGS_STATE_DIR", state.path().to_str().unwrap()),
            ("THREADLINGS_TARGET_DIR", target.to_str().unwrap()),
            ("FIXTURE_MARKER", &marker),
            ("FIXTURE_LOOM_GATE", gate.to_str().unwrap()),
            ("NO_COLOR", "1"),
        ],
    );
    let build = Duration::from_secs(120);
    let answer = workbook
        .path()
        .join("exercises/01_basics/answer/src/lib.rs");

    // The shipped code fails. The learner is told why the first build is slow.
    pty.expect("exercise: basics/answer");
    pty.expect("building the tests and the loom model: slow the first time only");
    pty.expect_within("FAILED basics/answer", build);
    pty.expect("the answer must be 42");

    // The unit stage failed while the loom build (held back by its build script until the
    // gate opens) was still compiling; the build goes on anyway, so the check after the
    // fixing save finds it warm.
    let loom_binaries = target.join("loom/debug/deps");
    let built = |dir: &Path| {
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries.filter_map(Result::ok).any(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                name.starts_with("loom-") && !name.contains('.')
            })
        })
    };
    assert!(
        !built(&loom_binaries),
        "the loom build did not wait for the gate"
    );
    std::fs::write(&gate, "").unwrap();
    let deadline = std::time::Instant::now() + build;
    while !built(&loom_binaries) {
        assert!(
            std::time::Instant::now() < deadline,
            "the loom build was stopped when the unit stage failed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // A wrong edit: the new failure shows the new value.
    save(&answer, "pub fn answer() -> u32 {\n    41\n}\n");
    pty.expect("checking basics/answer");
    pty.expect_within("left: 41", build);

    // Two saves in quick succession: a slow wrong version, then the fix while the first is
    // still being checked. Only the second is judged; the first's verdict never appears.
    save(
        &answer,
        "pub fn answer() -> u32 {\n    std::thread::sleep(std::time::Duration::from_secs(2));\n    7\n}\n",
    );
    pty.expect_within("running unit", build);
    save(&answer, "pub fn answer() -> u32 {\n    42\n}\n");
    let shown = pty.expect_within("PASSED basics/answer", build);
    assert!(
        shown.contains("cancelled"),
        "the first check must be cancelled:\n{shown}"
    );
    assert!(
        !shown.contains("left: 7"),
        "a verdict for code no longer on disk was shown:\n{shown}"
    );
    assert!(
        shown.contains("✓ loom"),
        "the loom stage must run:\n{shown}"
    );
    pty.expect("Well done!");
    pty.expect("next: basics/second");

    // On to the next exercise, and a deadlocking edit there.
    pty.keys("n");
    pty.expect("exercise: basics/second");
    pty.expect_within("FAILED basics/second", build);
    let second = workbook
        .path()
        .join("exercises/01_basics/second/src/lib.rs");
    let deadlock = "pub fn answer() -> u32 {\n    // Waits for a message nobody sends.\n    \
                    let (_sender, receiver) = std::sync::mpsc::channel::<u32>();\n    \
                    receiver.recv().unwrap()\n}\n";
    save(&second, deadlock);
    let shown = pty.expect_within("TIMED OUT basics/second", build);
    assert!(!shown.contains("PASSED"), "{shown}");
    pty.expect("likely a deadlock");

    // Keys still work after a timeout: a hint, then quit.
    pty.keys("h");
    pty.expect("hint 1/2");
    pty.expect("Think of the number 42.");
    pty.keys("q");
    let status = pty.wait(Duration::from_secs(10));
    assert!(status.success(), "{status}");
    assert!(
        threadlings::sandbox::processes_with_env("FIXTURE_MARKER", &marker).is_empty(),
        "processes left behind"
    );
}
