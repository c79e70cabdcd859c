//! `--check-bank DIR`: the checks an instructor runs on their own question files.
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use quiz::audit::{ProgramsError, rustc_from};
use quiz::{QuizContext, check_bank};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check")
        .join(name)
}

/// Checks a fixture bank next to the shipped one; returns whether it passed and the report.
fn check(dir: &Path) -> anyhow::Result<(bool, String)> {
    let history = tempfile::tempdir()?;
    let context = QuizContext {
        bank_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("bank"),
        history_path: history.path().join("quiz.json"),
        known_exercises: Vec::new(),
    };
    let mut out = Vec::new();
    let passed = check_bank(dir, &context, &mut out)?;
    Ok((passed, String::from_utf8(out)?))
}

#[test]
fn a_bank_with_true_verdicts_and_no_length_cue_passes() {
    let (passed, report) = check(&fixture("good")).unwrap();
    assert!(passed, "{report}");
    assert!(
        report.contains("3 questions, 3 of them with a single right choice."),
        "{report}"
    );
    assert!(report.contains("2 complete programs compiled"), "{report}");
    let cue = "The right choice is the longest in 1 and the shortest in 1 of those";
    assert!(report.contains(cue), "{report}");
    assert!(report.contains("The bank passes both checks."), "{report}");
}

#[test]
fn every_wrong_verdict_is_reported_with_what_rustc_said() {
    let (passed, report) = check(&fixture("wrong_verdict")).unwrap();
    assert!(!passed, "{report}");
    assert!(
        report.contains("question `rust.says-compiles`, field `compiler`: the question says it compiles, but rustc rejects it"),
        "{report}"
    );
    assert!(report.contains("rustc said: error[E0382]"), "{report}");
    assert!(
        report.contains("`rust.says-wrong-code`, field `compiler`: the question says rustc rejects it with E0499 alone, but it reports E0382"),
        "{report}"
    );
    assert!(
        report.contains("`rust.says-fails`, field `compiler`: the question says rustc rejects it with E0277, but it compiles"),
        "{report}"
    );
    assert!(
        report.contains("The bank fails the checks above."),
        "{report}"
    );
}

#[test]
fn a_bank_whose_keys_are_mostly_the_longest_choice_fails_and_names_them() {
    let (passed, report) = check(&fixture("cued")).unwrap();
    assert!(!passed, "{report}");
    assert!(
        report.contains("The right choice is the longest in 2 and"),
        "{report}"
    );
    assert!(
        report.contains("always picks the longest choice"),
        "{report}"
    );
    assert!(
        !report.contains("always picks the shortest choice"),
        "{report}"
    );
    assert!(report.contains("question `races.cued-one`"), "{report}");
    assert!(report.contains("question `races.cued-two`"), "{report}");
    assert!(!report.contains("races.not-cued"), "{report}");
}

#[test]
fn the_shipped_bank_passes_its_own_check() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("bank");
    let (passed, report) = check(&shipped).unwrap();
    assert!(passed, "{report}");
}

#[test]
fn a_bank_that_does_not_load_is_an_error_naming_the_problem() {
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/duplicate_id");
    let error = check(&bad).unwrap_err();
    assert!(format!("{error:#}").contains("races.twice"), "{error:#}");
}

#[test]
fn a_missing_rustc_is_an_error_not_a_pass() {
    let missing = OsString::from("/nonexistent/threadlings-test/rustc");
    match rustc_from(Some(missing)) {
        Err(error @ ProgramsError::RustcMissing { .. }) => {
            let message = error.to_string();
            assert!(
                message.contains("/nonexistent/threadlings-test/rustc"),
                "{message}"
            );
            assert!(message.contains("set RUSTC"), "{message}");
        }
        other => panic!("expected RustcMissing, got {other:?}"),
    }
    assert!(rustc_from(None).is_ok(), "rustc on PATH is found");
}

#[test]
fn a_bank_whose_keys_are_mostly_the_shortest_choice_fails_too() {
    let (passed, report) = check(&fixture("short_keys")).unwrap();
    assert!(!passed, "{report}");
    assert!(
        report.contains("always picks the shortest choice"),
        "{report}"
    );
    assert!(report.contains("question `races.short-one`"), "{report}");
    assert!(report.contains("question `races.short-two`"), "{report}");
    assert!(
        !report.contains("always picks the longest choice"),
        "{report}"
    );
}

#[test]
fn a_declared_output_is_held_to_what_runs_of_the_program_print() {
    let (passed, report) = check(&fixture("output")).unwrap();
    assert!(!passed, "{report}");
    assert!(report.contains("3 complete programs compiled"), "{report}");
    assert!(!report.contains("rust.prints-right"), "{report}");
    assert!(
        report.contains("`rust.prints-wrong`, field `output`: a run must print one of \"4\", but a run printed \"3\""),
        "{report}"
    );
    assert!(
        report.contains("`rust.prints-then-panics`, field `output`: a run must print one of its outputs and end, but a run failed"),
        "{report}"
    );
    assert!(report.contains("index out of bounds"), "{report}");
}
