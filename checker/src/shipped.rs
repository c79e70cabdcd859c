//! A learner file as the course shipped it, found in the workbook's git history.
//!
//! `HEAD` is not the shipped version: a learner who commits their work in their clone (a
//! natural thing to do) has their own file there. What git does know is where each commit
//! came from: its reflog records the commit the workbook was cloned at, and each later pull
//! from the course (a fast-forward, the course's side of a merge, the commit a rebasing pull
//! started from). Those commits are the course's; the learner's own commits sit on top of
//! them. The shipped file is its version in the newest of them that has it. A workbook made
//! here with `git init` (as a course author or a test does; its reflog starts at the first
//! commit) has no such record: there the first commit is what was shipped. When neither says
//! (an expired reflog, say), nothing is guessed: the error says why and how to restore a
//! version by hand.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where a shipped version was found, for saying so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShippedFrom {
    /// A commit that came from the course: the one cloned, or a later pull of it.
    Course { commit: String, how: Arrival },
    /// The first commit of a workbook that was not cloned here.
    FirstCommit { commit: String },
}

/// How a commit of the course arrived in the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    Cloned,
    Pulled,
}

impl std::fmt::Display for ShippedFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShippedFrom::Course {
                commit,
                how: Arrival::Cloned,
            } => write!(
                f,
                "as in commit {}, which the workbook was cloned at",
                short(commit)
            ),
            ShippedFrom::Course {
                commit,
                how: Arrival::Pulled,
            } => write!(f, "as in commit {}, pulled from the course", short(commit)),
            ShippedFrom::FirstCommit { commit } => {
                write!(f, "as in the workbook's first commit, {}", short(commit))
            }
        }
    }
}

/// A file's shipped contents and where they were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipped {
    pub contents: Vec<u8>,
    pub from: ShippedFrom,
}

#[derive(Debug, thiserror::Error)]
pub enum ShippedError {
    #[error("cannot run git to find the shipped {file} (is git installed?): {source}")]
    NoGit {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot find the shipped version of {file}: the workbook is not a git clone ({why}). \
         reset takes the shipped file from git's history, so keep the workbook a git clone."
    )]
    NotARepository { file: PathBuf, why: String },
    #[error(
        "cannot tell which version of {file} was shipped: {why}. Nothing was changed. \
         `git log -- {file}` lists its versions; `git checkout COMMIT -- {file}` restores one."
    )]
    Unknown { file: PathBuf, why: String },
}

/// The shipped version of `file` (relative to `root`, the workbook's folder).
pub fn find(root: &Path, file: &Path) -> Result<Shipped, ShippedError> {
    let git = Git { root, file };
    git.run(&["rev-parse", "--verify", "HEAD"])?;
    let reflog = git.run(&["reflog", "show", "--format=%H %gs", "HEAD"])?;
    let arrivals = course_commits(&reflog);
    for (commit, how) in &arrivals {
        if let Some(contents) = git.contents_at(commit) {
            return Ok(Shipped {
                contents,
                from: ShippedFrom::Course {
                    commit: commit.clone(),
                    how: *how,
                },
            });
        }
    }
    let unknown = |why: &str| ShippedError::Unknown {
        file: file.to_path_buf(),
        why: why.to_string(),
    };
    if arrivals.iter().any(|(_, how)| *how == Arrival::Cloned) {
        return Err(unknown(
            "no commit the workbook was cloned at or pulled from the course has it",
        ));
    }
    // Made here: the reflog starts at the first commit. Anything else (an expired record, a
    // copied folder) tells nothing about where the commits came from.
    let made_here = reflog
        .lines()
        .last()
        .is_some_and(|oldest| oldest.contains(" commit (initial): "));
    if !made_here {
        return Err(unknown(
            "git no longer records where this workbook came from (its reflog has no `clone` \
             entry and does not go back to the first commit)",
        ));
    }
    let roots = git.run(&["rev-list", "--max-parents=0", "HEAD"])?;
    let roots: Vec<&str> = roots.lines().collect();
    let [first] = roots.as_slice() else {
        return Err(unknown(
            "the workbook was made here (not cloned), and it has several first commits",
        ));
    };
    match git.contents_at(first) {
        Some(contents) => Ok(Shipped {
            contents,
            from: ShippedFrom::FirstCommit {
                commit: first.to_string(),
            },
        }),
        None => Err(unknown(
            "the workbook was made here (not cloned), and its first commit does not have the \
             file",
        )),
    }
}

/// The commits that came from the course, newest first, read from the reflog of `HEAD`
/// (lines of `<commit> <subject>`, newest first).
fn course_commits(reflog: &str) -> Vec<(String, Arrival)> {
    reflog
        .lines()
        .filter_map(|line| line.split_once(' '))
        .filter_map(|(commit, subject)| {
            if subject.starts_with("clone: ") {
                return Some((commit.to_string(), Arrival::Cloned));
            }
            let pulled = subject.starts_with("pull") || subject.starts_with("merge ");
            if pulled && subject.ends_with(": Fast-forward") {
                return Some((commit.to_string(), Arrival::Pulled));
            }
            // A pull that merged: the course's side is the merge's second parent.
            if subject.starts_with("pull") && subject.contains(": Merge made by") {
                return Some((format!("{commit}^2"), Arrival::Pulled));
            }
            // A rebasing pull starts at the course's commit, then replays the learner's.
            if subject.starts_with("pull") && subject.contains(" (start): checkout ") {
                return Some((commit.to_string(), Arrival::Pulled));
            }
            None
        })
        .collect()
}

struct Git<'a> {
    root: &'a Path,
    file: &'a Path,
}

impl Git<'_> {
    /// Runs git in the workbook; its stdout, or why it failed.
    fn run(&self, args: &[&str]) -> Result<String, ShippedError> {
        self.output(args)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .map_err(|why| ShippedError::NotARepository {
                file: self.file.to_path_buf(),
                why,
            })
    }

    fn output(&self, args: &[&str]) -> Result<Vec<u8>, String> {
        let output = Command::new("git")
            .arg("-C")
            .arg(self.root)
            .args(args)
            .output()
            .map_err(|error| format!("cannot run git: {error}"))?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).trim().to_string());
        }
        Ok(output.stdout)
    }

    /// The file's contents at `commit`, if it has the file.
    fn contents_at(&self, commit: &str) -> Option<Vec<u8>> {
        // `./`: relative to the workbook, which may be a folder inside the repository.
        let object = format!("{commit}:./{}", self.file.display());
        self.output(&["show", &object]).ok()
    }
}

fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reflog_tells_the_courses_commits_from_the_learners() {
        let reflog = "\
8a7a pull --rebase (finish): returning to refs/heads/main
79e5 pull --rebase (pick): my spin lock
7beb pull --rebase (start): checkout 7beb
cede pull --no-rebase: Merge made by the 'ort' strategy.
1111 merge origin/main: Fast-forward
2222 pull: Fast-forward
0fff commit: my spin lock
e7fd clone: from https://example.org/threadlings.git
";
        let commits = course_commits(reflog);
        let commits: Vec<(&str, Arrival)> = commits
            .iter()
            .map(|(commit, how)| (commit.as_str(), *how))
            .collect();
        assert_eq!(
            commits,
            [
                ("7beb", Arrival::Pulled),
                ("cede^2", Arrival::Pulled),
                ("1111", Arrival::Pulled),
                ("2222", Arrival::Pulled),
                ("e7fd", Arrival::Cloned),
            ]
        );
    }
}
