//! What a submission holds for one exercise: the learner files grading takes, the ones it
//! lacks, and every other file that differs from the workbook (reported, never used).

use std::path::{Path, PathBuf};

use super::report::{IgnoredFile, IgnoredWhy};
use crate::workbook::Exercise;

/// One exercise of one submission, as found.
#[derive(Debug, Clone)]
pub struct Collected {
    /// The submission's folder for the exercise, laid out like the exercise.
    pub dir: PathBuf,
    /// Learner files (as the manifest names them) that are not there.
    pub missing: Vec<PathBuf>,
    pub ignored: Vec<IgnoredFile>,
}

pub fn exercise(exercises_dir: &Path, exercise: &Exercise) -> Collected {
    let dir = exercises_dir
        .join(&exercise.chapter_dir)
        .join(exercise.slug());
    let learner_files = &exercise.manifest.files;
    // A link is no learner file: it could point at anything on the grader's machine (the
    // hidden tests, say) and have it compiled and shown in the feedback.
    let missing = learner_files
        .iter()
        .filter(|file| {
            !dir.join(file)
                .symlink_metadata()
                .is_ok_and(|meta| meta.is_file())
        })
        .cloned()
        .collect();
    let ignored = differences(&exercise.dir, &dir, learner_files);
    Collected {
        dir,
        missing,
        ignored,
    }
}

/// The files of `submitted` (other than `allowed`) that are not the same as in `pristine`.
/// A file the pristine tree has and the submission lacks is no matter: the pristine one is
/// used anyway.
pub fn differences(pristine: &Path, submitted: &Path, allowed: &[PathBuf]) -> Vec<IgnoredFile> {
    let mut ignored = Vec::new();
    for relative in files_under(submitted) {
        if allowed.contains(&relative) {
            continue;
        }
        let theirs = std::fs::read(submitted.join(&relative)).ok();
        let why = match std::fs::read(pristine.join(&relative)) {
            Ok(ours) if Some(&ours) == theirs.as_ref() => continue,
            Ok(_) => IgnoredWhy::Tampered,
            Err(_) => IgnoredWhy::Extra,
        };
        ignored.push(IgnoredFile {
            path: relative,
            why,
        });
    }
    ignored
}

/// Every file under `root`, relative to it, sorted; build output and VCS folders skipped.
fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&relative)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            if name == "target" || name == ".git" {
                continue;
            }
            let path = relative.join(&name);
            // Never follow links: a submission's link could point anywhere on the machine.
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(path),
                Ok(kind) if kind.is_file() => files.push(path),
                _ => {}
            }
        }
    }
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_and_unknown_files_are_told_apart_and_learner_files_are_not_listed() {
        let pristine = tempfile::tempdir().unwrap();
        let submitted = tempfile::tempdir().unwrap();
        for root in [pristine.path(), submitted.path()] {
            std::fs::create_dir_all(root.join("src")).unwrap();
            std::fs::create_dir_all(root.join("tests")).unwrap();
            std::fs::write(root.join("Cargo.toml"), "same").unwrap();
            std::fs::write(root.join("tests/unit.rs"), "ours").unwrap();
        }
        std::fs::write(submitted.path().join("tests/unit.rs"), "theirs").unwrap();
        std::fs::write(submitted.path().join("src/lib.rs"), "answer").unwrap();
        std::fs::write(submitted.path().join("src/extra.rs"), "x").unwrap();
        let found = differences(
            pristine.path(),
            submitted.path(),
            &[PathBuf::from("src/lib.rs")],
        );
        let found: Vec<(String, IgnoredWhy)> = found
            .into_iter()
            .map(|f| (f.path.display().to_string(), f.why))
            .collect();
        assert_eq!(
            found,
            [
                ("src/extra.rs".to_string(), IgnoredWhy::Extra),
                ("tests/unit.rs".to_string(), IgnoredWhy::Tampered),
            ]
        );
    }
}
