//! Restores an exercise's shipped files, after backing up the learner's: the engine of
//! `threadlings reset` and of the watcher's list, which each say in their own way what it did.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::shipped::{self, ShippedFrom};
use crate::workbook::{Exercise, Workbook};

/// What a reset did, file by file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Each learner file that held work of the learner's, and where its copy was saved.
    pub backups: Vec<(PathBuf, PathBuf)>,
    /// Each file written back as shipped, relative to the workbook.
    pub restored: Vec<PathBuf>,
    /// Where each restored file's shipped version was found (same order as `restored`).
    pub from: Vec<ShippedFrom>,
}

/// Saves the learner's files of `exercise` under `.threadlings/backups/` and writes back the
/// shipped ones. Every shipped file is found first: if one cannot be, nothing is touched. A
/// file that is already as shipped needs no backup, and a backup never overwrites another.
pub fn reset(workbook: &Workbook, exercise: &Exercise) -> Result<Restored> {
    let mut shipped = Vec::new();
    for file in &exercise.manifest.files {
        let path = exercise.dir.join(file);
        let relative = path.strip_prefix(&workbook.root).unwrap_or(&path);
        shipped.push((path.clone(), shipped::find(&workbook.root, relative)?));
    }
    let mut restored = Restored {
        backups: Vec::new(),
        restored: Vec::new(),
        from: Vec::new(),
    };
    let mut backup = None;
    for (file, (path, version)) in exercise.manifest.files.iter().zip(shipped) {
        let current = std::fs::read(&path).ok();
        if let Some(current) = current.filter(|current| *current != version.contents) {
            let folder = match &backup {
                Some(folder) => folder,
                None => backup.insert(new_backup_dir(workbook, exercise)?),
            };
            let saved = folder.join(file);
            if let Some(parent) = saved.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("while creating {}", parent.display()))?;
            }
            std::fs::write(&saved, current)
                .with_context(|| format!("while backing up {}", path.display()))?;
            restored.backups.push((file.clone(), saved));
        }
        std::fs::write(&path, &version.contents)
            .with_context(|| format!("while restoring {}", path.display()))?;
        restored.restored.push(
            path.strip_prefix(&workbook.root)
                .unwrap_or(&path)
                .to_path_buf(),
        );
        restored.from.push(version.from);
    }
    Ok(restored)
}

/// A new, empty folder for this reset's backups: `<slug>-<seconds>`, or `-2`, `-3`... when a
/// reset in the same second made that one already (never write into another's backups).
fn new_backup_dir(workbook: &Workbook, exercise: &Exercise) -> Result<PathBuf> {
    let backups = workbook.state_dir().join("backups");
    std::fs::create_dir_all(&backups)
        .with_context(|| format!("while creating {}", backups.display()))?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = format!("{}-{stamp}", exercise.slug());
    for attempt in 1.. {
        let folder = match attempt {
            1 => backups.join(&name),
            n => backups.join(format!("{name}-{n}")),
        };
        // `create_dir` fails if the folder exists: the claim is atomic, even between processes.
        match std::fs::create_dir(&folder) {
            Ok(()) => return Ok(folder),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => {
                return Err(error).with_context(|| format!("while creating {}", folder.display()));
            }
        }
    }
    unreachable!("the attempts never end")
}
