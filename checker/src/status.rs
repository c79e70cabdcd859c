//! The exit codes of threadlings, in one place: scripts, CI and graders tell outcomes apart
//! by them, so each has a name here and a row in the README's table ("Exit codes").

use std::process::ExitCode;

use crate::verdict::Verdict;

/// How a run of threadlings ended, as its process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The check passed, or the command did what was asked.
    Success,
    /// The learner's code failed: it does not compile, a test failed, timed out or crashed
    /// (and, for `dev check`, a check was not judged as expected).
    Failed,
    /// The command line or the workbook is wrong: an unknown exercise, a manifest that does
    /// not parse, a stage with no test. (clap uses the same code for its usage errors.)
    UsageOrWorkbook,
    /// The model checker stopped on its own limits: the code is neither proven right nor
    /// shown wrong.
    Inconclusive,
    /// threadlings could not check the code (a temporary folder it cannot make, a test
    /// binary that cannot start, a build that breaks outside the learner's files): says
    /// nothing about the learner's code.
    CheckerError,
    /// Ctrl-C, SIGTERM or SIGHUP stopped the command before it finished (128 + SIGINT, as
    /// shells report it).
    Interrupted,
}

impl Status {
    /// Every status, in the order of the README's table.
    pub const ALL: [Status; 6] = [
        Status::Success,
        Status::Failed,
        Status::UsageOrWorkbook,
        Status::Inconclusive,
        Status::CheckerError,
        Status::Interrupted,
    ];

    pub const fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::Failed => 1,
            Status::UsageOrWorkbook => 2,
            Status::Inconclusive => 3,
            Status::CheckerError => 4,
            Status::Interrupted => 130,
        }
    }

    /// The exit status of `check` for a verdict.
    pub fn of(verdict: &Verdict) -> Status {
        match verdict {
            Verdict::Passed => Status::Success,
            Verdict::CompileError { .. }
            | Verdict::Failed { .. }
            | Verdict::TimedOut { .. }
            | Verdict::Crashed { .. } => Status::Failed,
            Verdict::Inconclusive { .. } => Status::Inconclusive,
            // The exercise declares a stage it gives no test: the course's fault.
            Verdict::NoTestRan { .. } => Status::UsageOrWorkbook,
            Verdict::Error { .. } => Status::CheckerError,
        }
    }
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(status.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_code() {
        let mut codes: Vec<u8> = Status::ALL.iter().map(|status| status.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Status::ALL.len());
    }

    /// The README's table is what scripts are written against: it lists every code.
    #[test]
    fn the_readme_lists_every_exit_code() {
        let readme = include_str!("../../README.md");
        for status in Status::ALL {
            let row = format!("| {} |", status.code());
            assert!(
                readme.contains(&row),
                "the README has no row `{row}` for {status:?}"
            );
        }
    }

    #[test]
    fn a_checker_error_and_an_inconclusive_run_are_neither_pass_nor_fail() {
        let error = Verdict::Error {
            message: "cannot make a temporary folder".into(),
        };
        assert_eq!(Status::of(&error), Status::CheckerError);
        let inconclusive = Verdict::Inconclusive {
            stage: crate::manifest::Stage::Loom,
            test: "two_threads".into(),
            message: "loom could not finish".into(),
        };
        assert_eq!(Status::of(&inconclusive), Status::Inconclusive);
        assert_eq!(Status::of(&Verdict::Passed), Status::Success);
    }
}
