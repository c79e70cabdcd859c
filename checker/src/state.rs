//! The learner's progress, kept in `.threadlings/progress.json` and written atomically.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const FILE_NAME: &str = "progress.json";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Per exercise slug.
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExerciseProgress {
    /// The last check passed.
    #[serde(default)]
    pub done: bool,
    /// How many hint levels the learner has seen.
    #[serde(default)]
    pub hints_shown: usize,
    /// How long the watcher has had it on screen, in seconds (the closing screen's total).
    #[serde(default)]
    pub seconds: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read your progress file {path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot save your progress to {path}: {source}")]
    Unwritable {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Where progress lives, and how it is read and written.
#[derive(Debug, Clone)]
pub struct StateStore {
    dir: PathBuf,
}

impl StateStore {
    pub fn new(dir: &Path) -> StateStore {
        StateStore {
            dir: dir.to_path_buf(),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Reads progress. A missing file is a fresh start. A corrupt one is moved aside (never
    /// deleted) and reported in the returned warning, and progress starts empty: every
    /// `done` mark can be earned back by `threadlings check`.
    pub fn load(&self) -> Result<(Progress, Option<String>), StateError> {
        let path = self.path();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Progress::default(), None));
            }
            Err(source) => return Err(StateError::Unreadable { path, source }),
        };
        match serde_json::from_str(&text) {
            Ok(progress) => Ok((progress, None)),
            Err(error) => {
                let stamp = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |since| since.as_secs());
                let kept = self.dir.join(format!("{FILE_NAME}.corrupt-{stamp}"));
                std::fs::rename(&path, &kept).map_err(|source| StateError::Unwritable {
                    path: kept.clone(),
                    source,
                })?;
                let warning = format!(
                    "your progress file {} was not valid ({error}); it is kept as {} and progress \
                     starts afresh. `threadlings check SLUG` marks an exercise done again.",
                    path.display(),
                    kept.display()
                );
                Ok((Progress::default(), Some(warning)))
            }
        }
    }

    /// The folder of the learner's state (`.threadlings/`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes progress atomically: a temporary file in the same folder, then a rename.
    pub fn save(&self, progress: &Progress) -> Result<(), StateError> {
        write_json_atomically(&self.path(), progress)
    }

    /// Loads, changes and saves progress in one step.
    pub fn update(&self, change: impl FnOnce(&mut Progress)) -> Result<Option<String>, StateError> {
        let (mut progress, warning) = self.load()?;
        change(&mut progress);
        self.save(&progress)?;
        Ok(warning)
    }
}

/// Writes `value` as JSON to `path` atomically: a temporary file in the same folder (made if
/// missing), then a rename, so a reader never sees half a file.
pub fn write_json_atomically(path: &Path, value: &impl Serialize) -> Result<(), StateError> {
    let unwritable = |source| StateError::Unwritable {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(unwritable)?;
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(unwritable)?;
    let json = serde_json::to_string_pretty(value).map_err(|error| unwritable(error.into()))?;
    file.write_all(json.as_bytes()).map_err(unwritable)?;
    file.as_file().sync_all().map_err(unwritable)?;
    file.persist(path)
        .map_err(|error| unwritable(error.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::new(dir.path());
        assert_eq!(store.load().unwrap(), (Progress::default(), None));
        store
            .update(|progress| {
                progress
                    .exercises
                    .entry("spinlock".into())
                    .or_default()
                    .done = true
            })
            .unwrap();
        let (progress, warning) = store.load().unwrap();
        assert!(progress.exercises["spinlock"].done);
        assert_eq!(warning, None);
    }

    #[test]
    fn a_corrupt_file_is_kept_aside_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let store = StateStore::new(dir.path());
        std::fs::write(store.path(), "{ not json").unwrap();
        let (progress, warning) = store.load().unwrap();
        assert_eq!(progress, Progress::default());
        let warning = warning.expect("a warning about the corrupt file");
        assert!(warning.contains("corrupt"), "{warning}");
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .collect();
        assert_eq!(kept.len(), 1, "the corrupt file must be kept, not deleted");
        assert_eq!(
            std::fs::read_to_string(kept[0].path()).unwrap(),
            "{ not json"
        );
    }
}
