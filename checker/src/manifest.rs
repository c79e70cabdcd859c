//! An exercise's manifest (`exercise.toml`): what the learner edits, the hints, and the stages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file name of every exercise manifest.
pub const MANIFEST_FILE: &str = "exercise.toml";

/// The check stages, in the order they run.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Unit,
    /// Snippets that must not compile (and some that must), against the learner's crate:
    /// for lessons the type system teaches, such as `Send` and `Sync`.
    #[serde(rename = "compile_fail")]
    CompileFail,
    Loom,
    Shuttle,
    Stress,
}

impl Stage {
    /// The stage's name, which is also the name of its test file (`tests/<name>.rs`).
    pub fn name(self) -> &'static str {
        match self {
            Stage::Unit => "unit",
            Stage::CompileFail => "compile_fail",
            Stage::Loom => "loom",
            Stage::Shuttle => "shuttle",
            Stage::Stress => "stress",
        }
    }

    /// The `--cfg` this stage's build needs, if any.
    pub fn cfg(self) -> Option<&'static str> {
        match self {
            Stage::Loom => Some("loom"),
            Stage::Shuttle => Some("shuttle"),
            Stage::Unit | Stage::CompileFail | Stage::Stress => None,
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The settings of one stage, as written in `[stages.<name>]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageSettings {
    /// Wall-clock limit for each test process of the stage.
    pub timeout_secs: u64,
    /// loom: how many preemptions one execution may have.
    pub preemption_bound: Option<u32>,
    /// shuttle: how many random schedules to run.
    pub iterations: Option<u64>,
    /// shuttle: the seed of the first schedule.
    pub seed: Option<u64>,
    /// stress: how long each stress test runs.
    pub duration_ms: Option<u64>,
    /// unit and stress: one `Condvar::wait` in this many wakes spuriously (0: never).
    pub spurious_wakeups: Option<u64>,
    /// Grading: the points this stage earns when it passes (partial credit). When any stage
    /// names points, the stages' points add up to the exercise's `points`; when none does,
    /// the exercise's points go to a check that passes every stage.
    pub points: Option<u32>,
}

/// Unless a manifest says otherwise, one wait in four wakes spuriously: often enough that an
/// `if` around a wait fails every run, rarely enough that a correct `while` loop still moves.
pub const DEFAULT_SPURIOUS_WAKEUPS: u64 = 4;

/// Resource limits for the test processes of an exercise.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Address-space limit in MiB.
    #[serde(default = "default_memory_mib")]
    pub memory_mib: u64,
}

fn default_memory_mib() -> u64 {
    2048
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_mib: default_memory_mib(),
        }
    }
}

/// What a learner file may reach for that no answer of most exercises needs. Grading refuses a
/// file that uses any of these, unless the exercise's `[guard] allow` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
pub enum GuardRule {
    #[serde(rename = "unsafe")]
    Unsafe,
    #[serde(rename = "std::process")]
    Process,
    #[serde(rename = "std::env")]
    Env,
    #[serde(rename = "std::fs")]
    Fs,
    #[serde(rename = "std::net")]
    Net,
    /// `extern` blocks and `extern crate`.
    #[serde(rename = "extern")]
    Extern,
    /// `#[no_mangle]`, `#[export_name]`, `#[link_section]`, `#[link]`: symbols for the linker.
    #[serde(rename = "no_mangle")]
    NoMangle,
    /// `include!`, `include_str!`, `include_bytes!` and `#[path]`: reading other files.
    #[serde(rename = "include")]
    Include,
    /// `asm!`, `global_asm!`, `naked_asm!`.
    #[serde(rename = "asm")]
    Asm,
}

impl GuardRule {
    /// How the manifest and the refusal name the rule.
    pub fn name(self) -> &'static str {
        match self {
            GuardRule::Unsafe => "unsafe",
            GuardRule::Process => "std::process",
            GuardRule::Env => "std::env",
            GuardRule::Fs => "std::fs",
            GuardRule::Net => "std::net",
            GuardRule::Extern => "extern",
            GuardRule::NoMangle => "no_mangle",
            GuardRule::Include => "include",
            GuardRule::Asm => "asm",
        }
    }
}

/// The grading guard's settings: `[guard] allow = ["unsafe"]` for an exercise whose answer
/// needs `unsafe`, `["std::net"]` in the I/O chapters.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardSettings {
    #[serde(default)]
    pub allow: Vec<GuardRule>,
}

/// One exercise, as its manifest describes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub slug: String,
    pub title: String,
    pub chapter: String,
    /// Position within the chapter.
    pub order: u32,
    pub seed_tags: Vec<String>,
    pub difficulty: u8,
    pub points: u32,
    /// The files the learner edits, relative to the exercise directory.
    pub files: Vec<PathBuf>,
    /// Progressive hints, most gentle first.
    pub hints: Vec<String>,
    pub stages: BTreeMap<Stage, StageSettings>,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub guard: GuardSettings,
}

