//! `dev new`: a new exercise that builds at once. Its example (a tally many threads add to)
//! ships failing, its solution passes, and every part the author must still write carries
//! [`PLACEHOLDER`], which `dev check` names until it is gone, as it names the wrong- and
//! right-answer fixtures still missing.

use std::path::{Path, PathBuf};

use crate::answer::{self, AnswerError, Kind};
use crate::manifest::Stage;
use crate::workbook::{Exercise, Workbook};

/// Marks what the author must still write; `dev check` reports every file that holds it.
pub const PLACEHOLDER: &str = "TODO(author)";

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("`{0}` is not CHAPTER/SLUG: name the chapter and the exercise, e.g. `locks/my_lock`")]
    NotChapterSlash(String),
    #[error(
        "`{0}` cannot be a slug: use lowercase letters, digits and `_`, starting with a letter \
         (it is also the crate's name)"
    )]
    BadSlug(String),
    #[error("there is no chapter `{asked}`; the chapters are: {known}")]
    UnknownChapter { asked: String, known: String },
    #[error("an exercise called `{slug}` already exists ({path}); choose another slug")]
    Exists { slug: String, path: PathBuf },
    #[error(
        "`{0}` is not a stage dev new scaffolds: those are unit, loom, shuttle and stress (for \
         compile_fail, copy tests/compile_fail.rs of exercises/09_rust/send_sync)"
    )]
    UnknownStage(String),
    #[error("while writing {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// How many wrong and right answers each exercise needs at least.
const FIXTURES_NEEDED: usize = 2;

/// What an exercise still lacks, in words for its author: files that still hold the
/// scaffold's placeholders, and wrong- or right-answer fixtures fewer than two of a kind.
pub fn still_missing(root: &Path, exercise: &Exercise) -> Result<Vec<String>, AnswerError> {
    let solution = exercise.solution_dir(root);
    let mut missing = Vec::new();
    let mut files = Vec::new();
    if let Some(chapter) = exercise.dir.parent() {
        files.push(chapter.join(crate::course::CHAPTER_FILE));
    }
    text_files(&exercise.dir, &mut files);
    text_files(&solution.join("src"), &mut files);
    for file in files {
        if std::fs::read_to_string(&file).is_ok_and(|text| text.contains(PLACEHOLDER)) {
            missing.push(format!(
                "{}: {PLACEHOLDER} placeholders still to write",
                file.strip_prefix(root).unwrap_or(&file).display()
            ));
        }
    }
    // The course map's test (`cargo test`) wants every exercise on it.
    let map = root.join("COURSE.md");
    if let Ok(text) = std::fs::read_to_string(&map)
        && !text.contains(&format!("| `{}` |", exercise.slug()))
    {
        missing.push(format!(
            "not on the course map yet: add a row for `{}` under its chapter in COURSE.md",
            exercise.slug()
        ));
    }
    for (kind, what) in [
        (
            Kind::Wrong,
            "wrong answers (mistakes the checks must reject)",
        ),
        (
            Kind::Right,
            "right answers (correct, of other shapes than the solution)",
        ),
    ] {
        let found = answer::list(&solution, kind)?.len();
        if found < FIXTURES_NEEDED {
            let folder = solution.join(kind.folder());
            let folder = folder
                .strip_prefix(root)
                .unwrap_or(&folder)
                .display()
                .to_string();
            missing.push(if found == 0 {
                format!("no {what} yet: add at least {FIXTURES_NEEDED} in {folder}/")
            } else {
                format!("only {found} of the {FIXTURES_NEEDED} {what} needed, in {folder}/")
            });
        }
    }
    Ok(missing)
}

/// The files under `dir`, leaving out build output, sorted.
fn text_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name != "target") {
                text_files(&path, files);
            }
        } else {
            files.push(path);
        }
    }
}

/// What `dev new` wrote.
#[derive(Debug)]
pub struct Scaffolded {
    pub exercise_dir: PathBuf,
    pub solution_dir: PathBuf,
    pub files: Vec<PathBuf>,
}

