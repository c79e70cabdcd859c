//! The full `dev check` of the real workbook: shipped exercises fail, solutions pass and
//! wrong-answer fixtures fail. This is what makes a grade trustworthy.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

#[test]
fn every_check_of_the_workbook_judges_as_expected() {
    let workbook = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .arg("--root")
        .arg(&workbook)
        .args(["dev", "check", "--json"])
        .env(
            "THREADLINGS_TARGET_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dev-check"),
        )
        .output()
        .expect("threadlings runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let outcomes: Vec<Value> = serde_json::from_str(&stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let unexpected: Vec<&Value> = outcomes
        .iter()
        .filter(|o| o["as_expected"] != true)
        .collect();
    assert!(unexpected.is_empty(), "judged wrongly: {unexpected:#?}");
    assert!(output.status.success());

    // Every exercise: its shipped code, its solution and at least two wrong answers.
    let exercises: std::collections::BTreeSet<&str> = outcomes
        .iter()
        .filter_map(|o| o["exercise"].as_str())
        .collect();
    assert!(exercises.contains("locks/spinlock"), "{exercises:?}");
    for exercise in exercises {
        let variants: Vec<&str> = outcomes
            .iter()
            .filter(|o| o["exercise"] == exercise)
            .filter_map(|o| o["variant"].as_str())
            .collect();
        assert!(
            variants.contains(&"shipped") && variants.contains(&"solution"),
            "{exercise}: {variants:?}"
        );
        let wrong = variants.iter().filter(|v| v.starts_with("wrong/")).count();
        assert!(
            wrong >= 2,
            "{exercise} has {wrong} wrong-answer fixtures; it needs at least two"
        );
    }
}
