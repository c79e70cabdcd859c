//! Answer fixtures: other answers to an exercise, written as edits to the reference solution.
//!
//! `solutions/<chapter>/<slug>/wrong/<name>.toml` is a plausible mistake: the bug in a
//! sentence and the latest stage that must reject it. `solutions/<chapter>/<slug>/right/<name>.toml`
//! is a correct answer of another shape than the solution (the shape in a sentence), which
//! must pass: it proves the checks accept more than the one answer they were written beside.
//! Both are written the same way. As edits, a fixture shows exactly how it differs, and it
//! follows the solution when the solution changes; an edit whose text is no longer in the
//! solution is an error, never a silent no-op. An answer that rewrites most of the file names
//! a whole file instead (`[files]`), kept beside the TOML file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::manifest::Stage;

/// Which folder a fixture lives in, and so what it claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `wrong/`: the checks must reject it.
    Wrong,
    /// `right/`: the checks must accept it.
    Right,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Wrong, Kind::Right];

    /// The folder under the solution, which is also the prefix of a variant's name.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Wrong => "wrong",
            Kind::Right => "right",
        }
    }
}

/// What a fixture says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// A mistake, which the stage `rejected_by` (or an earlier one) must reject.
    Wrong { bug: String, rejected_by: Stage },
    /// A correct answer of another shape, which every stage must pass.
    Right { shape: String },
}

#[derive(Debug, Clone)]
pub struct Answer {
    pub claim: Claim,
    /// Learner files replaced whole: learner path → file beside this fixture.
    files: BTreeMap<PathBuf, PathBuf>,
    /// Edits to the solution (after any whole-file replacement).
    edits: Vec<Edit>,
}

/// A fixture file as written; which fields it must have depends on its `Kind`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerFile {
    bug: Option<String>,
    rejected_by: Option<Stage>,
    shape: Option<String>,
    #[serde(default)]
    files: BTreeMap<PathBuf, PathBuf>,
    #[serde(default, rename = "edit")]
    edits: Vec<Edit>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    /// The learner file to edit; the exercise's first learner file when omitted.
    file: Option<PathBuf>,
    /// Text that occurs exactly once in the file.
    find: String,
    replace: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid {kind}-answer fixture: {message}")]
    Malformed {
        path: PathBuf,
        kind: &'static str,
        message: String,
    },
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

