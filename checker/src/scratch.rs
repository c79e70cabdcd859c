//! Scratch workspaces: a copy of one exercise with other files laid over its learner files.
//!
//! `dev check` (and, later, grading) must check the shipped code, the solution and each
//! wrong answer without touching the learner's workbook. A scratch workspace mirrors the
//! workbook's layout (`exercises/<chapter>/<slug>` beside a link to the shim) so the
//! exercise's relative paths still resolve, and all scratch workspaces share one target
//! directory so the dependencies are compiled once.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::workbook::{Exercise, Workbook};

/// Lays `exercise` into the scratch workspace `<checker's target>/scratch`, with its learner
/// files (the manifest's `files`) taken from `overlay` when given: a folder laid out like the
/// exercise, such as a solution or a submission. A learner file missing from the overlay is
/// an error, never a silent fall-back to the shipped file. Returns the exercise crate's
/// folder. One scratch workspace serves every variant in turn, so the shim is compiled once.
pub fn prepare(
    workbook: &Workbook,
    exercise: &Exercise,
    overlay: Option<&Path>,
) -> Result<PathBuf> {
    prepare_in(
        &workbook.target_dir().join("scratch"),
        workbook,
        exercise,
        overlay,
    )
}

/// [`prepare`] in a scratch workspace of the caller's choosing: grading keeps one per
/// parallel job, so jobs never overwrite each other's copies, yet each workspace (and its
/// shim) is built again only for what changed.
pub fn prepare_in(
    root: &Path,
    workbook: &Workbook,
    exercise: &Exercise,
    overlay: Option<&Path>,
) -> Result<PathBuf> {
    let root = root.to_path_buf();
    let crate_dir = root
        .join("exercises")
        .join(&exercise.chapter_dir)
        .join(exercise.slug());
    if crate_dir.exists() {
        std::fs::remove_dir_all(&crate_dir)
            .with_context(|| format!("while clearing {}", crate_dir.display()))?;
    }
    copy_tree(&exercise.dir, &crate_dir)?;
    if let Some(overlay) = overlay {
        for file in &exercise.manifest.files {
            let source = overlay.join(file);
            anyhow::ensure!(
                source.is_file(),
                "{} is missing: it must hold every learner file of {} ({})",
                source.display(),
                exercise.id(),
                file.display()
            );
            std::fs::copy(&source, crate_dir.join(file))
                .with_context(|| format!("while copying {}", source.display()))?;
        }
    }
    let shim_link = root.join("exercises").join("shim");
    let shim = workbook.root.join("exercises").join("shim");
    // `symlink_metadata`: a link already made stays, even where it dangles.
    if shim.is_dir() && shim_link.symlink_metadata().is_err() {
        std::os::unix::fs::symlink(&shim, &shim_link)
            .with_context(|| format!("while linking the shim into {}", root.display()))?;
    }
    write_workspace_manifest(workbook, &root, &crate_dir)?;
    // Same dependency versions as the workbook, and no need to resolve them again.
    let lock = workbook.root.join("Cargo.lock");
    if lock.is_file() {
        std::fs::copy(&lock, root.join("Cargo.lock")).context("while copying Cargo.lock")?;
    }
    Ok(crate_dir)
}

/// The target directory every scratch workspace builds into.
pub fn target_dir(workbook: &Workbook) -> PathBuf {
    workbook.target_dir().join("scratch-target")
}

/// A workspace root with the same shared settings (package fields, lints, profiles) as the
/// workbook's, whose only member is the exercise.
fn write_workspace_manifest(workbook: &Workbook, root: &Path, crate_dir: &Path) -> Result<()> {
    let original_path = workbook.root.join("Cargo.toml");
    let original: toml::Table = std::fs::read_to_string(&original_path)
        .with_context(|| format!("while reading {}", original_path.display()))?
        .parse()
        .with_context(|| format!("{} is not valid TOML", original_path.display()))?;
    let member = crate_dir
        .strip_prefix(root)
        .unwrap_or(crate_dir)
        .to_string_lossy()
        .into_owned();
    let mut workspace = original
        .get("workspace")
        .and_then(|w| w.as_table())
        .cloned()
        .unwrap_or_default();
    workspace.insert("members".into(), toml::Value::Array(vec![member.into()]));
    workspace.remove("default-members");
    let mut manifest = toml::Table::new();
    manifest.insert("workspace".into(), toml::Value::Table(workspace));
    if let Some(profile) = original.get("profile") {
        manifest.insert("profile".into(), profile.clone());
    }
    let text =
        toml::to_string(&manifest).context("while writing the scratch workspace manifest")?;
    std::fs::write(root.join("Cargo.toml"), text)
        .context("while writing the scratch workspace manifest")?;
    Ok(())
}

/// Copies a folder's files recursively, skipping build output.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("while creating {}", to.display()))?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("while listing {}", from.display()))?
    {
        let entry = entry?;
        let source = entry.path();
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        let destination = to.join(&name);
        if source.is_dir() {
            copy_tree(&source, &destination)?;
        } else {
            std::fs::copy(&source, &destination).with_context(|| {
                format!(
                    "while copying {} to {}",
                    source.display(),
                    destination.display()
                )
            })?;
        }
    }
    Ok(())
}