/// The stages named in `--stages unit,loom,stress`, in the order checks run them.
pub fn parse_stages(list: &str) -> Result<Vec<Stage>, ScaffoldError> {
    let mut stages = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let stage = TEMPLATES
            .iter()
            .find(|template| template.stage.name() == name)
            .ok_or_else(|| ScaffoldError::UnknownStage(name.to_string()))?;
        stages.push(stage.stage);
    }
    if stages.is_empty() {
        return Err(ScaffoldError::UnknownStage(list.to_string()));
    }
    stages.sort();
    stages.dedup();
    Ok(stages)
}

/// Writes the exercise `chapter/slug` with a test file per stage, and its solution.
pub fn new_exercise(
    workbook: &Workbook,
    id: &str,
    stages: &[Stage],
) -> Result<Scaffolded, ScaffoldError> {
    if let Some(stage) = stages
        .iter()
        .find(|stage| !TEMPLATES.iter().any(|t| t.stage == **stage))
    {
        return Err(ScaffoldError::UnknownStage(stage.to_string()));
    }
    let (chapter, slug) = id
        .split_once('/')
        .ok_or_else(|| ScaffoldError::NotChapterSlash(id.to_string()))?;
    let valid_slug = slug.starts_with(|c: char| c.is_ascii_lowercase())
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid_slug {
        return Err(ScaffoldError::BadSlug(slug.to_string()));
    }
    let chapter_dir = chapter_folder(&workbook.root, chapter)?;
    let taken = workbook
        .exercises
        .iter()
        .find(|exercise| exercise.slug() == slug)
        .map(|exercise| exercise.dir.clone())
        .or_else(|| {
            let dir = workbook
                .root
                .join("exercises")
                .join(&chapter_dir)
                .join(slug);
            dir.exists().then_some(dir)
        });
    if let Some(path) = taken {
        return Err(ScaffoldError::Exists {
            slug: slug.to_string(),
            path,
        });
    }
    let order = workbook
        .exercises
        .iter()
        .filter(|exercise| exercise.chapter_dir == chapter_dir)
        .map(|exercise| exercise.manifest.order)
        .max()
        .unwrap_or(0)
        + 1;
    let exercise_dir = workbook
        .root
        .join("exercises")
        .join(&chapter_dir)
        .join(slug);
    let solution_dir = workbook
        .root
        .join("solutions")
        .join(&chapter_dir)
        .join(slug);
    let fill = |text: &str| {
        text.replace("{slug}", slug)
            .replace("{chapter}", chapter)
            .replace("{order}", &order.to_string())
    };
    let mut files: Vec<(PathBuf, String)> = vec![
        (exercise_dir.join("Cargo.toml"), fill(CARGO_TOML)),
        (exercise_dir.join("exercise.toml"), fill(&manifest(stages))),
        (exercise_dir.join("README.md"), fill(&readme(stages))),
        (exercise_dir.join("src/lib.rs"), fill(SHIPPED)),
        (solution_dir.join("src/lib.rs"), fill(SOLUTION)),
        (solution_dir.join("wrong/README.md"), fill(WRONG_README)),
        (solution_dir.join("right/README.md"), fill(RIGHT_README)),
    ];
    for stage in stages {
        files.push((
            exercise_dir.join("tests").join(format!("{stage}.rs")),
            fill(test_file(*stage)),
        ));
    }
    // A chapter still to come gets its opening screen's words to write as well.
    let chapter_file = workbook
        .root
        .join("exercises")
        .join(&chapter_dir)
        .join(crate::course::CHAPTER_FILE);
    if !chapter_file.exists() {
        files.push((chapter_file, CHAPTER_TOML.to_string()));
    }
    for (path, text) in &files {
        let write_error = |source| ScaffoldError::Write {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_error)?;
        }
        std::fs::write(path, text).map_err(write_error)?;
    }
    Ok(Scaffolded {
        exercise_dir,
        solution_dir,
        files: files.into_iter().map(|(path, _)| path).collect(),
    })
}