/// The fixtures of one kind beside a solution (`<solution>/wrong/*.toml` or `right/*.toml`),
/// sorted by name; none when the folder does not exist.
pub fn list(solution: &Path, kind: Kind) -> Result<Vec<PathBuf>, AnswerError> {
    let folder = solution.join(kind.folder());
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(&folder).map_err(|source| AnswerError::Io {
        path: folder.clone(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    Ok(paths)
}

impl Answer {
    pub fn load(path: &Path, kind: Kind) -> Result<Answer, AnswerError> {
        let text = std::fs::read_to_string(path).map_err(|source| AnswerError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Answer::parse(&text, kind).map_err(|message| AnswerError::Malformed {
            path: path.to_path_buf(),
            kind: kind.folder(),
            message,
        })
    }

    fn parse(text: &str, kind: Kind) -> Result<Answer, String> {
        let file: AnswerFile = toml::from_str(text).map_err(|error| error.to_string())?;
        if file.edits.is_empty() && file.files.is_empty() {
            return Err(
                "it has no [[edit]] and no [files]: it must differ from the solution".into(),
            );
        }
        let claim = match (kind, file.bug, file.rejected_by, file.shape) {
            (Kind::Wrong, Some(bug), Some(rejected_by), None) => Claim::Wrong { bug, rejected_by },
            (Kind::Wrong, _, _, Some(_)) => {
                return Err(
                    "`shape` is for right answers (in right/); a wrong answer says its \
                            `bug` and `rejected_by`"
                        .into(),
                );
            }
            (Kind::Wrong, ..) => {
                return Err(
                    "it needs `bug` (the mistake in a sentence) and `rejected_by` (the \
                            latest stage that must reject it)"
                        .into(),
                );
            }
            (Kind::Right, None, None, Some(shape)) => Claim::Right { shape },
            (Kind::Right, None, None, None) => {
                return Err("it needs `shape` (the correct shape, in a sentence)".into());
            }
            (Kind::Right, ..) => {
                return Err(
                    "a right answer must pass: it has a `shape`, and no `bug` or \
                            `rejected_by` (a mistake belongs in wrong/)"
                        .into(),
                );
            }
        };
        Ok(Answer {
            claim,
            files: file.files,
            edits: file.edits,
        })
    }

    /// Writes the learner `files` of `solution` into `into`, with this fixture's whole files
    /// and edits applied. `path` is the fixture's own file: whole files are found beside it.
    pub fn write(
        &self,
        path: &Path,
        solution: &Path,
        files: &[PathBuf],
        into: &Path,
    ) -> Result<(), AnswerError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| AnswerError::Io { path, source }
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
                    return Err(AnswerError::Unmatched {
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

    const EDIT: &str = "[[edit]]\nfind = \"Release\"\nreplace = \"Relaxed\"\n";

    fn wrong(edits: &str) -> Answer {
        Answer::parse(
            &format!("bug = \"b\"\nrejected_by = \"loom\"\n{edits}"),
            Kind::Wrong,
        )
        .unwrap()
    }

    fn solution_with(text: &str) -> tempfile::TempDir {
        let solution = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(solution.path().join("src")).unwrap();
        std::fs::write(solution.path().join("src/lib.rs"), text).unwrap();
        solution
    }

    #[test]
    fn edits_apply_to_the_solution() {
        let solution = solution_with("store(false, Release);\n");
        let out = tempfile::tempdir().unwrap();
        let files = [PathBuf::from("src/lib.rs")];
        wrong(EDIT)
            .write(Path::new("w.toml"), solution.path(), &files, out.path())
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.path().join("src/lib.rs")).unwrap(),
            "store(false, Relaxed);\n"
        );
    }

    #[test]
    fn an_edit_that_no_longer_matches_is_an_error() {
        let solution = solution_with("a a\n");
        let files = [PathBuf::from("src/lib.rs")];
        let out = tempfile::tempdir().unwrap();
        for (find, count) in [("b", 0), ("a", 2)] {
            let answer = wrong(&format!("[[edit]]\nfind = \"{find}\"\nreplace = \"c\"\n"));
            let error = answer
                .write(Path::new("w.toml"), solution.path(), &files, out.path())
                .unwrap_err();
            assert!(
                error.to_string().contains(&format!("{count} times")),
                "{error}"
            );
        }
    }

    #[test]
    fn edits_apply_to_a_whole_file_that_replaces_the_solution() {
        let solution = solution_with("the solution\n");
        let fixtures = tempfile::tempdir().unwrap();
        std::fs::write(fixtures.path().join("other.rs"), "another Release shape\n").unwrap();
        let answer = Answer::parse(
            &format!("shape = \"s\"\n{EDIT}[files]\n\"src/lib.rs\" = \"other.rs\"\n"),
            Kind::Right,
        )
        .unwrap();
        let out = tempfile::tempdir().unwrap();
        let files = [PathBuf::from("src/lib.rs")];
        answer
            .write(
                &fixtures.path().join("r.toml"),
                solution.path(),
                &files,
                out.path(),
            )
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.path().join("src/lib.rs")).unwrap(),
            "another Relaxed shape\n"
        );
    }

    #[test]
    fn a_right_answer_claims_a_shape_and_a_wrong_one_a_bug() {
        let right = Answer::parse(&format!("shape = \"a swap loop\"\n{EDIT}"), Kind::Right);
        assert_eq!(
            right.unwrap().claim,
            Claim::Right {
                shape: "a swap loop".into()
            }
        );
        assert_eq!(
            wrong(EDIT).claim,
            Claim::Wrong {
                bug: "b".into(),
                rejected_by: Stage::Loom
            }
        );
    }

    #[test]
    fn a_fixture_in_the_wrong_folder_or_without_its_claim_is_refused() {
        let cases = [
            // A right answer must pass: naming a stage that rejects it is a contradiction.
            (
                "shape = \"s\"\nrejected_by = \"loom\"\n",
                Kind::Right,
                "must pass",
            ),
            ("bug = \"b\"\n", Kind::Right, "must pass"),
            ("", Kind::Right, "needs `shape`"),
            (
                "bug = \"b\"\nrejected_by = \"loom\"\nshape = \"s\"\n",
                Kind::Wrong,
                "right/",
            ),
            ("bug = \"b\"\n", Kind::Wrong, "`rejected_by`"),
        ];
        for (claim, kind, expected) in cases {
            let error = Answer::parse(&format!("{claim}{EDIT}"), kind).unwrap_err();
            assert!(error.contains(expected), "{claim:?} in {kind:?}: {error}");
        }
        let error = Answer::parse("shape = \"s\"\n", Kind::Right).unwrap_err();
        assert!(error.contains("must differ"), "{error}");
    }
}