/// Why a manifest could not be used. Every message names the file, the field and the fix.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot read {path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is not a valid exercise manifest: {message}\nfix: correct that field; \
         exercises/03_locks/spinlock/exercise.toml shows every field in use"
    )]
    Malformed { path: PathBuf, message: String },
    #[error("{path}: field `{field}` {problem}; fix: {fix}")]
    Invalid {
        path: PathBuf,
        field: String,
        problem: String,
        fix: String,
    },
}

/// The section tags of the course (the table "Course sections" in COURSE.md).
pub const SEED_TAGS: &[&str] = &[
    "processes-threads",
    "tls",
    "threading-models",
    "green-threads",
    "go-scheduler",
    "primitives",
    "memory-ordering",
    "races",
    "deadlock",
    "livelock",
    "starvation",
    "priority-inversion",
    "aba",
    "async-io",
    "reactor-proactor",
    "models",
    "csp-vs-actors",
    "rust",
];

impl Manifest {
    /// Reads and validates `<exercise_dir>/exercise.toml`.
    pub fn load(exercise_dir: &Path) -> Result<Manifest, ManifestError> {
        let path = exercise_dir.join(MANIFEST_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| ManifestError::Unreadable {
            path: path.clone(),
            source,
        })?;
        let manifest: Manifest =
            toml::from_str(&text).map_err(|error| ManifestError::Malformed {
                path: path.clone(),
                // toml's message already names the field and shows the line.
                message: error.to_string(),
            })?;
        manifest.validate(&path, exercise_dir)?;
        Ok(manifest)
    }

