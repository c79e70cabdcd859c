//! The learner edition of the workbook: its files without the reference solutions, build
//! output, progress or git history. The grading services' bundles carry it, and `export`
//! writes it as a fresh git repository for a class.

use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, thiserror::Error)]
pub enum EditionError {
    #[error("while reading {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("while writing {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{root} has no `checker/` folder: the learner edition builds threadlings from the \
         workbook's own source, so start from a full clone of the workbook"
    )]
    NoChecker { root: PathBuf },
    #[error("{path} already exists and is not empty: export into a new or empty folder")]
    NotEmpty { path: PathBuf },
    #[error(
        "{path} is inside the workbook ({root}): the edition is a git repository of its own, \
         so export to a folder outside it"
    )]
    InsideWorkbook { path: PathBuf, root: PathBuf },
    #[error(
        "wrote the edition into {path}, but `git {step}` failed there: {message}\n\
         `threadlings reset` needs the edition to be a git repository; install git and run \
         `git init && git add -A && git commit -m 'learner edition'` in it"
    )]
    Git {
        path: PathBuf,
        step: String,
        message: String,
    },
}

/// One file of an edition: its path inside, its bytes, and whether it is executable.
pub struct Entry {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub executable: bool,
}

/// Top-level names that never go into a learner's hands: the reference solutions, an
/// instructor's hidden tests and grades, progress, history and build output.
const LEFT_OUT: &[&str] = &[
    "target",
    ".git",
    ".threadlings",
    "solutions",
    "hidden",
    "grades",
];

/// The learner edition's files, under `prefix`.
pub fn files(root: &Path, prefix: &Path) -> Result<Vec<Entry>, EditionError> {
    if !root.join("checker").is_dir() {
        return Err(EditionError::NoChecker {
            root: root.to_path_buf(),
        });
    }
    let mut entries = Vec::new();
    add_tree(root, prefix, LEFT_OUT, &mut entries)?;
    Ok(entries)
}

/// Adds the files under `from` as entries under `to`, leaving out the `skipped` names at
/// this level and build output (`target`) at any depth.
pub fn add_tree(
    from: &Path,
    to: &Path,
    skipped: &[&str],
    entries: &mut Vec<Entry>,
) -> Result<(), EditionError> {
    let read_error = |source| EditionError::Read {
        path: from.to_path_buf(),
        source,
    };
    let mut children: Vec<_> = std::fs::read_dir(from)
        .map_err(read_error)?
        .filter_map(Result::ok)
        .collect();
    children.sort_by_key(|entry| entry.file_name());
    for child in children {
        let name = child.file_name();
        if skipped.iter().any(|skip| name == *skip) {
            continue;
        }
        let path = child.path();
        let kind = child.file_type().map_err(read_error)?;
        if kind.is_dir() {
            add_tree(&path, &to.join(&name), &["target"], entries)?;
        } else if kind.is_file() {
            let bytes = std::fs::read(&path).map_err(|source| EditionError::Read {
                path: path.clone(),
                source,
            })?;
            use std::os::unix::fs::PermissionsExt;
            let executable = child
                .metadata()
                .is_ok_and(|meta| meta.permissions().mode() & 0o111 != 0);
            entries.push(Entry {
                path: to.join(&name),
                bytes,
                executable,
            });
        }
    }
    Ok(())
}

/// Writes entries as files under `out`, keeping the executable bit.
pub fn write_tree(out: &Path, entries: &[Entry]) -> Result<(), EditionError> {
    for entry in entries {
        let path = out.join(&entry.path);
        let write_error = |source| EditionError::Write {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_error)?;
        }
        std::fs::write(&path, &entry.bytes).map_err(write_error)?;
        if entry.executable {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                .map_err(write_error)?;
        }
    }
    Ok(())
}

/// What `export` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub files: usize,
}

/// Writes the learner edition of the workbook at `root` into `out` (new or empty, outside
/// the workbook) and makes it a git repository with one commit, from which `reset` takes
/// the shipped files.
pub fn export(root: &Path, out: &Path) -> Result<Exported, EditionError> {
    refuse_destination(root, out)?;
    let entries = files(root, Path::new(""))?;
    write_tree(out, &entries)?;
    for (step, args) in [
        ("init", &["init", "--quiet"][..]),
        ("add", &["add", "--all"][..]),
        (
            "commit",
            &[
                "commit",
                "--quiet",
                "--no-verify",
                "--message",
                "The threadlings workbook, learner edition",
            ][..],
        ),
    ] {
        git(out, step, args)?;
    }
    Ok(Exported {
        files: entries.len(),
    })
}

fn refuse_destination(root: &Path, out: &Path) -> Result<(), EditionError> {
    if let Ok(mut children) = std::fs::read_dir(out)
        && children.next().is_some()
    {
        return Err(EditionError::NotEmpty {
            path: out.to_path_buf(),
        });
    }
    // Compare real paths: `out` need not exist yet, so resolve the nearest folder that does.
    let real_root = root.canonicalize().map_err(|source| EditionError::Read {
        path: root.to_path_buf(),
        source,
    })?;
    let real_out = out
        .ancestors()
        .find_map(|ancestor| {
            let real = ancestor.canonicalize().ok()?;
            Some(real.join(out.strip_prefix(ancestor).ok()?))
        })
        .unwrap_or_else(|| out.to_path_buf());
    if real_out.starts_with(&real_root) {
        return Err(EditionError::InsideWorkbook {
            path: out.to_path_buf(),
            root: root.to_path_buf(),
        });
    }
    Ok(())
}

/// Runs git in `dir`, with an identity and settings of its own, so that an instructor's
/// missing `user.email` or commit signing never stops the export half-way.
fn git(dir: &Path, step: &str, args: &[&str]) -> Result<(), EditionError> {
    let failed = |message: String| EditionError::Git {
        path: dir.to_path_buf(),
        step: step.to_string(),
        message,
    };
    let output = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=threadlings export",
            "-c",
            "user.email=threadlings@localhost",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .map_err(|error| failed(error.to_string()))?;
    if !output.status.success() {
        return Err(failed(
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        for file in [
            "Cargo.toml",
            "checker/src/main.rs",
            "exercises/01_basics/adder/src/lib.rs",
            "exercises/01_basics/adder/target/debug/junk",
            "solutions/01_basics/adder/src/lib.rs",
            "target/debug/threadlings",
            ".threadlings/progress.json",
            "hidden/01_basics/adder/tests/unit.rs",
        ] {
            let path = root.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, file).unwrap();
        }
        root
    }

    #[test]
    fn the_edition_leaves_out_solutions_state_hidden_tests_and_build_output() {
        let root = workbook();
        let mut names: Vec<String> = files(root.path(), Path::new(""))
            .unwrap()
            .into_iter()
            .map(|entry| entry.path.display().to_string())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "Cargo.toml",
                "checker/src/main.rs",
                "exercises/01_basics/adder/src/lib.rs"
            ]
        );
    }

    #[test]
    fn export_refuses_a_folder_inside_the_workbook_or_not_empty() {
        let root = workbook();
        let inside = root.path().join("class-edition");
        assert!(matches!(
            export(root.path(), &inside),
            Err(EditionError::InsideWorkbook { .. })
        ));
        let busy = tempfile::tempdir().unwrap();
        std::fs::write(busy.path().join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            export(root.path(), busy.path()),
            Err(EditionError::NotEmpty { .. })
        ));
        assert_eq!(
            std::fs::read_to_string(busy.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
