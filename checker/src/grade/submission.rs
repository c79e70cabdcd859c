//! Finding the submissions: a learner's copy of the workbook, just its `exercises/` tree, an
//! unpacked archive of either (one folder deeper), or a folder holding many of these.

use std::path::{Path, PathBuf};

use crate::workbook::{Workbook, WorkbookError, sorted_dirs};

/// One learner's work, as found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// Named after its folder (made unique within the batch).
    pub learner: String,
    /// The folder laid out like the workbook's `exercises/` (it may lack exercises).
    pub exercises_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    #[error("{path} does not exist or is not a folder; name a submission or a folder of them")]
    NotAFolder { path: PathBuf },
    #[error(transparent)]
    Unlistable(#[from] WorkbookError),
}

/// The submissions under `paths`, in the order given (a folder of them in name order). A
/// folder of submissions whose sub-folder holds nothing recognisable still yields that
/// learner, with an empty tree: every exercise is then reported missing, the batch goes on.
pub fn discover(workbook: &Workbook, paths: &[PathBuf]) -> Result<Vec<Submission>, DiscoveryError> {
    let chapters: Vec<&str> = workbook
        .exercises
        .iter()
        .map(|exercise| exercise.chapter_dir.as_str())
        .collect();
    let mut found = Vec::new();
    for path in paths {
        if !path.is_dir() {
            return Err(DiscoveryError::NotAFolder { path: path.clone() });
        }
        if let Some(tree) = exercises_tree(path, &chapters) {
            found.push((learner_name(path), tree));
            continue;
        }
        for learner_dir in sorted_dirs(path)? {
            let tree = exercises_tree(&learner_dir, &chapters)
                .unwrap_or_else(|| learner_dir.join("exercises"));
            found.push((learner_name(&learner_dir), tree));
        }
    }
    Ok(unique_names(found))
}

/// Where the `exercises/` tree of a submission is: the folder itself, its `exercises/`, or
/// either of these one folder down (an archive that unpacks into a folder of its own).
fn exercises_tree(dir: &Path, chapters: &[&str]) -> Option<PathBuf> {
    let holds_chapters = |dir: &Path| chapters.iter().any(|chapter| dir.join(chapter).is_dir());
    if holds_chapters(dir) {
        return Some(dir.to_path_buf());
    }
    if holds_chapters(&dir.join("exercises")) {
        return Some(dir.join("exercises"));
    }
    let subdirs = sorted_dirs(dir).ok()?;
    match subdirs.as_slice() {
        [only] if holds_chapters(only) => Some(only.clone()),
        [only] if holds_chapters(&only.join("exercises")) => Some(only.join("exercises")),
        _ => None,
    }
}

/// A learner is named after their folder; a folder called `exercises` by its parent's name.
fn learner_name(dir: &Path) -> String {
    let name = |dir: &Path| {
        dir.file_name()
            .map(|name| name.to_string_lossy().into_owned())
    };
    match name(dir) {
        Some(own) if own != "exercises" => own,
        _ => dir
            .parent()
            .and_then(name)
            .unwrap_or_else(|| "submission".into()),
    }
}

fn unique_names(found: Vec<(String, PathBuf)>) -> Vec<Submission> {
    let mut submissions: Vec<Submission> = Vec::new();
    for (learner, exercises_dir) in found {
        let mut name = learner.clone();
        let mut count = 1;
        while submissions.iter().any(|s| s.learner == name) {
            count += 1;
            name = format!("{learner}-{count}");
        }
        submissions.push(Submission {
            learner: name,
            exercises_dir,
        });
    }
    submissions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_unique_in_order() {
        let found = vec![
            ("ann".to_string(), PathBuf::from("a")),
            ("ann".to_string(), PathBuf::from("b")),
        ];
        let names: Vec<String> = unique_names(found).into_iter().map(|s| s.learner).collect();
        assert_eq!(names, ["ann", "ann-2"]);
    }

    #[test]
    fn a_folder_called_exercises_takes_its_parents_name() {
        assert_eq!(learner_name(Path::new("/class/bo/exercises")), "bo");
        assert_eq!(learner_name(Path::new("/class/bo")), "bo");
    }
}
