//! `threadlings export --without-solutions`: the learner edition of the real workbook builds,
//! runs, resets from its own git history, and holds no solutions.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod support;

use support::git;

fn workbook() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn threadlings(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("THREADLINGS_STATE_DIR", root.join(".threadlings"))
        .output()
        .expect("threadlings runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// cargo, run in the edition, building into a folder kept between test runs (so only the
/// first run compiles the dependencies) and never reaching for the network.
fn cargo(edition: &Path, command: &str, args: &[&str]) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .current_dir(edition)
        .args([command, "--offline", "--locked"])
        .args(args)
        .env(
            "CARGO_TARGET_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("export-target"),
        )
        .output()
        .expect("cargo runs")
}

fn exercises_listed(output: &Output) -> Vec<String> {
    assert!(output.status.success(), "{}", text(&output.stderr));
    let listed: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("not JSON ({error}): {}", text(&output.stdout)));
    let entries = listed
        .as_array()
        .or_else(|| listed["exercises"].as_array())
        .unwrap_or_else(|| panic!("no exercises in {listed:#}"));
    entries
        .iter()
        .map(|entry| entry["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_learner_edition_builds_runs_and_resets_without_solutions() {
    let dir = tempfile::tempdir().unwrap();
    let edition = dir.path().join("class-edition");
    let output = threadlings(
        &workbook(),
        &["export", "--without-solutions", edition.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));

    for gone in ["solutions", ".threadlings", "target"] {
        assert!(!edition.join(gone).exists(), "{gone} was exported");
    }
    for kept in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        ".gitignore",
        "checker/src/main.rs",
        "exercises/shim/Cargo.toml",
        "exercises/03_locks/spinlock/src/lib.rs",
        "quiz/bank",
    ] {
        assert!(edition.join(kept).exists(), "{kept} is missing");
    }
    assert_eq!(git(&edition, &["rev-list", "--count", "HEAD"]).trim(), "1");
    assert_eq!(git(&edition, &["status", "--porcelain"]), "");

    // It builds, and its own `cargo run` lists the same exercises as the workbook.
    let built = cargo(&edition, "build", &[]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    let listed = cargo(&edition, "run", &["--quiet", "--", "list", "--json"]);
    let expected = exercises_listed(&threadlings(&workbook(), &["list", "--json"]));
    assert!(expected.len() >= 5, "{expected:?}");
    assert_eq!(exercises_listed(&listed), expected);

    // `reset` takes the shipped file from the edition's own commit.
    let lib = edition.join("exercises/03_locks/spinlock/src/lib.rs");
    let shipped = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, "// my attempt\n").unwrap();
    let reset = threadlings(&edition, &["reset", "spinlock"]);
    assert!(reset.status.success(), "{}", text(&reset.stderr));
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), shipped);

    // `dev check` needs the solutions, and says so instead of failing every exercise.
    let dev = threadlings(&edition, &["dev", "check"]);
    assert_eq!(dev.status.code(), Some(2));
    assert!(
        text(&dev.stderr).contains("exported without solutions"),
        "{}",
        text(&dev.stderr)
    );
}

#[test]
fn export_without_the_flag_or_into_a_busy_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let output = threadlings(&workbook(), &["export", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--without-solutions"));

    std::fs::write(dir.path().join("notes.md"), "mine").unwrap();
    let output = threadlings(
        &workbook(),
        &[
            "export",
            "--without-solutions",
            dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("not empty"),
        "{}",
        text(&output.stderr)
    );
}
