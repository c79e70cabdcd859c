//! The story of a loom failure, end to end through the real binary: `check` and `explain` on a
//! copy of the workbook's message_passing exercise holding a wrong answer name the two racing
//! lines of the learner's file and say in one sentence why they race, a stale read shows the
//! outcome table with the forbidden outcome it saw, and the right answer tells no story.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use threadlings::answer::{Answer, Kind};

mod support;

use support::{copy_tree, real_workbook, threadlings_in, workbook_with_shim};

const EXERCISE: &str = "exercises/04_atomics/message_passing";
const SOLUTION: &str = "solutions/04_atomics/message_passing";

/// A workbook with the real shim and the message_passing exercise alone, made afresh at the
/// same place on every run, so its target folder (loom compiled once) is kept.
fn workbook() -> PathBuf {
    let root = workbook_with_shim("story-e2e");
    let chapter = "exercises/04_atomics/chapter.toml";
    copy_tree(&real_workbook().join(EXERCISE), &root.join(EXERCISE));
    std::fs::copy(real_workbook().join(chapter), root.join(chapter)).unwrap();
    root
}

/// Puts a wrong answer of the real solution (`wrong/x.toml`) into the learner's file.
fn answer(root: &Path, fixture: &str) -> String {
    let solution = real_workbook().join(SOLUTION);
    let path = solution.join(fixture);
    let files = [PathBuf::from("src/lib.rs")];
    Answer::load(&path, Kind::Wrong)
        .unwrap()
        .write(&path, &solution, &files, &root.join(EXERCISE))
        .unwrap();
    std::fs::read_to_string(root.join(EXERCISE).join("src/lib.rs")).unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `lib.rs:N`, where N is the one line of `text` that contains `code`.
fn line_of(text: &str, code: &str) -> String {
    let lines: Vec<usize> = (text.lines().enumerate())
        .filter(|(_, line)| line.contains(code))
        .map(|(index, _)| index + 1)
        .collect();
    let [line] = lines[..] else {
        panic!("{code:?} is on lines {lines:?} of:\n{text}")
    };
    format!("lib.rs:{line}")
}

/// Every line of `text` fits 100 columns, and no colour code slipped through NO_COLOR.
fn assert_plain(text: &str) {
    assert!(
        text.lines().all(|line| line.chars().count() <= 100),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn a_loom_failure_tells_its_story_and_a_pass_tells_none() {
    let root = &workbook();

    // Release store, Relaxed load: loom's causality violation on the message's cell.
    let lib = answer(root, "wrong/relaxed_load.toml");
    let write = line_of(&lib, "self.value.with_mut(");
    let read = line_of(&lib, "Some(self.value.with(");
    let flag = line_of(&lib, "self.ready.load(Ordering::Relaxed)");
    let checked = threadlings_in(root, &["check", "message_passing"]);
    let verdict = stdout(&checked);
    assert_eq!(checked.status.code(), Some(1), "{verdict}");
    assert_plain(&verdict);
    // The one sentence, under the verdict and in full in explain: which read, of what, after
    // which Relaxed load, not ordered after which write.
    let cause = [
        format!("read `ready == true` with Relaxed at {flag}, so its read of"),
        format!("`value` at {read} is not ordered after thread"),
        format!("write at {write}."),
    ];
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    for part in &cause {
        assert!(
            words(&verdict).contains(part),
            "{part:?} missing:\n{verdict}"
        );
    }
    let explained = stdout(&threadlings_in(root, &["explain", "message_passing"]));
    assert_plain(&explained);
    assert!(
        explained.contains("what happened, step by step"),
        "{explained}"
    );
    // The two racing rows of the timeline: the writer's line and the reader's, marked.
    let racing: Vec<&str> = (explained.lines())
        .filter(|line| line.contains("<- RACE"))
        .collect();
    assert_eq!(racing.len(), 2, "{explained}");
    assert!(
        racing[0].contains(&format!("{write} write value")),
        "{racing:?}"
    );
    assert!(
        racing[1].contains(&format!("{read} read value")),
        "{racing:?}"
    );
    for part in &cause {
        assert!(
            words(&explained).contains(part),
            "{part:?} missing:\n{explained}"
        );
    }

    // The message in an atomic, Relaxed on both sides: no race, a stale read, and the outcome
    // table names the forbidden outcome the test saw, in the JSON report as in explain.
    let lib = answer(root, "wrong/atomic_value_relaxed.toml");
    let stale = line_of(&lib, "Some(self.value.load(Ordering::Relaxed))");
    let checked = threadlings_in(root, &["check", "message_passing", "--json"]);
    assert_eq!(checked.status.code(), Some(1), "{}", stdout(&checked));
    let report = support::stdout_json(&checked);
    let story = &report["story"];
    assert_eq!(story["kind"], "timeline", "{report:#}");
    let [table] = story["outcomes"].as_array().unwrap().as_slice() else {
        panic!("one outcome table: {story:#}")
    };
    let seen_forbidden: Vec<&Value> = (table["rows"].as_array().unwrap().iter())
        .filter(|row| row["expect"] == "forbidden" && row["seen"].as_u64() > Some(0))
        .collect();
    assert_eq!(seen_forbidden.len(), 1, "{table:#}");
    assert_eq!(seen_forbidden[0]["outcome"], "0");
    assert_eq!(seen_forbidden[0]["in_failing"], true);
    let explained = stdout(&threadlings_in(root, &["explain", "message_passing"]));
    assert_plain(&explained);
    assert!(
        explained.contains(&format!("{stale} value.load() == 0 (Relaxed)")),
        "{explained}"
    );
    let row = (explained.lines())
        .find(|line| line.trim_start().starts_with("x 0 "))
        .unwrap_or_else(|| panic!("no failing outcome row:\n{explained}"));
    assert!(row.contains("FORBIDDEN"), "{row}");
    assert!(
        words(&explained)
            .contains("the failing execution's outcome `0` is one the memory model forbids"),
        "{explained}"
    );

    // The reference solution passes, and nothing is left to explain.
    std::fs::copy(
        real_workbook().join(SOLUTION).join("src/lib.rs"),
        root.join(EXERCISE).join("src/lib.rs"),
    )
    .unwrap();
    let checked = threadlings_in(root, &["check", "message_passing", "--json"]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
    let report = support::stdout_json(&checked);
    assert!(report["story"].is_null(), "{report:#}");
    let explained = stdout(&threadlings_in(root, &["explain", "message_passing"]));
    assert!(
        explained.contains("passed: there is no failure to explain"),
        "{explained}"
    );
}
