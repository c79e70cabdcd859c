//! `threadlings grade`, `gradescope` and `prairielearn`, driven through the real binary on a
//! small fixture workbook (`fixtures/grade/workbook`) and a class of fixture submissions
//! (`fixtures/grade/class`): right, partly right, tampered, forged, hanging, forking, hogging,
//! escaping, missing and broken answers.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/grade")
}

/// Runs threadlings on the fixture workbook, building into a target folder of the test's own
/// (so tests running at once never share a scratch workspace), every process it starts
/// tagged with `marker`.
fn threadlings(target: &str, marker: &str, args: &[&str]) -> Output {
    let state = tempfile::tempdir().expect("a temporary state folder");
    Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .arg("--root")
        .arg(fixtures().join("workbook"))
        .args(args)
        .env(
            "THREADLINGS_TARGET_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(target),
        )
        .env("THREADLINGS_STATE_DIR", state.path())
        .env("FIXTURE_MARKER", marker)
        .output()
        .expect("threadlings runs")
}

fn marker(name: &str) -> String {
    format!("{name}-{}-{:?}", std::process::id(), Instant::now())
}

fn survivors(marker: &str) -> Vec<i32> {
    // Give the kernel a moment to finish tearing down what was killed.
    std::thread::sleep(Duration::from_millis(100));
    threadlings::sandbox::processes_with_env("FIXTURE_MARKER", marker)
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("{} is not there: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}:\n{text}"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The exercise `id` of `learner` in the JSON report.
fn exercise<'a>(report: &'a Value, learner: &str, id: &str) -> &'a Value {
    report["learners"]
        .as_array()
        .and_then(|learners| learners.iter().find(|l| l["learner"] == learner))
        .and_then(|l| l["exercises"].as_array())
        .and_then(|exercises| exercises.iter().find(|e| e["exercise"] == id))
        .unwrap_or_else(|| panic!("no {id} for {learner} in {report:#}"))
}

fn verdict<'a>(report: &'a Value, learner: &str, id: &str) -> &'a Value {
    &exercise(report, learner, id)["outcome"]["report"]["verdict"]
}

