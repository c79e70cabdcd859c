//! Renders reports for people (coloured terminal text) and machines (JSON).

use colored::Colorize;

use crate::runner::Progress;
use crate::verdict::{CheckReport, StageReport, Verdict};

/// One line per stage as it finishes, e.g. `  ✓ loom     2 tests  0.4 s  (explored 26 interleavings)`.
pub fn stage_line(stage: &StageReport) -> String {
    let mark = if stage.passed {
        "✓".green()
    } else if stage.inconclusive {
        "?".yellow()
    } else {
        "✗".red()
    };
    let explored = match stage.explored {
        Some(count) if stage.stage.cfg() == Some("loom") => {
            format!("  (loom explored {count} interleavings)")
        }
        Some(count) if stage.stage.cfg() == Some("shuttle") => {
            format!("  (shuttle ran {count} schedules)")
        }
        _ => String::new(),
    };
    format!(
        "  {mark} {:<8} {:>3} test{} {:>6.1} s{explored}",
        stage.stage.name(),
        stage.tests_run,
        if stage.tests_run == 1 { " " } else { "s" },
        stage.duration.as_secs_f64()
    )
}

/// A short line for progress events (`building…`, `running loom…`).
pub fn progress_line(progress: &Progress) -> String {
    match progress {
        Progress::Building => format!("  {} building…", "·".dimmed()),
        Progress::StageStarted(stage) => format!("  {} running {stage}…", "·".dimmed()),
        Progress::StageFinished(stage) => stage_line(stage),
    }
}

/// The verdict, explained, for the terminal.
pub fn verdict_text(report: &CheckReport) -> String {
    match &report.verdict {
        Verdict::Passed => format!(
            "{} {} passes every stage ({:.1} s).",
            "PASSED".green().bold(),
            report.exercise,
            report.total_duration.as_secs_f64()
        ),
        Verdict::CompileError { diagnostics } => {
            format!(
                "{} {} does not compile:\n\n{}",
                "COMPILE ERROR".red().bold(),
                report.exercise,
                diagnostics.trim_end()
            )
        }
        Verdict::Failed {
            stage,
            test,
            message,
        } => format!(
            "{} {} failed the {stage} stage, in test `{test}`:\n\n{}",
            "FAILED".red().bold(),
            report.exercise,
            indent(message)
        ),
        Verdict::TimedOut {
            stage,
            test,
            after_secs,
            message,
        } => format!(
            "{} {}: test `{test}` of the {stage} stage was stopped after {after_secs:.0} s.\n\n{}",
            "TIMED OUT".yellow().bold(),
            report.exercise,
            indent(message)
        ),
        Verdict::Crashed {
            stage,
            test,
            signal,
            message,
        } => format!(
            "{} {}: test `{test}` of the {stage} stage was killed by signal {signal}.\n\n{}",
            "CRASHED".red().bold(),
            report.exercise,
            indent(message)
        ),
        Verdict::Inconclusive {
            stage,
            test,
            message,
        } => format!(
            "{} {}: the {stage} stage could not finish test `{test}`. This is not a failure \
             of your code.\n\n{}",
            "INCONCLUSIVE".yellow().bold(),
            report.exercise,
            indent(message)
        ),
        Verdict::NoTestRan { stage } => format!(
            "{} {}: the {stage} stage has no test to run, so nothing was verified.\n\
             (This is a fault of the exercise, not of your code.)",
            "NO TEST RAN".red().bold(),
            report.exercise
        ),
        Verdict::Error { message } => {
            format!(
                "{} checking {}: {}",
                "ERROR".red().bold(),
                report.exercise,
                message
            )
        }
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.trim().is_empty() {
                String::new()
            } else {
                format!("    {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A bar such as `[#####.....]` for progress through the workbook.
pub fn bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
    format!(
        "[{}{}]",
        "#".repeat(filled).green(),
        ".".repeat(width - filled).dimmed()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::manifest::Stage;
    use crate::verdict::{CheckReport, StageReport, Verdict};
    use std::time::Duration;

    fn report(verdict: Verdict) -> CheckReport {
        CheckReport {
            exercise: "locks/spinlock".into(),
            verdict,
            stages: Vec::new(),
            build_duration: Duration::from_millis(800),
            total_duration: Duration::from_millis(1500),
        }
    }

    /// What a learner reads for each kind of verdict, pinned so a change to it is deliberate.
    #[test]
    fn verdicts_read_well() {
        colored::control::set_override(false);
        let verdicts = [
            Verdict::Passed,
            Verdict::CompileError {
                diagnostics: "error[E0308]: mismatched types\n --> src/lib.rs:2:5".into(),
            },
            Verdict::Failed {
                stage: Stage::Loom,
                test: "two_threads".into(),
                message: "loom reported:\nCausality violation\n\nwhy: a data race".into(),
            },
            Verdict::TimedOut {
                stage: Stage::Stress,
                test: "hammer".into(),
                after_secs: 10.0,
                message: "timed out after 10 s: likely a deadlock or a livelock".into(),
            },
            Verdict::Crashed {
                stage: Stage::Unit,
                test: "hog".into(),
                signal: 6,
                message: "ran out of memory".into(),
            },
            Verdict::Inconclusive {
                stage: Stage::Loom,
                test: "two_threads".into(),
                message: "loom could not finish: one interleaving took more steps than loom \
                          allows."
                    .into(),
            },
            Verdict::NoTestRan { stage: Stage::Unit },
            Verdict::Error {
                message: "the check was cancelled".into(),
            },
        ];
        let text: Vec<String> = verdicts
            .into_iter()
            .map(|verdict| verdict_text(&report(verdict)))
            .collect();
        insta::assert_snapshot!(text.join("\n\n---\n\n"));
    }

    #[test]
    fn stage_lines_say_what_the_model_checker_explored() {
        colored::control::set_override(false);
        let stage = StageReport {
            stage: Stage::Loom,
            passed: true,
            inconclusive: false,
            tests_run: 2,
            duration: Duration::from_millis(40),
            explored: Some(26),
        };
        insta::assert_snapshot!(stage_line(&stage), @"  ✓ loom       2 tests    0.0 s  (loom explored 26 interleavings)");
    }

    #[test]
    fn bars_fill_in_proportion() {
        colored::control::set_override(false);
        assert_eq!(bar(0, 5, 10), "[..........]");
        assert_eq!(bar(5, 5, 10), "[##########]");
        assert_eq!(bar(1, 4, 8), "[##......]");
        assert_eq!(bar(0, 0, 4), "[....]");
    }
}
