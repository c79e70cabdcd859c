//! The last check of each exercise, kept whole so `threadlings explain` can show it later:
//! the watcher and `check` show a compact verdict, and the full story waits here.
//!
//! One file per exercise (`.threadlings/last/<slug>.json`), written atomically, so a check of
//! one exercise never rewrites another's and a reader never sees half a file. It holds the
//! report the check produced; nothing is run again to explain it.

use std::path::{Path, PathBuf};

use crate::state::{StateError, write_json_atomically};
use crate::verdict::CheckReport;

/// Where the last checks live, inside the learner's state folder.
#[derive(Debug, Clone)]
pub struct LastChecks {
    dir: PathBuf,
}

impl LastChecks {
    pub fn new(state_dir: &Path) -> LastChecks {
        LastChecks {
            dir: state_dir.join("last"),
        }
    }

    fn path(&self, slug: &str) -> PathBuf {
        self.dir.join(format!("{slug}.json"))
    }

    /// Keeps `report` as the last check of `slug`, replacing the one before.
    pub fn save(&self, slug: &str, report: &CheckReport) -> Result<(), StateError> {
        write_json_atomically(&self.path(slug), report)
    }

    /// The last check of `slug`; `None` if it was never checked, or if the file is from an
    /// older threadlings that wrote it differently (checking again makes a new one).
    pub fn load(&self, slug: &str) -> Result<Option<CheckReport>, StateError> {
        let path = self.path(slug);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(serde_json::from_str(&text).ok()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(StateError::Unreadable { path, source }),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::manifest::Stage;
    use crate::verdict::Verdict;

    fn report(verdict: Verdict) -> CheckReport {
        CheckReport {
            exercise: "locks/spinlock".into(),
            verdict,
            stages: Vec::new(),
            story: None,
            build_duration: Duration::from_millis(800),
            total_duration: Duration::from_millis(1500),
        }
    }

    #[test]
    fn the_last_check_replaces_the_one_before_and_other_exercises_keep_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let last = LastChecks::new(dir.path());
        assert_eq!(last.load("spinlock").unwrap(), None);
        let failed = report(Verdict::Failed {
            stage: Stage::Loom,
            test: "two_threads".into(),
            message: "Causality violation".into(),
        });
        last.save("spinlock", &failed).unwrap();
        last.save("bank", &report(Verdict::Passed)).unwrap();
        assert_eq!(last.load("spinlock").unwrap(), Some(failed));
        last.save("spinlock", &report(Verdict::Passed)).unwrap();
        assert_eq!(
            last.load("spinlock").unwrap(),
            Some(report(Verdict::Passed))
        );
        assert_eq!(last.load("bank").unwrap(), Some(report(Verdict::Passed)));
    }

    #[test]
    fn a_file_it_cannot_read_as_a_report_counts_as_no_check() {
        let dir = tempfile::tempdir().unwrap();
        let last = LastChecks::new(dir.path());
        std::fs::create_dir_all(dir.path().join("last")).unwrap();
        std::fs::write(dir.path().join("last/spinlock.json"), "{ not json").unwrap();
        assert_eq!(last.load("spinlock").unwrap(), None);
    }
}
