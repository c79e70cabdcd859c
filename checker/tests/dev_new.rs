//! `threadlings dev new`: a scaffolded exercise builds at once, ships failing, its solution
//! passes, and `dev check` names what its author must still write.

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

mod support;

use support::{threadlings_in, workbook_with_shim};

/// A workbook with the real shim and an empty locks chapter (`support::workbook_with_shim`).
fn empty_workbook(name: &str) -> PathBuf {
    let root = workbook_with_shim(&format!("dev-new-{name}"));
    std::fs::create_dir_all(root.join("exercises/03_locks")).unwrap();
    root
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_scaffolded_exercise_builds_fails_as_shipped_and_says_what_is_missing() {
    let root = &empty_workbook("scaffold");
    let made = threadlings_in(
        root,
        &[
            "dev",
            "new",
            "locks/tally_demo",
            "--stages",
            "unit,loom,stress",
        ],
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let exercise = root.join("exercises/03_locks/tally_demo");
    let solution = root.join("solutions/03_locks/tally_demo");
    for file in [
        "Cargo.toml",
        "exercise.toml",
        "README.md",
        "src/lib.rs",
        "tests/unit.rs",
        "tests/loom.rs",
        "tests/stress.rs",
    ] {
        assert!(exercise.join(file).is_file(), "{file} was not written");
    }
    assert!(
        !exercise.join("tests/shuttle.rs").exists(),
        "no shuttle stage was asked for"
    );
    assert!(solution.join("src/lib.rs").is_file());
    assert!(solution.join("wrong").is_dir() && solution.join("right").is_dir());
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
    assert!(
        lock.contains("name = \"tally_demo\""),
        "not added to Cargo.lock"
    );

    // The workbook loads it, and dev check judges its shipped code and solution as it should,
    // then names what is missing.
    let listed = threadlings_in(root, &["list", "--json"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("locks/tally_demo"));
    let checked = threadlings_in(
        root,
        &["dev", "check", "--exercise", "tally_demo", "--json"],
    );
    assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
    let outcomes: Vec<Value> = serde_json::from_slice(&checked.stdout)
        .unwrap_or_else(|error| panic!("not JSON ({error}): {}", stderr(&checked)));
    let variant = |name: &str| {
        outcomes
            .iter()
            .find(|o| o["variant"] == name)
            .unwrap_or_else(|| panic!("no {name} in {outcomes:#?}"))
    };
    assert_eq!(variant("shipped")["as_expected"], true, "{outcomes:#?}");
    assert_eq!(variant("shipped")["verdict"]["verdict"], "failed");
    assert_eq!(variant("solution")["as_expected"], true, "{outcomes:#?}");
    let missing: Vec<&str> = outcomes
        .iter()
        .filter(|o| o["variant"] == "tests")
        .filter_map(|o| o["verdict"]["message"].as_str())
        .collect();
    for expected in [
        "no wrong answers (mistakes the checks must reject) yet: add at least 2 in \
         solutions/03_locks/tally_demo/wrong/",
        "no right answers (correct, of other shapes than the solution) yet",
        "exercises/03_locks/tally_demo/README.md: TODO(author) placeholders still to write",
        "exercises/03_locks/tally_demo/exercise.toml: TODO(author)",
        "not on the course map yet: add a row for `tally_demo`",
    ] {
        assert!(
            missing.iter().any(|m| m.contains(expected)),
            "`{expected}` not in {missing:#?}"
        );
    }
}

#[test]
fn an_existing_slug_or_an_unknown_chapter_is_refused() {
    let root = &empty_workbook("refusals");
    let first = threadlings_in(root, &["dev", "new", "locks/twice", "--stages", "unit"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let again = threadlings_in(root, &["dev", "new", "locks/twice"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("`twice` already exists"),
        "{}",
        stderr(&again)
    );

    let unknown = threadlings_in(root, &["dev", "new", "lockz/other"]);
    assert_eq!(unknown.status.code(), Some(2));
    let message = stderr(&unknown);
    assert!(
        message.contains("no chapter `lockz`") && message.contains("locks"),
        "{message}"
    );
    assert!(!root.join("exercises/03_locks/other").exists());

    // A chapter still to come (on the course map, no folder yet) gets its numbered folder.
    let to_come = threadlings_in(root, &["dev", "new", "models/sim", "--stages", "unit"]);
    assert_eq!(to_come.status.code(), Some(0), "{}", stderr(&to_come));
    assert!(root.join("exercises/02_models/sim/exercise.toml").is_file());
    let chapter = std::fs::read_to_string(root.join("exercises/02_models/chapter.toml")).unwrap();
    assert!(chapter.contains("TODO(author)"), "{chapter}");

    let bad = threadlings_in(root, &["dev", "new", "locks/Bad-Name"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("cannot be a slug"),
        "{}",
        stderr(&bad)
    );
}