    fn validate(&self, path: &Path, exercise_dir: &Path) -> Result<(), ManifestError> {
        let invalid = |field: &str, problem: String, fix: &str| ManifestError::Invalid {
            path: path.to_path_buf(),
            field: field.to_string(),
            problem,
            fix: fix.to_string(),
        };
        let folder = exercise_dir
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if self.slug != folder {
            return Err(invalid(
                "slug",
                format!("is {:?} but the exercise folder is {folder:?}", self.slug),
                "make the slug and the folder name the same",
            ));
        }
        if !(1..=5).contains(&self.difficulty) {
            return Err(invalid(
                "difficulty",
                format!("is {}", self.difficulty),
                "use 1 to 5",
            ));
        }
        if let Some(tag) = self
            .seed_tags
            .iter()
            .find(|tag| !SEED_TAGS.contains(&tag.as_str()))
        {
            return Err(invalid(
                "seed_tags",
                format!("has unknown tag {tag:?}"),
                &format!("use tags from COURSE.md: {}", SEED_TAGS.join(", ")),
            ));
        }
        if self.files.is_empty() {
            return Err(invalid(
                "files",
                "is empty".into(),
                "list the files the learner edits",
            ));
        }
        for file in &self.files {
            if file.is_absolute() || file.components().any(|c| c.as_os_str() == "..") {
                return Err(invalid(
                    "files",
                    format!("has {} outside the exercise", file.display()),
                    "use paths relative to the exercise folder, such as \"src/lib.rs\"",
                ));
            }
        }
        if self.hints.is_empty() {
            return Err(invalid(
                "hints",
                "is empty".into(),
                "write at least one hint",
            ));
        }
        if self.stages.is_empty() {
            return Err(invalid(
                "stages",
                "is empty".into(),
                "declare at least [stages.unit]",
            ));
        }
        let stage_points: Vec<u32> = self.stages.values().filter_map(|s| s.points).collect();
        let stage_total: u32 = stage_points.iter().sum();
        if !stage_points.is_empty() && stage_total != self.points {
            return Err(invalid(
                "stages.*.points",
                format!("add up to {stage_total}, but `points` is {}", self.points),
                "make the stages' points add up to the exercise's points",
            ));
        }
        for (stage, settings) in &self.stages {
            let field = |name: &str| format!("stages.{stage}.{name}");
            if settings.timeout_secs == 0 {
                return Err(invalid(
                    &field("timeout_secs"),
                    "is 0".into(),
                    "give each test some seconds",
                ));
            }
            let misplaced = [
                (
                    "preemption_bound",
                    settings.preemption_bound.is_some(),
                    Stage::Loom,
                ),
                ("iterations", settings.iterations.is_some(), Stage::Shuttle),
                ("seed", settings.seed.is_some(), Stage::Shuttle),
                ("duration_ms", settings.duration_ms.is_some(), Stage::Stress),
            ];
            if settings.spurious_wakeups.is_some() && !matches!(stage, Stage::Unit | Stage::Stress)
            {
                return Err(invalid(
                    &field("spurious_wakeups"),
                    "only applies to the unit and stress stages (the model checkers bring their \
                     own, and compile_fail runs nothing)"
                        .into(),
                    "move it to [stages.unit] or [stages.stress]",
                ));
            }
            for (name, present, belongs_to) in misplaced {
                if present && *stage != belongs_to {
                    return Err(invalid(
                        &field(name),
                        format!("only applies to the {belongs_to} stage"),
                        &format!("move it to [stages.{belongs_to}]"),
                    ));
                }
            }
            if !exercise_dir
                .join("tests")
                .join(format!("{stage}.rs"))
                .is_file()
            {
                return Err(invalid(
                    &format!("stages.{stage}"),
                    format!("is declared but tests/{stage}.rs does not exist"),
                    "add the test file or remove the stage",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a manifest (and the files it names) into a folder called `tiny`, and loads it.
    fn load(extra: &str) -> Result<Manifest, ManifestError> {
        load_with_files("[\"src/lib.rs\"]", extra)
    }

    fn load_with_files(files: &str, extra: &str) -> Result<Manifest, ManifestError> {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("tiny");
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::create_dir_all(dir.join("tests")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), "").unwrap();
        for stage in [
            Stage::Unit,
            Stage::CompileFail,
            Stage::Loom,
            Stage::Shuttle,
            Stage::Stress,
        ] {
            std::fs::write(dir.join("tests").join(format!("{stage}.rs")), "").unwrap();
        }
        let manifest = format!(
            "slug = \"tiny\"\ntitle = \"t\"\nchapter = \"locks\"\norder = 1\nseed_tags = [\"primitives\"]\n\
             difficulty = 2\npoints = 1\nfiles = {files}\nhints = [\"h\"]\n{extra}"
        );
        std::fs::write(dir.join(MANIFEST_FILE), manifest).unwrap();
        Manifest::load(&dir)
    }

    #[test]
    fn a_good_manifest_loads_with_its_stages_in_order() {
        let manifest =
            load("[stages.stress]\ntimeout_secs = 5\n[stages.unit]\ntimeout_secs = 5\n").unwrap();
        let stages: Vec<Stage> = manifest.stages.keys().copied().collect();
        assert_eq!(stages, vec![Stage::Unit, Stage::Stress]);
        assert_eq!(manifest.limits.memory_mib, 2048);
    }

    #[test]
    fn a_setting_in_the_wrong_stage_names_the_field_and_the_fix() {
        let error = load("[stages.unit]\ntimeout_secs = 5\npreemption_bound = 3\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("stages.unit.preemption_bound") && error.contains("[stages.loom]"),
            "{error}"
        );
        let error = load("[stages.loom]\ntimeout_secs = 5\nspurious_wakeups = 2\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("stages.loom.spurious_wakeups"), "{error}");
    }

    #[test]
    fn the_compile_fail_stage_runs_after_unit_and_runs_nothing() {
        let manifest = load(
            "[stages.stress]\ntimeout_secs = 5\n[stages.compile_fail]\ntimeout_secs = 60\n\
             [stages.unit]\ntimeout_secs = 5\n",
        )
        .unwrap();
        let stages: Vec<Stage> = manifest.stages.keys().copied().collect();
        assert_eq!(stages, vec![Stage::Unit, Stage::CompileFail, Stage::Stress]);
        assert_eq!(Stage::CompileFail.name(), "compile_fail");
        let error = load("[stages.compile_fail]\ntimeout_secs = 5\nspurious_wakeups = 2\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("stages.compile_fail.spurious_wakeups"),
            "{error}"
        );
    }

    #[test]
    fn stage_points_add_up_to_the_exercise_points() {
        let error = load("[stages.unit]\ntimeout_secs = 5\npoints = 2\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("add up to 2"), "{error}");
        let manifest = load(
            "[guard]\nallow = [\"unsafe\", \"std::net\"]\n\
             [stages.unit]\ntimeout_secs = 5\npoints = 1\n[stages.stress]\ntimeout_secs = 5\n",
        )
        .unwrap();
        assert_eq!(manifest.stages[&Stage::Unit].points, Some(1));
        assert_eq!(
            manifest.guard.allow,
            vec![GuardRule::Unsafe, GuardRule::Net]
        );
    }

    #[test]
    fn unknown_fields_and_stages_are_errors() {
        let error = load("colour = \"blue\"\n[stages.unit]\ntimeout_secs = 5\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("colour"), "{error}");
        let error = load("[stages.fuzz]\ntimeout_secs = 5\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("fuzz"), "{error}");
    }

    #[test]
    fn learner_files_must_stay_inside_the_exercise() {
        let stages = "[stages.unit]\ntimeout_secs = 5\n";
        let error = load_with_files("[\"../other/src/lib.rs\"]", stages)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("`files`") && error.contains("outside the exercise"),
            "{error}"
        );
        let error = load_with_files("[]", stages).unwrap_err().to_string();
        assert!(
            error.contains("`files`") && error.contains("is empty"),
            "{error}"
        );
    }
}
