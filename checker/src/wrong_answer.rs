//! Wrong-answer fixtures: plausible mistakes, written as edits to the reference solution.
//!
//! `solutions/<chapter>/<slug>/wrong/<name>.toml` says what the bug is, the latest stage that
//! must reject it, and the edits that turn the solution into the wrong answer. Written as edits,
//! a fixture shows exactly its bug, and it follows the solution when the solution changes; an
//! edit whose text is no longer in the solution is an error, never a silent no-op. A wrong
//! answer that rewrites most of the file names a whole file instead (`[files]`), kept beside
//! the TOML file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::manifest::Stage;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WrongAnswer {
    /// The mistake, in a sentence.
    pub bug: String,
    /// The stage that must reject it, at the latest (an earlier stage may reject it first).
    pub rejected_by: Stage,
    /// Learner files replaced whole: learner path → file beside this fixture.
    #[serde(default)]
    pub files: std::collections::BTreeMap<PathBuf, PathBuf>,
    /// Edits to the solution (after any whole-file replacement).
    #[serde(default, rename = "edit")]
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    /// The learner file to edit; the exercise's first learner file when omitted.
    pub file: Option<PathBuf>,
    /// Text that occurs exactly once in the file.
    pub find: String,
    pub replace: String,
}

#[derive(Debug, thiserror::Error)]
pub enum WrongAnswerError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid wrong-answer fixture: {message}")]
    Malformed { path: PathBuf, message: String },
    #[error(
        "{path}: edit {number} finds its text {count} times in {file} (it must be exactly once); \
         fix: widen `find` until it is unique, or update it to the solution's current code"
    )]
    Unmatched {
        path: PathBuf,
        number: usize,
        file: PathBuf,
        count: usize,
    },
}

impl WrongAnswer {
    pub fn load(path: &Path) -> Result<WrongAnswer, WrongAnswerError> {
        let text = std::fs::read_to_string(path).map_err(|source| WrongAnswerError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let answer: WrongAnswer =
            toml::from_str(&text).map_err(|error| WrongAnswerError::Malformed {
                path: path.to_path_buf(),
                message: error.to_string(),
            })?;
        if answer.edits.is_empty() && answer.files.is_empty() {
            return Err(WrongAnswerError::Malformed {
                path: path.to_path_buf(),
                message: "it has no [[edit]] and no [files]: a wrong answer must differ from the solution"
                    .into(),
            });
        }
        Ok(answer)
    }

    /// Writes the learner `files` of `solution` into `into`, with this fixture's edits applied.
    pub fn write(
        &self,
        path: &Path,
        solution: &Path,
        files: &[PathBuf],
        into: &Path,
    ) -> Result<(), WrongAnswerError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| WrongAnswerError::Io { path, source }
        };
        for file in files {
            let source = match self.files.get(file) {
                Some(whole) => path.parent().unwrap_or(Path::new(".")).join(whole),
                None => solution.join(file),
            };
            let mut text = std::fs::read_to_string(&source).map_err(io(&source))?;
            for (index, edit) in self.edits.iter().enumerate() {
                if edit.file.as_deref().unwrap_or(&files[0]) != file {
                    continue;
                }
                let count = text.matches(&edit.find).count();
                if count != 1 {
                    return Err(WrongAnswerError::Unmatched {
                        path: path.to_path_buf(),
                        number: index + 1,
                        file: file.clone(),
                        count,
                    });
                }
                text = text.replacen(&edit.find, &edit.replace, 1);
            }
            let target = into.join(file);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&target, text).map_err(io(&target))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(edits: &str) -> WrongAnswer {
        toml::from_str(&format!("bug = \"b\"\nrejected_by = \"loom\"\n{edits}")).unwrap()
    }

    #[test]
    fn edits_apply_to_the_solution() {
        let solution = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(solution.path().join("src")).unwrap();
        std::fs::write(
            solution.path().join("src/lib.rs"),
            "store(false, Release);\n",
        )
        .unwrap();
        let answer = fixture("[[edit]]\nfind = \"Release\"\nreplace = \"Relaxed\"\n");
        let out = tempfile::tempdir().unwrap();
        let files = [PathBuf::from("src/lib.rs")];
        answer
            .write(Path::new("w.toml"), solution.path(), &files, out.path())
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.path().join("src/lib.rs")).unwrap(),
            "store(false, Relaxed);\n"
        );
    }

    #[test]
    fn an_edit_that_no_longer_matches_is_an_error() {
        let solution = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(solution.path().join("src")).unwrap();
        std::fs::write(solution.path().join("src/lib.rs"), "a a\n").unwrap();
        let files = [PathBuf::from("src/lib.rs")];
        let out = tempfile::tempdir().unwrap();
        for (find, count) in [("b", 0), ("a", 2)] {
            let answer = fixture(&format!("[[edit]]\nfind = \"{find}\"\nreplace = \"c\"\n"));
            let error = answer
                .write(Path::new("w.toml"), solution.path(), &files, out.path())
                .unwrap_err();
            assert!(
                error.to_string().contains(&format!("{count} times")),
                "{error}"
            );
        }
    }
}
