//! Packages for graders that run elsewhere: Gradescope's autograder zip, and a folder with a
//! Dockerfile and an entry point for PrairieLearn's external grader. Each holds the pristine
//! workbook (no solutions, no build output) and the hidden tests, and pre-builds everything
//! when the grader's image is made, so grading a submission compiles only its own crates.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::edition::{self, EditionError, Entry};

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error(transparent)]
    Edition(#[from] EditionError),
    #[error("while writing the zip {path}: {source}")]
    Zip {
        path: PathBuf,
        source: zip::result::ZipError,
    },
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

/// Builds threadlings with the instructor's commands (`gradescope`, `prairielearn`, `grade`),
/// then grades the shipped workbook once: that compiles every exercise's dependencies (loom,
/// shuttle, the shim) into the target folder the grader then reuses.
const PREBUILD: &str = "cargo build --release -p threadlings --features instructor\n\
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
    edition::write_tree(out, &entries)?;
    Ok(())
}

fn script(path: &str, text: String) -> Entry {
    Entry {
        path: path.into(),
        bytes: text.into_bytes(),
        executable: true,
    }
}

/// The learner edition under `prefix`, and the hidden tests under `<prefix>/hidden`.
fn workbook_entries(
    root: &Path,
    hidden: Option<&Path>,
    prefix: &Path,
) -> Result<Vec<Entry>, BundleError> {
    let mut entries = edition::files(root, prefix)?;
    if let Some(hidden) = hidden {
        edition::add_tree(hidden, &prefix.join(HIDDEN), &["target"], &mut entries)?;
    }
    Ok(entries)
}

fn write_zip(out: &Path, entries: &[Entry]) -> Result<(), BundleError> {
    let zip_error = |source| BundleError::Zip {
        path: out.to_path_buf(),
        source,
    };
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| EditionError::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let file = std::fs::File::create(out).map_err(|source| EditionError::Write {
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
