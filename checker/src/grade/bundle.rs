//! Packages for graders that run elsewhere: Gradescope's autograder zip, and a folder with a
//! Dockerfile and an entry point for PrairieLearn's external grader. Each holds the pristine
//! workbook (no solutions, no build output) and the hidden tests, and pre-builds everything
//! when the grader's image is made, so grading a submission compiles only its own crates.

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
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
    #[error("while writing the zip {path}: {source}")]
    Zip {
        path: PathBuf,
        source: zip::result::ZipError,
    },
    #[error(
        "{root} has no `checker/` folder: a bundle builds threadlings from the workbook's own \
         source, so bundle from a full clone of the workbook"
    )]
    NoChecker { root: PathBuf },
}

/// Where hidden tests go inside a bundle's workbook.
const HIDDEN: &str = "hidden";

/// Gradescope runs `setup.sh` once when it builds the autograder image; the zip is unpacked
/// into `/autograder/source`.
fn gradescope_setup() -> String {
    format!(
        "#!/usr/bin/env bash\n\
         # Gradescope runs this once, when it builds the autograder image.\n\
         set -euo pipefail\n\
         apt-get update\n\
         apt-get install -y --no-install-recommends curl ca-certificates build-essential\n\
         {RUSTUP}\
         cd /autograder/source\n\
         {PREBUILD}"
    )
}

/// Gradescope runs this for each submission.
fn gradescope_run(hidden: bool) -> String {
    let hidden = if hidden { " --hidden hidden" } else { "" };
    format!(
        "#!/usr/bin/env bash\n\
         # Gradescope runs this for each submission: it writes /autograder/results/results.json.\n\
         set -uo pipefail\n\
         source \"$HOME/.cargo/env\"\n\
         cd /autograder/source\n\
         exec ./target/release/threadlings gradescope{hidden}\n"
    )
}

const RUSTUP: &str = "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs \
                      | sh -s -- -y --profile minimal\n\
                      source \"$HOME/.cargo/env\"\n";

/// Builds threadlings, then grades the shipped workbook once: that compiles every exercise's
/// dependencies (loom, shuttle, the shim) into the target folder the grader then reuses.
const PREBUILD: &str = "cargo build --release -p threadlings\n\
                        ./target/release/threadlings grade . --out /tmp/threadlings-warm-up \
                        > /dev/null\n";

/// PrairieLearn's external grader mounts the submission at /grade/student and reads
/// /grade/results/results.json.
fn prairielearn_dockerfile() -> String {
    format!(
        "# The image for PrairieLearn's external grader: `docker build -t NAME .` here, then\n\
         # name it in the question's externalGradingOptions with entrypoint /workbook/run.sh.\n\
         FROM debian:bookworm-slim\n\
         RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
         build-essential && rm -rf /var/lib/apt/lists/*\n\
         SHELL [\"/bin/bash\", \"-c\"]\n\
         RUN {}\n\
         COPY workbook /workbook\n\
         WORKDIR /workbook\n\
         RUN source \"$HOME/.cargo/env\" && {}\n",
        RUSTUP.trim_end().replace('\n', " && "),
        PREBUILD.trim_end().replace('\n', " && "),
    )
}

fn prairielearn_run(hidden: bool) -> String {
    let hidden = if hidden { " --hidden hidden" } else { "" };
    format!(
        "#!/usr/bin/env bash\n\
         # PrairieLearn's external grader runs this for each submission.\n\
         set -uo pipefail\n\
         source \"$HOME/.cargo/env\"\n\
         cd /workbook\n\
         exec ./target/release/threadlings prairielearn{hidden}\n"
    )
}

/// One file of a bundle: its path inside, its text or bytes, and whether it is executable.
struct Entry {
    path: PathBuf,
    bytes: Vec<u8>,
    executable: bool,
}

/// Writes Gradescope's autograder zip.
pub fn gradescope(root: &Path, hidden: Option<&Path>, out: &Path) -> Result<(), BundleError> {
    let mut entries = workbook_entries(root, hidden, Path::new(""))?;
    entries.push(script("setup.sh", gradescope_setup()));
    entries.push(script("run_autograder", gradescope_run(hidden.is_some())));
    write_zip(out, &entries)
}

/// Writes the PrairieLearn folder: `Dockerfile`, and `workbook/` with `run.sh` in it.
pub fn prairielearn(root: &Path, hidden: Option<&Path>, out: &Path) -> Result<(), BundleError> {
    let mut entries = workbook_entries(root, hidden, Path::new("workbook"))?;
    entries.push(Entry {
        path: "Dockerfile".into(),
        bytes: prairielearn_dockerfile().into_bytes(),
        executable: false,
    });
    entries.push(script(
        "workbook/run.sh",
        prairielearn_run(hidden.is_some()),
    ));
    for entry in &entries {
        let path = out.join(&entry.path);
        let write_error = |source| BundleError::Write {
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

fn script(path: &str, text: String) -> Entry {
    Entry {
        path: path.into(),
        bytes: text.into_bytes(),
        executable: true,
    }
}

/// The workbook's files under `prefix`, without solutions, build output, progress or git,
/// and the hidden tests under `<prefix>/hidden`.
fn workbook_entries(
    root: &Path,
    hidden: Option<&Path>,
    prefix: &Path,
) -> Result<Vec<Entry>, BundleError> {
    if !root.join("checker").is_dir() {
        return Err(BundleError::NoChecker {
            root: root.to_path_buf(),
        });
    }
    let mut entries = Vec::new();
    let skipped = [
        "target",
        ".git",
        ".threadlings",
        "solutions",
        HIDDEN,
        "grades",
    ];
    add_tree(root, prefix, &skipped, &mut entries)?;
    if let Some(hidden) = hidden {
        add_tree(hidden, &prefix.join(HIDDEN), &["target"], &mut entries)?;
    }
    Ok(entries)
}

fn add_tree(
    from: &Path,
    to: &Path,
    skipped: &[&str],
    entries: &mut Vec<Entry>,
) -> Result<(), BundleError> {
    let read_error = |source| BundleError::Read {
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
            // Build output is skipped at any depth; the other names only at the top.
            add_tree(&path, &to.join(&name), &["target"], entries)?;
        } else if kind.is_file() {
            let bytes = std::fs::read(&path).map_err(|source| BundleError::Read {
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

fn write_zip(out: &Path, entries: &[Entry]) -> Result<(), BundleError> {
    let zip_error = |source| BundleError::Zip {
        path: out.to_path_buf(),
        source,
    };
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| BundleError::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let file = std::fs::File::create(out).map_err(|source| BundleError::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let mut zip = zip::ZipWriter::new(file);
    for entry in entries {
        let mode = if entry.executable { 0o755 } else { 0o644 };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(mode);
        zip.start_file(entry.path.to_string_lossy(), options)
            .map_err(zip_error)?;
        zip.write_all(&entry.bytes)
            .map_err(|source| zip_error(source.into()))?;
    }
    zip.finish().map_err(zip_error)?;
    Ok(())
}
