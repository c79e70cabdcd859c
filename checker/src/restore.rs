//! Restores an exercise's shipped files, after backing up the learner's: the engine of
//! `threadlings reset` and of the watcher's list, which each say in their own way what it did.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::workbook::{Exercise, Workbook};

/// What a reset did, file by file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Each learner file that existed, and where its copy was saved.
    pub backups: Vec<(PathBuf, PathBuf)>,
    /// Each file written back as shipped, relative to the workbook.
    pub restored: Vec<PathBuf>,
}

/// The folder a reset of `exercise` made now saves the learner's files in.
fn backup_dir(workbook: &Workbook, exercise: &Exercise) -> PathBuf {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    workbook
        .state_dir()
        .join("backups")
        .join(format!("{}-{stamp}", exercise.slug()))
}

/// Saves the learner's files of `exercise` under `.threadlings/backups/` and writes back the
/// shipped ones. Every shipped file is read first: if one cannot be found, nothing is touched.
pub fn reset(workbook: &Workbook, exercise: &Exercise) -> Result<Restored> {
    let backup = backup_dir(workbook, exercise);
    let mut shipped = Vec::new();
    for file in &exercise.manifest.files {
        let path = exercise.dir.join(file);
        shipped.push((path.clone(), shipped_version(&workbook.root, &path)?));
    }
    let mut restored = Restored {
        backups: Vec::new(),
        restored: Vec::new(),
    };
    for (file, (path, contents)) in exercise.manifest.files.iter().zip(&shipped) {
        if path.is_file() {
            let saved = backup.join(file);
            if let Some(parent) = saved.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("while creating {}", parent.display()))?;
            }
            std::fs::copy(path, &saved)
                .with_context(|| format!("while backing up {}", path.display()))?;
            restored.backups.push((file.clone(), saved));
        }
        std::fs::write(path, contents)
            .with_context(|| format!("while restoring {}", path.display()))?;
        restored.restored.push(
            path.strip_prefix(&workbook.root)
                .unwrap_or(path)
                .to_path_buf(),
        );
    }
    Ok(restored)
}

/// The file as the workbook last shipped it: its version in git's HEAD commit.
fn shipped_version(root: &Path, path: &Path) -> Result<Vec<u8>> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("HEAD:{}", relative.display()))
        .output()
        .context("while running git to find the shipped file (is git installed?)")?;
    if !output.status.success() {
        bail!(
            "cannot find the shipped version of {}: {}; reset needs the workbook to be a git clone",
            relative.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}