/// The folder of `chapter`: an existing `NN_<chapter>` under `exercises/`, or the one the
/// course map (`COURSE.md`, `### N. name (`exercises/NN_name/`)`) gives a chapter to come.
fn chapter_folder(root: &Path, chapter: &str) -> Result<String, ScaffoldError> {
    let mut known: Vec<String> = std::fs::read_dir(root.join("exercises"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| entry.file_name().to_str().map(str::to_string))
        .filter(|name| {
            name.split_once('_')
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect();
    let map = std::fs::read_to_string(root.join("COURSE.md")).unwrap_or_default();
    known.extend(
        map.lines()
            .filter(|l| l.starts_with("### "))
            .filter_map(|l| {
                let (_, rest) = l.split_once("`exercises/")?;
                Some(rest.split(['/', '`']).next()?.to_string())
            }),
    );
    known.sort();
    known.dedup();
    let name_of = |folder: &str| {
        folder
            .split_once('_')
            .map_or("", |(_, name)| name)
            .to_string()
    };
    if let Some(folder) = known.iter().find(|folder| name_of(folder) == chapter) {
        return Ok(folder.clone());
    }
    Err(ScaffoldError::UnknownChapter {
        asked: chapter.to_string(),
        known: known
            .iter()
            .map(|folder| name_of(folder))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

const CHAPTER_TOML: &str = r#"# The chapter's opening screen in the watcher: what it teaches, in a few sentences.
title = "TODO(author): the chapter's title"
teaches = """
TODO(author): what this chapter teaches, in a few sentences.
"""
"#;

const CARGO_TOML: &str = r#"[package]
name = "{slug}"
version = "0.1.0"
edition.workspace = true
publish.workspace = true

[dependencies]
threadlings-shim = { path = "../../shim" }

# Checks at compile time of the auto traits (`Send`, `Sync`) the exercise's types promise.
[dev-dependencies]
static_assertions = "1"

[lints]
workspace = true
"#;

fn manifest(stages: &[Stage]) -> String {
    let mut text = String::from(
        r#"# The manifest of one exercise: what the learner edits, how it is checked, and the hints.
# Made by `threadlings dev new`: replace every TODO(author), then run
# `threadlings dev check --exercise {slug}` until it names nothing still missing.
slug = "{slug}"
title = "TODO(author): what the learner builds, in a line"
chapter = "{chapter}"
order = {order}
# The course sections it teaches (the tags of COURSE.md).
seed_tags = ["primitives"]
difficulty = 1
points = 5
files = ["src/lib.rs"]

hints = [
    "TODO(author): the gentlest hint first, a question that points at the idea.",
    "TODO(author): then closer; the last hint nearly gives the answer.",
]
"#,
    );
    for stage in stages {
        text.push_str(&format!("\n[stages.{stage}]\n"));
        text.push_str(template(*stage).settings);
    }
    text
}

fn readme(stages: &[Stage]) -> String {
    let mut text = String::from(
        "# {slug} — TODO(author): the title\n\n\
         ## The idea\n\
         TODO(author): teach the idea first, in a few short paragraphs: what goes wrong without \
         it, and why. (The other exercises' READMEs, e.g. exercises/03_locks/spinlock/README.md, \
         show the voice.)\n\n\
         ## Your task\n\
         TODO(author): what to change, in which file (`src/lib.rs`), and what to keep.\n\n\
         ## How it is checked\n",
    );
    for stage in stages {
        text.push_str(&format!(
            "- {}: TODO(author): what they prove.\n",
            template(*stage).described
        ));
    }
    text.push_str(
        "\n## When you are stuck\n\
         `threadlings hint` shows the next hint; each is a little less gentle than the last.\n",
    );
    text
}

const SHIPPED: &str = r#"//! TODO(author): what this exercise builds, in a sentence. The scaffold's example is a tally
//! that many threads add to at once: replace it with your exercise.

use shim::sync::atomic::{AtomicU64, Ordering};

/// A running total that many threads add to at once.
#[derive(Default)]
pub struct Tally {
    total: AtomicU64,
}

impl Tally {
    /// Adds `amount` to the total; no addition is ever lost.
    pub fn add(&self, amount: u64) {
        // TODO: add `amount` to the total in one indivisible step.
        let _ = amount;
        todo!("add `amount` to the total")
    }

    /// The total so far.
    pub fn total(&self) -> u64 {
        // Relaxed: the total publishes no other data.
        self.total.load(Ordering::Relaxed)
    }
}
"#;

const SOLUTION: &str = r#"//! TODO(author): what this exercise builds, in a sentence. The scaffold's example is a tally
//! that many threads add to at once: replace it with your exercise.
//!
//! Reference solution: one `fetch_add` reads and writes the total in one indivisible step.

use shim::sync::atomic::{AtomicU64, Ordering};

/// A running total that many threads add to at once.
#[derive(Default)]
pub struct Tally {
    total: AtomicU64,
}

impl Tally {
    /// Adds `amount` to the total; no addition is ever lost.
    pub fn add(&self, amount: u64) {
        // Relaxed: only the total matters, and the read-modify-write alone loses no addition.
        self.total.fetch_add(amount, Ordering::Relaxed);
    }

    /// The total so far.
    pub fn total(&self) -> u64 {
        // Relaxed: the total publishes no other data.
        self.total.load(Ordering::Relaxed)
    }
}
"#;

const WRONG_README: &str = "# Wrong answers to {slug}\n\n\
At least two plausible mistakes, one `<name>.toml` each: `bug` (the mistake in a sentence),
`rejected_by` (the latest stage that must catch it) and `[[edit]]` find/replace pairs that turn
the reference solution into it. `threadlings dev check` makes sure the checks reject each one.
Example: solutions/03_locks/spinlock/wrong/relaxed.toml.\n";

const RIGHT_README: &str = "# Right answers to {slug}\n\n\
At least two correct answers of other shapes than the solution, one `<name>.toml` each:
`shape` (in a sentence) and `[[edit]]` pairs (or `[files]` naming a whole file beside it).
`threadlings dev check` makes sure each one passes. Example: solutions/03_locks/spinlock/right/.\n";

/// What the scaffold writes for one stage.
struct Template {
    stage: Stage,
    /// Its `[stages.<name>]` table's settings.
    settings: &'static str,
    /// How the README's "How it is checked" names it.
    described: &'static str,
    test: &'static str,
}

/// The stages `dev new` scaffolds. (`compile_fail`'s snippets are another format: its
/// exercises are copied from `exercises/09_rust/send_sync`.)
const TEMPLATES: [Template; 4] = [
    Template {
        stage: Stage::Unit,
        settings: "timeout_secs = 10\n",
        described: "unit tests",
        test: UNIT_TEST,
    },
    Template {
        stage: Stage::Loom,
        settings: "timeout_secs = 30\npreemption_bound = 2\n",
        described: "loom",
        test: LOOM_TEST,
    },
    Template {
        stage: Stage::Shuttle,
        settings: "timeout_secs = 30\niterations = 1000\nseed = 1\n",
        described: "shuttle",
        test: SHUTTLE_TEST,
    },
    Template {
        stage: Stage::Stress,
        settings: "timeout_secs = 20\nduration_ms = 300\n",
        described: "stress",
        test: STRESS_TEST,
    },
];

/// The template of a stage `new_exercise` accepted (one of [`TEMPLATES`]).
fn template(stage: Stage) -> &'static Template {
    TEMPLATES
        .iter()
        .find(|template| template.stage == stage)
        .unwrap_or(&TEMPLATES[0])
}

fn test_file(stage: Stage) -> &'static str {
    template(stage).test
}

const UNIT_TEST: &str = r#"//! Unit tests: the exercise's rules, on one thread. TODO(author): yours.

use static_assertions::assert_impl_all;
use {slug}::Tally;

// Shared between threads by reference, so it must be `Sync` (and `Send`).
assert_impl_all!(Tally: Send, Sync);

#[test]
fn additions_add_up() {
    let tally = Tally::default();
    tally.add(2);
    tally.add(3);
    assert_eq!(tally.total(), 5, "2 and 3 were added, so the total is 5");
}
"#;

const LOOM_TEST: &str = r#"//! Loom model: every interleaving of two threads adding at once. TODO(author): yours.
#![cfg(loom)]

use shim::sync::Arc;
use shim::thread;
use {slug}::Tally;

#[test]
fn two_threads_lose_no_addition() {
    shim::model(|| {
        let tally = Arc::new(Tally::default());
        let other = {
            let tally = tally.clone();
            thread::spawn(move || tally.add(1))
        };
        tally.add(2);
        other.join().unwrap();
        assert_eq!(
            tally.total(),
            3,
            "two threads added 1 and 2: an addition was lost between a read and a write"
        );
    });
}
"#;

const SHUTTLE_TEST: &str = r#"//! Shuttle: many random schedules of more threads than loom can follow. TODO(author): yours.
#![cfg(shuttle)]

use shim::sync::Arc;
use shim::thread;
use {slug}::Tally;

#[test]
fn three_threads_lose_no_addition() {
    shim::model(|| {
        let tally = Arc::new(Tally::default());
        let others: Vec<_> = (1..=2)
            .map(|amount| {
                let tally = tally.clone();
                thread::spawn(move || tally.add(amount))
            })
            .collect();
        tally.add(3);
        for other in others {
            other.join().unwrap();
        }
        assert_eq!(tally.total(), 6, "three threads added 1, 2 and 3: one addition was lost");
    });
}
"#;

const STRESS_TEST: &str = r#"//! Stress test: real threads add as fast as they can for a fixed time. TODO(author): yours.

use std::sync::Arc;
use std::time::{Duration, Instant};

use shim::watchdog::Watchdog;
use {slug}::Tally;

#[test]
fn many_threads_lose_no_addition() {
    const THREADS: usize = 4;
    let tally = Arc::new(Tally::default());
    let watchdog = Watchdog::start("four threads adding", Duration::from_secs(2));
    let deadline = shim::stress::deadline();
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let (tally, watchdog) = (tally.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut added = 0;
                while Instant::now() < deadline {
                    tally.add(1);
                    added += 1;
                    watchdog.progress();
                }
                added
            })
        })
        .collect();
    let added: u64 = threads
        .into_iter()
        .map(|thread| thread.join().expect("a thread panicked while adding"))
        .sum();
    drop(watchdog);
    assert_eq!(tally.total(), added, "{added} additions of 1 were made: some were lost");
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_read_in_check_order_and_unknown_ones_refused() {
        assert_eq!(
            parse_stages("stress, unit,loom,unit").unwrap(),
            [Stage::Unit, Stage::Loom, Stage::Stress]
        );
        assert!(matches!(
            parse_stages("unit,fuzz"),
            Err(ScaffoldError::UnknownStage(name)) if name == "fuzz"
        ));
        assert!(matches!(
            parse_stages("compile_fail"),
            Err(ScaffoldError::UnknownStage(name)) if name == "compile_fail"
        ));
        assert!(parse_stages("").is_err());
    }

    #[test]
    fn the_manifest_declares_exactly_the_chosen_stages() {
        let manifest = manifest(&[Stage::Unit, Stage::Loom]);
        assert!(manifest.contains("[stages.unit]\ntimeout_secs = 10\n"));
        assert!(manifest.contains("[stages.loom]\ntimeout_secs = 30\npreemption_bound = 2\n"));
        assert!(!manifest.contains("[stages.stress]"));
        assert!(!manifest.contains("[stages.shuttle]"));
    }
}
