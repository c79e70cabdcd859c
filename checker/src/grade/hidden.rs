//! Hidden tests: an instructor's own test files for an exercise, laid out like the workbook
//! (`<DIR>/<chapter folder>/<slug>/tests/<stage>.rs`, for the stages the exercise declares),
//! with an optional `hidden.toml` saying what they are worth (`points = 3`; default 1).
//! They run as a second check on the same pristine copy, their files in place of the
//! visible tests of the same stage.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::manifest::{Manifest, Stage};
use crate::workbook::Exercise;

/// The hidden tests of one exercise.
#[derive(Debug, Clone)]
pub struct HiddenTests {
    /// Stage → the instructor's test file for it.
    pub files: Vec<(Stage, PathBuf)>,
    pub points: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum HiddenError {
    #[error("{path}: {message}; fix: write `points = N` or remove the file")]
    BadSettings { path: PathBuf, message: String },
    #[error(
        "{path} is a hidden test for stage `{stage}`, which {exercise} does not declare; \
         name the file after one of its stages ({stages})"
    )]
    UnknownStage {
        path: PathBuf,
        stage: String,
        exercise: String,
        stages: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    points: u32,
}

/// The hidden tests for `exercise` under `dir`, if there are any.
pub fn find(dir: &Path, exercise: &Exercise) -> Result<Option<HiddenTests>, HiddenError> {
    let exercise_dir = dir.join(&exercise.chapter_dir).join(exercise.slug());
    let Ok(entries) = std::fs::read_dir(exercise_dir.join("tests")) else {
        return Ok(None);
    };
    let mut files = Vec::new();
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stage = exercise
            .manifest
            .stages
            .keys()
            .find(|stage| stage.name() == name);
        match stage {
            Some(stage) => files.push((*stage, path)),
            None => {
                return Err(HiddenError::UnknownStage {
                    path,
                    stage: name,
                    exercise: exercise.id(),
                    stages: stage_names(&exercise.manifest),
                });
            }
        }
    }
    if files.is_empty() {
        return Ok(None);
    }
    let settings_path = exercise_dir.join("hidden.toml");
    let points = match std::fs::read_to_string(&settings_path) {
        Ok(text) => {
            toml::from_str::<Settings>(&text)
                .map_err(|error| HiddenError::BadSettings {
                    path: settings_path.clone(),
                    message: error.to_string(),
                })?
                .points
        }
        Err(_) => 1,
    };
    Ok(Some(HiddenTests { files, points }))
}

/// The exercise's manifest cut down to the stages the hidden tests cover.
pub fn manifest(exercise: &Exercise, hidden: &HiddenTests) -> Manifest {
    let mut manifest = exercise.manifest.clone();
    manifest
        .stages
        .retain(|stage, _| hidden.files.iter().any(|(hidden, _)| hidden == stage));
    manifest
}

fn stage_names(manifest: &Manifest) -> String {
    manifest
        .stages
        .keys()
        .map(|stage| stage.name())
        .collect::<Vec<_>>()
        .join(", ")
}