#[test]
fn a_class_is_graded_row_by_row_and_no_process_survives() {
    let marker = marker("class");
    let out = tempfile::tempdir().expect("an output folder");
    let class = fixtures().join("class");
    let output = threadlings(
        "grade-class",
        &marker,
        &[
            "grade",
            &class.to_string_lossy(),
            "--out",
            &out.path().to_string_lossy(),
            "--jobs",
            "2",
            "--json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let left = survivors(&marker);
    assert!(left.is_empty(), "processes left behind: {left:?}");

    let gradebook = std::fs::read_to_string(out.path().join("gradebook.csv")).unwrap();
    assert_eq!(
        gradebook,
        "learner,basics/adder,basics/counter,system/sandboxed,total\n\
         ada,2,3,1,6\n\
         bo,2,1,0,3\n\
         cy,0,0,0,0\n\
         dee,0,3,0,3\n\
         eve,0,0,0,0\n\
         finn,0,0,0,0\n\
         gus,0,0,0,0\n\
         hal,0,0,0,0\n\
         ivy,0,0,0,0\n\
         jo,0,0,0,0\n\
         kit,0,0,1,1\n",
        "the gradebook, one row per learner"
    );

    let report: Value = serde_json::from_slice(&output.stdout).expect("--json prints the report");
    assert_eq!(report, read_json(&out.path().join("report.json")));

    // Partial credit: bo's counter counts on one thread, not on four.
    let parts = &exercise(&report, "bo", "basics/counter")["parts"];
    assert_eq!(parts[0]["status"], "passed");
    assert_eq!(parts[1]["status"], "failed");
    assert_eq!(
        exercise(&report, "bo", "system/sandboxed")["outcome"]["outcome"],
        "missing"
    );

    // cy's edited test, manifest and Cargo.toml were ignored, and said so.
    let cy = exercise(&report, "cy", "basics/adder");
    assert_eq!(cy["outcome"]["report"]["verdict"]["verdict"], "failed");
    let ignored: Vec<String> = cy["ignored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["path"].as_str().unwrap(),
                f["why"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        ignored,
        [
            "Cargo.toml tampered",
            "exercise.toml tampered",
            "src/notes.txt extra",
            "tests/unit.rs tampered",
        ]
    );

    // dee's adder does not compile: 0 for it, said plainly; the counter still counts.
    assert_eq!(
        verdict(&report, "dee", "basics/adder")["verdict"],
        "compile_error"
    );
    let feedback = std::fs::read_to_string(out.path().join("feedback/dee.md")).unwrap();
    assert!(feedback.contains("does not compile"), "{feedback}");
    assert!(feedback.contains("Score: **3 / 6**"), "{feedback}");

    // eve's log-file forgery is refused before it runs, with each line named.
    let refused = &exercise(&report, "eve", "basics/adder")["outcome"];
    assert_eq!(refused["outcome"], "refused");
    let findings: Vec<(u64, &str)> = refused["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        findings,
        [(3, "std::env"), (5, "std::fs"), (6, "std::process")]
    );

    // The sandbox stops what the guard lets through (this exercise allows processes).
    let sandboxed = |learner| verdict(&report, learner, "system/sandboxed")["verdict"].clone();
    assert_eq!(sandboxed("finn"), "failed", "forged output is no pass");
    assert_eq!(sandboxed("gus"), "failed", "exit(0) is no pass");
    assert_eq!(sandboxed("hal"), "timed_out");
    assert_eq!(sandboxed("ivy"), "timed_out", "the fork bomb hangs too");
    assert_eq!(sandboxed("jo"), "crashed");
    assert_eq!(
        sandboxed("kit"),
        "passed",
        "right, and its escaped child was swept"
    );
    let exit = verdict(&report, "gus", "system/sandboxed")["message"]
        .as_str()
        .unwrap_or_default();
    assert!(exit.contains("std::process::exit"), "{exit}");

    let junit = std::fs::read_to_string(out.path().join("junit.xml")).unwrap();
    assert_eq!(junit.matches("<testsuite ").count(), 11, "{junit}");
    assert!(junit.contains("basics/counter: stress"), "{junit}");
    for learner in ["ada", "kit"] {
        let results = read_json(&out.path().join(format!("gradescope/{learner}.json")));
        assert_gradescope_shape(&results);
        let results = read_json(&out.path().join(format!("prairielearn/{learner}.json")));
        assert_prairielearn_shape(&results);
    }
}

#[test]
fn an_unknown_exercise_is_named_with_a_suggestion() {
    let class = fixtures().join("class");
    let output = threadlings(
        "grade-unknown",
        &marker("unknown"),
        &["grade", &class.to_string_lossy(), "--exercise", "addr"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `adder`"),
        "{}",
        stderr(&output)
    );
}

/// The fields Gradescope documents for `results.json`, and the values it accepts.
fn assert_gradescope_shape(results: &Value) {
    let top = results.as_object().expect("an object");
    for key in top.keys() {
        assert!(
            [
                "score",
                "execution_time",
                "output",
                "output_format",
                "visibility",
                "stdout_visibility",
                "extra_data",
                "tests",
            ]
            .contains(&key.as_str()),
            "Gradescope has no field {key}"
        );
    }
    assert!(results["score"].is_f64(), "{results:#}");
    assert!(results["execution_time"].is_u64(), "{results:#}");
    assert!(results["output"].is_string());
    let tests = results["tests"].as_array().expect("tests");
    assert!(!tests.is_empty());
    let mut sum = 0.0;
    for test in tests {
        for key in ["name", "output"] {
            assert!(test[key].is_string(), "{key} in {test:#}");
        }
        assert!(test["score"].as_f64().unwrap() <= test["max_score"].as_f64().unwrap());
        assert!(["passed", "failed"].contains(&test["status"].as_str().unwrap()));
        assert!(
            ["hidden", "after_due_date", "after_published", "visible"]
                .contains(&test["visibility"].as_str().unwrap()),
            "{test:#}"
        );
        sum += test["score"].as_f64().unwrap();
    }
    assert_eq!(results["score"].as_f64(), Some(sum), "{results:#}");
}

/// The fields PrairieLearn's external grader reads from `results.json`.
fn assert_prairielearn_shape(results: &Value) {
    assert!(results["gradable"].is_boolean(), "{results:#}");
    assert!(results["message"].is_string() && results["output"].is_string());
    if results["gradable"] == true {
        let score = results["score"].as_f64().expect("a score");
        assert!((0.0..=1.0).contains(&score), "{results:#}");
        for test in results["tests"].as_array().expect("tests") {
            assert!(test["name"].is_string() && test["output"].is_string());
            assert!(test["points"].as_u64().unwrap() <= test["max_points"].as_u64().unwrap());
        }
    }
}

/// A fake `/autograder`: the learner's submission in it, an empty results folder.
fn autograder(learner: &str) -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("a fake /autograder");
    let submission = root.path().join("submission");
    copy_tree(&fixtures().join("class").join(learner), &submission);
    std::fs::create_dir_all(root.path().join("results")).unwrap();
    root
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let destination = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &destination);
        } else {
            std::fs::copy(entry.path(), destination).unwrap();
        }
    }
}

