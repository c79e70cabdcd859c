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
    // After a pass: the reference solution to compare with, and the quiz questions on it.
    pty.expect("Compare with the reference solution: solutions/01_basics/answer/src/lib.rs");
    pty.expect("The quiz has 1 question on this exercise: cargo run -- quiz --section races");
    pty.expect("· The fixture's answer exercise returns 42 once it is solved.");
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

/// Makes the copy a git clone, as a learner's workbook is: `reset` takes the shipped file
/// from git.
fn ship(workbook: &Path) {
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=threadlings",
            "-c",
            "user.email=threadlings@example.org",
            "commit",
            "-qm",
            "shipped",
        ],
    ] {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(workbook)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }
}

/// `threadlings watch EXERCISE` on `workbook` in a terminal of `(columns, rows)`, without
/// colour; these tests share one target folder (their first builds are not under test).
fn watch_in_terminal(workbook: &Path, state: &Path, exercise: &str, size: (u16, u16)) -> Pty {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("watch-list-e2e");
    let binary = env!("CARGO_BIN_EXE_threadlings");
    let root = workbook.to_str().unwrap();
    Pty::start_sized(
        &[binary, "--root", root, "watch", exercise],
        workbook,
        &[
            ("THREADLINGS_STATE_DIR", state.to_str().unwrap()),
            ("THREADLINGS_TARGET_DIR", target.to_str().unwrap()),
            ("NO_COLOR", "1"),
        ],
        Some(size),
    )
}

#[test]
fn the_learner_is_followed_across_exercises_and_chapters_and_the_list_moves_filters_resets_and_chooses()
 {
    let workbook = copy_fixture();
    ship(workbook.path());
    let state = tempfile::tempdir().unwrap();
    // A small terminal: the list of three exercises has room for two rows and scrolls.
    let mut pty = watch_in_terminal(workbook.path(), state.path(), "third", (100, 7));
    let build = Duration::from_secs(120);
    let second = workbook
        .path()
        .join("exercises/01_basics/second/src/lib.rs");
    let shipped = std::fs::read_to_string(&second).unwrap();

    // The first exercise of a chapter opens with the chapter's screen.
    pty.expect("chapter 2: more — More of the fixture");
    pty.expect("A second chapter, so the watcher has a chapter to open");
    pty.expect("1 exercise: third");
    pty.expect("course sections: Deadlock");
    pty.expect("its quiz: cargo run -- quiz --section deadlock");
    pty.expect("exercise: more/third");
    pty.expect_within("FAILED more/third", build);

    // Working ahead... or back: a save to another exercise's file makes it current.
    save(&second, "pub fn answer() -> u32 {\n    41\n}\n");
    pty.expect("chapter 1: basics — The basics of the fixture");
    pty.expect("exercise: basics/second");
    pty.expect("you saved basics/second: checking it");
    pty.expect_within("FAILED basics/second", build);
    pty.expect("left: 41");

    // The list: the cursor starts on the current exercise, and moves.
    pty.keys("l");
    pty.expect("every exercise (0/3 done)");
    pty.expect("> todo  basics/second ← current");
    pty.keys("j");
    pty.expect("> todo  more/third");
    pty.expect("rows 2–3 of 3");
    pty.keys("k");
    pty.keys("k");
    pty.expect("> todo  basics/answer");

    // Filters: by chapter, by status, by name.
    pty.keys("c");
    pty.keys("c");
    pty.expect("chapter: more · status: all");
    pty.expect("> todo  more/third");
    pty.keys("c");
    pty.keys("s");
    pty.keys("s");
    pty.expect("chapter: all · status: done");
    pty.expect("no exercise matches these filters");
    pty.keys("s");
    pty.keys("/sec\r");
    pty.expect("chapter: all · status: all · search: sec");
    pty.expect("> todo  basics/second ← current");

    // Reset the exercise under the cursor: asked first, the backup named, nothing touched
    // on a no.
    pty.keys("r");
    pty.expect("Reset basics/second? Your files are saved under");
    pty.keys("n");
    pty.expect("reset cancelled: nothing changed");
    assert!(std::fs::read_to_string(&second).unwrap().contains("41"));
    pty.keys("r");
    pty.expect("Reset basics/second?");
    pty.keys("y");
    pty.expect("reset basics/second as shipped; your src/lib.rs is in");
    // The reset file is the current exercise's: it is checked again, and the list says so.
    pty.expect("checking basics/second…");
    pty.expect_within("last check: basics/second did not pass", build);
    assert_eq!(std::fs::read_to_string(&second).unwrap(), shipped);
    let backups = state.path().join("backups");
    let backup = std::fs::read_dir(&backups)
        .unwrap()
        .filter_map(Result::ok)
        .next()
        .expect("a backup folder")
        .path()
        .join("src/lib.rs");
    assert!(std::fs::read_to_string(backup).unwrap().contains("41"));

    // The list re-flows when the terminal is resized: every line fits the new width.
    pty.resize(60, 8);
    let shown = pty.expect("s status · /…");
    let frame = &shown[shown.rfind("threadlings — every exercise").unwrap_or(0)..];
    assert!(frame.contains("> todo  basics/second ← current"), "{frame}");
    assert!(
        frame
            .lines()
            .all(|line| line.trim_end().chars().count() <= 60),
        "{frame}"
    );

    // Choose another exercise: the list closes, the chapter opens, the check starts; what
    // the reset's re-check printed while the list covered the screen shows too.
    pty.keys("/");
    pty.keys("\x1b");
    pty.expect("search: none");
    pty.keys("G\r");
    let shown = pty.expect("chapter 2: more");
    assert!(shown.contains("checking basics/second"), "{shown}");
    pty.expect("exercise: more/third");
    pty.expect("checking more/third");
    pty.expect_within("FAILED more/third", build);
    pty.keys("q");
    let status = pty.wait(Duration::from_secs(10));
    assert!(status.success(), "{status}");
}

#[test]
fn sigterm_while_the_list_is_open_gives_the_terminal_back() {
    let workbook = copy_fixture();
    let state = tempfile::tempdir().unwrap();
    let mut pty = watch_in_terminal(workbook.path(), state.path(), "second", (80, 12));
    pty.expect_within("FAILED basics/second", Duration::from_secs(120));
    pty.keys("l");
    pty.expect("every exercise (0/3 done)");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pty.program()),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    // The cursor shown again and the alternate screen left (crossterm's sequences).
    pty.expect("\x1b[?25h\x1b[?1049l");
    let status = pty.wait(Duration::from_secs(30));
    assert!(status.success(), "{status}");
}
