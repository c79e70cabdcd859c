//! The workbook: where it is on disk and the exercises it holds, in course order.

use std::path::{Path, PathBuf};

use crate::manifest::{MANIFEST_FILE, Manifest, ManifestError};

/// Overrides where the checker builds (default `<workbook>/target/threadlings`).
pub const TARGET_DIR_ENV: &str = "THREADLINGS_TARGET_DIR";
/// Overrides where progress is kept (default `<workbook>/.threadlings`).
pub const STATE_DIR_ENV: &str = "THREADLINGS_STATE_DIR";

#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    #[error(
        "no threadlings workbook here: no folder from {start} upwards holds `exercises/` and \
         `Cargo.toml`; run threadlings inside your clone of the workbook, or pass --root"
    )]
    NotFound { start: PathBuf },
    #[error("cannot list {path}: {source}")]
    Unlistable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(
        "{path}: the chapter folder must be named `NN_{chapter}` (as the manifest's chapter \
         field says); rename the folder or fix the field"
    )]
    ChapterMismatch { path: PathBuf, chapter: String },
    #[error("two exercises are called `{slug}`: {first} and {second}; slugs must be unique")]
    DuplicateSlug {
        slug: String,
        first: PathBuf,
        second: PathBuf,
    },
    #[error("there is no exercise `{asked}`{suggestion}; `threadlings list` shows them all")]
    UnknownExercise { asked: String, suggestion: String },
}

/// One exercise of the workbook.
#[derive(Debug, Clone)]
pub struct Exercise {
    /// The exercise crate's folder.
    pub dir: PathBuf,
    /// Its chapter folder's name, such as `03_locks`.
    pub chapter_dir: String,
    pub manifest: Manifest,
}

impl Exercise {
    pub fn slug(&self) -> &str {
        &self.manifest.slug
    }

    /// `chapter/slug`, as the course names it.
    pub fn id(&self) -> String {
        format!("{}/{}", self.manifest.chapter, self.manifest.slug)
    }

    /// The cargo package name (the slug).
    pub fn package(&self) -> &str {
        &self.manifest.slug
    }

    /// Where its reference solution lives: `solutions/<chapter_dir>/<slug>`.
    pub fn solution_dir(&self, root: &Path) -> PathBuf {
        root.join("solutions")
            .join(&self.chapter_dir)
            .join(self.slug())
    }
}

#[derive(Debug, Clone)]
pub struct Workbook {
    pub root: PathBuf,
    /// In course order: by chapter folder, then by the manifest's `order`.
    pub exercises: Vec<Exercise>,
}

impl Workbook {
    /// Finds the workbook from `start` upwards and loads every exercise.
    pub fn discover(start: &Path) -> Result<Workbook, WorkbookError> {
        let root = start
            .ancestors()
            .find(|dir| dir.join("exercises").is_dir() && dir.join("Cargo.toml").is_file())
            .ok_or_else(|| WorkbookError::NotFound {
                start: start.to_path_buf(),
            })?;
        Workbook::load(root)
    }

    /// Loads the workbook rooted at `root`.
    pub fn load(root: &Path) -> Result<Workbook, WorkbookError> {
        let root = root.to_path_buf();
        let mut exercises = Vec::new();
        for chapter_path in sorted_dirs(&root.join("exercises"))? {
            let chapter_dir = file_name(&chapter_path);
            // Only numbered chapter folders hold exercises (`shim` is support code).
            let Some((number, chapter)) = chapter_dir.split_once('_') else {
                continue;
            };
            if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            for exercise_path in sorted_dirs(&chapter_path)? {
                if !exercise_path.join(MANIFEST_FILE).is_file() {
                    continue;
                }
                let manifest = Manifest::load(&exercise_path)?;
                if manifest.chapter != chapter {
                    return Err(WorkbookError::ChapterMismatch {
                        path: exercise_path.join(MANIFEST_FILE),
                        chapter: manifest.chapter,
                    });
                }
                exercises.push(Exercise {
                    dir: exercise_path,
                    chapter_dir: chapter_dir.clone(),
                    manifest,
                });
            }
        }
        exercises.sort_by(|a, b| {
            (&a.chapter_dir, a.manifest.order, a.slug()).cmp(&(
                &b.chapter_dir,
                b.manifest.order,
                b.slug(),
            ))
        });
        for (i, exercise) in exercises.iter().enumerate() {
            if let Some(other) = exercises[..i]
                .iter()
                .find(|other| other.slug() == exercise.slug())
            {
                return Err(WorkbookError::DuplicateSlug {
                    slug: exercise.slug().to_string(),
                    first: other.dir.clone(),
                    second: exercise.dir.clone(),
                });
            }
        }
        Ok(Workbook { root, exercises })
    }

    /// Finds an exercise by slug (`spinlock`) or id (`locks/spinlock`).
    pub fn find(&self, asked: &str) -> Result<&Exercise, WorkbookError> {
        let asked_slug = asked.rsplit('/').next().unwrap_or(asked);
        self.exercises
            .iter()
            .find(|exercise| exercise.slug() == asked_slug)
            .ok_or_else(|| {
                let suggestion = self
                    .exercises
                    .iter()
                    .map(|exercise| {
                        (
                            strsim::levenshtein(asked_slug, exercise.slug()),
                            exercise.slug(),
                        )
                    })
                    .filter(|(distance, _)| *distance <= 3)
                    .min()
                    .map(|(_, slug)| format!(" (did you mean `{slug}`?)"))
                    .unwrap_or_default();
                WorkbookError::UnknownExercise {
                    asked: asked.to_string(),
                    suggestion,
                }
            })
    }

    /// Where the checker builds exercises: a folder of its own inside `target/`, so its
    /// builds never wait on the lock of the editor's rust-analyzer (which builds in `target/`
    /// on every save, the very moment the watcher starts a check).
    pub fn target_dir(&self) -> PathBuf {
        std::env::var_os(TARGET_DIR_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| self.root.join("target").join("threadlings"))
    }

    /// Where progress and quiz history are kept.
    pub fn state_dir(&self) -> PathBuf {
        std::env::var_os(STATE_DIR_ENV)
            .map(PathBuf::from)
            .unwrap_or_else(|| self.root.join(".threadlings"))
    }
}

/// The folders in `path`, sorted by name.
pub(crate) fn sorted_dirs(path: &Path) -> Result<Vec<PathBuf>, WorkbookError> {
    let entries = std::fs::read_dir(path).map_err(|source| WorkbookError::Unlistable {
        path: path.to_path_buf(),
        source,
    })?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    Ok(dirs)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
