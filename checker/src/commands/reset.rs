//! `threadlings reset`: restore the shipped files of an exercise, after backing up the learner's.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use crate::workbook::Workbook;

pub fn run(workbook: &Workbook, asked: &str) -> Result<ExitCode> {
    let exercise = workbook.find(asked)?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let backup = workbook
        .state_dir()
        .join("backups")
        .join(format!("{}-{stamp}", exercise.slug()));
    // Read every shipped file first: if one cannot be found, nothing is touched.
    let mut shipped = Vec::new();
    for file in &exercise.manifest.files {
        let path = exercise.dir.join(file);
        shipped.push((path.clone(), shipped_version(&workbook.root, &path)?));
    }
    for (file, (path, contents)) in exercise.manifest.files.iter().zip(&shipped) {
        if path.is_file() {
            let saved = backup.join(file);
            if let Some(parent) = saved.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("while creating {}", parent.display()))?;
            }
            std::fs::copy(path, &saved)
                .with_context(|| format!("while backing up {}", path.display()))?;
            println!("saved your {} as {}", file.display(), saved.display());
        }
        std::fs::write(path, contents)
            .with_context(|| format!("while restoring {}", path.display()))?;
        println!(
            "restored {} as shipped",
            path.strip_prefix(&workbook.root).unwrap_or(path).display()
        );
    }
    Ok(ExitCode::SUCCESS)
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