#[test]
fn gradescope_grades_the_autograder_submission_and_keeps_hidden_tests_hidden() {
    let marker = marker("gradescope");
    let root = autograder("cy");
    let results_path = root.path().join("results/results.json");
    let output = threadlings(
        "grade-gradescope",
        &marker,
        &[
            "gradescope",
            "--submission",
            &root.path().join("submission").to_string_lossy(),
            "--results",
            &results_path.to_string_lossy(),
            "--hidden",
            &fixtures().join("hidden").to_string_lossy(),
            "--exercise",
            "adder",
            "--hidden-visibility",
            "after_published",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let results = read_json(&results_path);
    assert_gradescope_shape(&results);
    let tests = results["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 2, "{results:#}");
    assert_eq!(tests[0]["name"], "basics/adder");
    assert_eq!(tests[0]["status"], "failed");
    assert_eq!(tests[0]["max_score"], 2.0);
    let hidden = &tests[1];
    assert_eq!(hidden["name"], "basics/adder: hidden tests");
    assert_eq!(hidden["visibility"], "after_published");
    assert_eq!(hidden["status"], "failed");
    assert_eq!(hidden["max_score"], 2.0);
    let text = results.to_string();
    assert!(
        !text.contains("adds_at_the_edges") && !text.contains("4294967295"),
        "the hidden test's name and output leaked: {text}"
    );
    assert!(survivors(&marker).is_empty());
}

#[test]
fn prairielearn_scores_in_zero_to_one_and_says_when_nothing_compiles() {
    let marker = marker("prairielearn");
    let hidden = fixtures().join("hidden");
    let run = |learner: &str| {
        let root = autograder(learner);
        let results_path = root.path().join("results/results.json");
        let output = threadlings(
            "grade-prairielearn",
            &marker,
            &[
                "prairielearn",
                "--submission",
                &root.path().join("submission").to_string_lossy(),
                "--results",
                &results_path.to_string_lossy(),
                "--hidden",
                &hidden.to_string_lossy(),
                "--exercise",
                "adder",
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        read_json(&results_path)
    };
    let right = run("ada");
    assert_prairielearn_shape(&right);
    assert_eq!(right["score"], 1.0, "{right:#}");
    let tests = right["tests"].as_array().unwrap();
    assert_eq!(tests[1]["name"], "basics/adder: hidden tests");
    assert_eq!(
        (tests[1]["points"].as_u64(), tests[1]["max_points"].as_u64()),
        (Some(2), Some(2))
    );

    let broken = run("dee");
    assert_prairielearn_shape(&broken);
    assert_eq!(broken["gradable"], false, "{broken:#}");
    assert!(broken.get("score").is_none());
    let compiler = broken["output"].as_str().unwrap_or_default();
    assert!(
        compiler.contains("cannot add `&str` to `u32`"),
        "{compiler}"
    );
}

/// The real workbook's root: bundles build threadlings from its own source.
fn workbook_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn bundle(service: &str, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .arg("--root")
        .arg(workbook_root())
        .args([service, "bundle", "--out"])
        .arg(out)
        .arg("--hidden")
        .arg(fixtures().join("hidden"))
        .output()
        .expect("threadlings runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// `bash -n`: the script parses.
fn assert_bash_parses(script: &Path) {
    let status = Command::new("bash").arg("-n").arg(script).status().unwrap();
    assert!(status.success(), "{} does not parse", script.display());
}

#[test]
fn the_gradescope_bundle_holds_its_scripts_the_pristine_workbook_and_the_hidden_tests() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("autograder.zip");
    bundle("gradescope", &zip_path);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .map(|name| name.expect("a readable name").into_owned())
        .collect();
    for expected in [
        "setup.sh",
        "run_autograder",
        "Cargo.toml",
        "Cargo.lock",
        "checker/src/main.rs",
        "exercises/03_locks/spinlock/exercise.toml",
        "exercises/shim/Cargo.toml",
        "hidden/01_basics/adder/tests/unit.rs",
        "hidden/01_basics/adder/hidden.toml",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in the zip"
        );
    }
    for name in &names {
        assert!(
            !name.starts_with("solutions/") && !name.contains("target/"),
            "{name} has no place in the autograder"
        );
    }
    for script in ["setup.sh", "run_autograder"] {
        let mut entry = zip.by_name(script).unwrap();
        assert_eq!(
            entry.unix_mode().map(|m| m & 0o111),
            Some(0o111),
            "{script}"
        );
        let path = dir.path().join(script);
        std::io::copy(&mut entry, &mut std::fs::File::create(&path).unwrap()).unwrap();
        assert_bash_parses(&path);
    }
    let run = std::fs::read_to_string(dir.path().join("run_autograder")).unwrap();
    assert!(
        run.contains("threadlings gradescope --hidden hidden"),
        "{run}"
    );
    // `gradescope` is an instructor's command: the learner's default build leaves it out.
    let setup = std::fs::read_to_string(dir.path().join("setup.sh")).unwrap();
    assert!(
        setup.contains("cargo build --release -p threadlings --features instructor\n"),
        "{setup}"
    );
}

#[test]
fn the_prairielearn_bundle_has_a_dockerfile_and_an_entry_point() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grader");
    bundle("prairielearn", &out);
    let dockerfile = std::fs::read_to_string(out.join("Dockerfile")).unwrap();
    assert!(dockerfile.starts_with("# ") && dockerfile.contains("COPY workbook /workbook"));
    assert!(
        dockerfile.contains("cargo build --release -p threadlings --features instructor &&"),
        "the image builds the instructor's commands, prairielearn among them: {dockerfile}"
    );
    let run = out.join("workbook/run.sh");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(run.metadata().unwrap().permissions().mode() & 0o111, 0o111);
    assert_bash_parses(&run);
    assert!(
        std::fs::read_to_string(&run)
            .unwrap()
            .contains("threadlings prairielearn")
    );
    assert!(
        out.join("workbook/hidden/01_basics/adder/tests/unit.rs")
            .is_file()
    );
    assert!(
        out.join("workbook/exercises/03_locks/spinlock/src/lib.rs")
            .is_file()
    );
    assert!(!out.join("workbook/solutions").exists());
    assert!(!out.join("workbook/target").exists());
}

/// Each CI template's command, run in a learner's workbook, writes the JUnit report where
/// the template uploads it from.
#[test]
fn the_ci_templates_grade_the_pushed_workbook_and_find_the_junit_report() {
    let learner = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("class/ada"), learner.path());
    let templates = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates/ci");
    let mut commands = Vec::new();
    for template in ["github-actions.yml", "gitlab-ci.yml"] {
        let text = std::fs::read_to_string(templates.join(template)).unwrap();
        let command = text
            .lines()
            .find_map(|line| {
                line.split_once("cargo run --release --features instructor -- ")
                    .map(|(_, c)| c)
            })
            .unwrap_or_else(|| panic!("{template} runs no threadlings command"));
        assert!(
            text.contains("grades/junit.xml"),
            "{template} uploads no JUnit report"
        );
        commands.push(command.to_string());
    }
    assert_eq!(
        commands[0], commands[1],
        "the templates run the same command"
    );
    // No --root: as in CI, the workbook is the folder it runs in (ada's is a whole copy).
    let output = Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .args(commands[0].split_whitespace())
        .current_dir(learner.path())
        .env(
            "THREADLINGS_TARGET_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("grade-ci"),
        )
        .output()
        .expect("threadlings runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let junit = std::fs::read_to_string(learner.path().join("grades/junit.xml")).unwrap();
    assert!(junit.contains("basics/counter: stress"), "{junit}");
    assert!(
        !junit.contains("<failure"),
        "ada's answers are all right: {junit}"
    );
}

/// A submission whose right answer also writes a file outside its folder and calls a server
/// on this machine, wherever the test says (`ESCAPE_TO`, `CALL_HOME`).
fn escaping_class() -> tempfile::TempDir {
    let class = tempfile::tempdir().unwrap();
    let lib = class
        .path()
        .join("mallory/exercises/02_system/sandboxed/src/lib.rs");
    std::fs::create_dir_all(lib.parent().unwrap()).unwrap();
    std::fs::write(
        &lib,
        "pub fn answer() -> u32 {\n\
         \x20   if let Some(path) = std::env::var_os(\"ESCAPE_TO\") {\n\
         \x20       let _ = std::fs::write(path, \"escaped\");\n\
         \x20   }\n\
         \x20   if let Ok(address) = std::env::var(\"CALL_HOME\") {\n\
         \x20       let _ = std::net::TcpStream::connect(address);\n\
         \x20   }\n\
         \x20   42\n\
         }\n",
    )
    .unwrap();
    class
}

/// Runs threadlings with `args` (which name the escaping submission) where the fixture is told
/// to write to a file outside its folder and to call a server on this machine; returns
/// threadlings' output, whether the answer wrote that file, and whether it reached the server.
fn run_escaping(label: &str, args: &[&OsStr]) -> (Output, bool, bool) {
    let escape_dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let escape_to = escape_dir.path().join("escaped.txt");
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    server.set_nonblocking(true).unwrap();
    let marker = marker(label);
    let output = Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .arg("--root")
        .arg(fixtures().join("workbook"))
        .args(args)
        .env(
            "THREADLINGS_TARGET_DIR",
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("grade-{label}")),
        )
        .env("FIXTURE_MARKER", &marker)
        .env("ESCAPE_TO", &escape_to)
        .env("CALL_HOME", server.local_addr().unwrap().to_string())
        .output()
        .expect("threadlings runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(survivors(&marker).is_empty());
    let called = server.accept().is_ok();
    (output, escape_to.exists(), called)
}

/// Grades the escaping submission, with `--sandbox` or without; returns its points, whether
/// it wrote outside its folder, and whether it reached the server.
fn grade_escaping(sandbox: bool) -> (Value, bool, bool) {
    let class = escaping_class();
    let out = tempfile::tempdir().unwrap();
    let mallory = class.path().join("mallory");
    let mut args: Vec<&OsStr> = vec![
        "grade".as_ref(),
        mallory.as_os_str(),
        "--exercise".as_ref(),
        "sandboxed".as_ref(),
        "--json".as_ref(),
        "--out".as_ref(),
        out.path().as_os_str(),
    ];
    if sandbox {
        args.push("--sandbox".as_ref());
    }
    let label = if sandbox { "sandboxed" } else { "unsandboxed" };
    let (output, escaped, called) = run_escaping(label, &args);
    let report: Value = serde_json::from_slice(&output.stdout).expect("the JSON report");
    let points = exercise(&report, "mallory", "system/sandboxed")["points"].clone();
    (points, escaped, called)
}

#[test]
fn with_sandbox_learner_code_runs_without_network_and_writes_only_its_own_folder() {
    if let Err(error) = threadlings::sandbox::Isolation::bubblewrap() {
        eprintln!("skipped: no usable bubblewrap here ({error}); the error test still runs");
        return;
    }
    // Without the sandbox the fixture does reach out: the test below proves something.
    assert_eq!(grade_escaping(false), (Value::from(1), true, true));
    // With it, the same right answer still scores, and reaches nothing.
    assert_eq!(grade_escaping(true), (Value::from(1), false, false));
}

#[test]
fn sandbox_without_bubblewrap_is_an_error_never_a_silent_run_without_it() {
    let empty = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .arg("--root")
        .arg(fixtures().join("workbook"))
        .args(["grade", "--sandbox", "--out"])
        .arg(empty.path().join("grades"))
        .arg(fixtures().join("class"))
        .env("PATH", empty.path())
        .output()
        .expect("threadlings runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("needs bubblewrap (`bwrap`), which is not on PATH"),
        "{}",
        stderr(&output)
    );
    assert!(!empty.path().join("grades").exists(), "nothing was graded");
}

#[test]
fn the_gradescope_and_prairielearn_runners_sandbox_learner_code_too() {
    if let Err(error) = threadlings::sandbox::Isolation::bubblewrap() {
        eprintln!("skipped: no usable bubblewrap here ({error}); the error test still runs");
        return;
    }
    // The same submission that, graded without the sandbox, writes outside its folder and
    // calls home (see the test above): under each service's runner with --sandbox it still
    // scores, and reaches nothing.
    let class = escaping_class();
    for service in ["gradescope", "prairielearn"] {
        let results = tempfile::tempdir().unwrap();
        let results_path = results.path().join("results.json");
        let mallory = class.path().join("mallory");
        let args: [&OsStr; 8] = [
            service.as_ref(),
            "--submission".as_ref(),
            mallory.as_os_str(),
            "--results".as_ref(),
            results_path.as_os_str(),
            "--exercise".as_ref(),
            "sandboxed".as_ref(),
            "--sandbox".as_ref(),
        ];
        let (_, escaped, called) = run_escaping(&format!("{service}-sandboxed"), &args);
        let results = read_json(&results_path);
        let full_marks = match service {
            "gradescope" => results["tests"][0]["status"] == "passed",
            _ => results["score"] == 1.0,
        };
        assert!(full_marks, "{service}: {results:#}");
        assert_eq!((escaped, called), (false, false), "{service} let it out");
    }
}

#[test]
fn the_service_runners_refuse_sandbox_without_bubblewrap_before_grading() {
    let empty = tempfile::tempdir().unwrap();
    for service in ["gradescope", "prairielearn"] {
        let results = empty.path().join(service).join("results.json");
        let output = Command::new(env!("CARGO_BIN_EXE_threadlings"))
            .arg("--root")
            .arg(fixtures().join("workbook"))
            .args([service, "--sandbox", "--submission"])
            .arg(fixtures().join("class/ada"))
            .arg("--results")
            .arg(&results)
            .env("PATH", empty.path())
            .output()
            .expect("threadlings runs");
        assert_eq!(
            output.status.code(),
            Some(2),
            "{service}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("needs bubblewrap (`bwrap`), which is not on PATH"),
            "{service}: {}",
            stderr(&output)
        );
        assert!(!results.exists(), "{service} graded without the sandbox");
    }
}
