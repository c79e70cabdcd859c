//! Renders reports for people (coloured terminal text) and machines (JSON).

use std::io::IsTerminal;

use colored::Colorize;

use crate::runner::{BuildKind, LAST_OUTPUT_HEADING, Progress, cut};
use crate::story::Story;
use crate::timeline::{deadlock_text, timeline_text};
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
    let skipped = if stage.skipped.is_empty() {
        String::new()
    } else {
        format!("  (skipped here: {})", stage.skipped.join("; "))
    };
    format!(
        "  {mark} {:<8} {:>3} test{} {:>6.1} s{explored}{skipped}",
        stage.stage.name(),
        stage.tests_run,
        if stage.tests_run == 1 { " " } else { "s" },
        stage.duration.as_secs_f64()
    )
}

/// A short line for progress events (`building…`, `running loom…`).
pub fn progress_line(progress: &Progress) -> String {
    let dot = "·".dimmed();
    match progress {
        Progress::Building { first_time } if first_time.is_empty() => {
            format!("  {dot} building…")
        }
        // A first build takes tens of seconds: say why, so the pause is not a mystery.
        Progress::Building { first_time } => {
            let what: Vec<String> = first_time.iter().map(|kind| build_name(*kind)).collect();
            format!(
                "  {dot} building {}: slow the first time only…",
                what.join(" and ")
            )
        }
        Progress::WaitingForBuild(stage) if stage.cfg().is_some() => format!(
            "  {dot} waiting for {} to finish building…",
            build_name(BuildKind::Model(*stage))
        ),
        Progress::WaitingForBuild(stage) => {
            format!("  {dot} waiting for the {stage} tests to finish building…")
        }
        Progress::StageStarted(stage) => format!("  {dot} running {stage}…"),
        Progress::StageFinished(stage) => stage_line(stage),
    }
}

fn build_name(kind: BuildKind) -> String {
    match kind {
        BuildKind::Tests => "the tests".into(),
        BuildKind::Model(stage) => format!("the {stage} model"),
    }
}

/// The widest a verdict gets, in columns, even on a wider terminal (lines stay under 100).
const MAX_WIDTH: usize = 96;
/// How many lines of a program's last output a verdict shows.
const LAST_OUTPUT_ROWS: usize = 4;
/// How many rows of the terminal one line of a verdict's explanation may fill (a panic
/// message can quote a learner's value of any length).
const LINE_ROWS: usize = 3;
/// The indent of a verdict's explanation.
const INDENT: &str = "    ";

/// The width to render for: the terminal's, up to [`MAX_WIDTH`]; [`MAX_WIDTH`] off a terminal.
pub fn terminal_width() -> usize {
    if !std::io::stdout().is_terminal() {
        return MAX_WIDTH;
    }
    match crossterm::terminal::size() {
        // A pseudo-terminal nobody sized says 0: unknown, not narrow.
        Ok((columns, _)) if columns > 0 => usize::from(columns).clamp(40, MAX_WIDTH),
        _ => MAX_WIDTH,
    }
}

/// The verdict, explained, for this terminal.
pub fn verdict_text(report: &CheckReport) -> String {
    verdict_text_within(report, terminal_width())
}

/// The verdict, explained, in lines of at most `width` columns where the text allows: the
/// heading wraps between words (a long test name moves whole to the next line) and a
/// program's last output is cut to a few lines of the width.
pub fn verdict_text_within(report: &CheckReport, width: usize) -> String {
    render_verdict(report, width, Detail::Compact)
}

/// The last check in full, for `threadlings explain`: nothing cut, every line of the message
/// and of the program's last output, long lines wrapped to the terminal's width.
pub fn explanation_text(report: &CheckReport) -> String {
    explanation_text_within(report, terminal_width())
}

pub fn explanation_text_within(report: &CheckReport, width: usize) -> String {
    render_verdict(report, width, Detail::Full)
}

/// How much of a verdict to show: a few lines where a check ends, everything on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    Compact,
    Full,
}

fn render_verdict(report: &CheckReport, width: usize, detail: Detail) -> String {
    let exercise = &report.exercise;
    let (heading, details) = match &report.verdict {
        Verdict::Passed => (
            format!(
                "{} {exercise} passes every stage ({:.1} s).",
                "PASSED".green().bold(),
                report.total_duration.as_secs_f64()
            ),
            None,
        ),
        // rustc's diagnostics are laid out already: shown as they are, not indented.
        Verdict::CompileError { diagnostics } => {
            let heading = format!(
                "{} {exercise} does not compile:",
                "COMPILE ERROR".red().bold()
            );
            return format!("{}\n\n{}", fill(&heading, width), diagnostics.trim_end());
        }
        Verdict::Failed {
            stage,
            test,
            message,
        } => (
            format!(
                "{} {exercise} failed the {stage} stage, in test `{test}`:",
                "FAILED".red().bold()
            ),
            Some(message),
        ),
        Verdict::TimedOut {
            stage,
            test,
            after_secs,
            message,
        } => (
            format!(
                "{} {exercise}: test `{test}` of the {stage} stage was stopped after \
                 {after_secs:.0} s.",
                "TIMED OUT".yellow().bold()
            ),
            Some(message),
        ),
        Verdict::Crashed {
            stage,
            test,
            signal,
            message,
        } => (
            format!(
                "{} {exercise}: test `{test}` of the {stage} stage was killed by signal {signal}.",
                "CRASHED".red().bold()
            ),
            Some(message),
        ),
        Verdict::Inconclusive {
            stage,
            test,
            message,
        } => (
            format!(
                "{} {exercise}: the {stage} stage could not finish test `{test}`. This is not a \
                 failure of your code.",
                "INCONCLUSIVE".yellow().bold()
            ),
            Some(message),
        ),
        Verdict::NoTestRan { stage } => (
            format!(
                "{} {exercise}: the {stage} stage has no test to run, so nothing was verified.\n\
                 (This is a fault of the exercise, not of your code.)",
                "NO TEST RAN".red().bold()
            ),
            None,
        ),
        // The checker's own trouble: said plainly, so the learner does not debug good code.
        Verdict::Error { message } => (
            format!(
                "{} threadlings could not check {exercise}. This is not a verdict on your code:",
                "ERROR".red().bold()
            ),
            Some(message),
        ),
    };
    let heading = fill(&heading, width);
    let inner = width.saturating_sub(INDENT.len());
    let text = match (details, detail) {
        (Some(message), Detail::Compact) => {
            let fitted: Vec<String> = fit_last_output(message, inner)
                .lines()
                .map(|line| in_rows(line, inner))
                .collect();
            format!("{heading}\n\n{}", indent(&fitted.join("\n")))
        }
        (Some(message), Detail::Full) => {
            format!("{heading}\n\n{}", indent(&wrap_long_lines(message, inner)))
        }
        (None, _) => heading,
    };
    match (report.story.as_deref(), detail) {
        (None, _) => text,
        // Where a check ends: the sentence, and where the whole story is.
        (Some(story), Detail::Compact) => format!(
            "{text}\n\n{}",
            indent(&fill(
                &format!("what went wrong: {}", story.summary()),
                inner
            ))
        ),
        (Some(Story::Timeline(timeline)), Detail::Full) => {
            format!("{text}\n\n{}", indent(&timeline_text(timeline, inner)))
        }
        (Some(Story::Deadlock(deadlock)), Detail::Full) => {
            format!("{text}\n\n{}", indent(&deadlock_text(deadlock, inner)))
        }
    }
}

/// Every line of `text`, those wider than `width` wrapped (inside a word if they must: a path
/// or a quoted value longer than the line), keeping their indent.
fn wrap_long_lines(text: &str, width: usize) -> String {
    text.lines()
        .map(|line| {
            if line.chars().count() <= width {
                return line.to_string();
            }
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            let options = textwrap::Options::new(width)
                .initial_indent(&indent)
                .subsequent_indent(&indent);
            textwrap::fill(line.trim_start(), options)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line of a message in at most [`LINE_ROWS`] rows of `width`, wrapped here rather than by
/// the terminal (so every row fits, in a log too), what does not fit cut and marked with `…`.
fn in_rows(line: &str, width: usize) -> String {
    let wrapped = wrap_long_lines(line, width);
    let mut rows: Vec<&str> = wrapped.lines().collect();
    if rows.len() <= LINE_ROWS {
        return wrapped;
    }
    rows.truncate(LINE_ROWS);
    let last = cut(rows[LINE_ROWS - 1], width.saturating_sub(1));
    let last = format!("{}…", last.trim_end_matches('…'));
    rows[LINE_ROWS - 1] = &last;
    rows.join("\n")
}

/// Wraps each line of `text` to `width` between words, never inside one.
fn fill(text: &str, width: usize) -> String {
    let options = textwrap::Options::new(width).break_words(false);
    text.lines()
        .map(|line| textwrap::fill(line, &options))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Keeps the last few lines of a "last output" block, each cut to `width` columns: a learner
/// program printing 10 000-character lines must not fill the screen.
fn fit_last_output(message: &str, width: usize) -> String {
    let Some((before, block)) = message.split_once(LAST_OUTPUT_HEADING) else {
        return message.to_string();
    };
    // The block is the heading's indented lines; anything after them is kept as it is.
    let mut lines = block.trim_start_matches('\n').split('\n').peekable();
    let mut output = Vec::new();
    while let Some(line) = lines.next_if(|line| line.starts_with("  ")) {
        output.push(line);
    }
    let rest: Vec<&str> = lines.collect();
    let skipped = output.len().saturating_sub(LAST_OUTPUT_ROWS);
    let mut text = format!("{before}{LAST_OUTPUT_HEADING}");
    if skipped > 0 {
        text.push_str(&format!(" (its last {LAST_OUTPUT_ROWS} lines)"));
    }
    for line in &output[skipped..] {
        text.push('\n');
        text.push_str(&cut(line, width));
    }
    for line in rest {
        text.push('\n');
        text.push_str(line);
    }
    text
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.trim().is_empty() {
                String::new()
            } else {
                format!("{INDENT}{line}")
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
            story: None,
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
            .map(|verdict| verdict_text_within(&report(verdict), MAX_WIDTH))
            .collect();
        insta::assert_snapshot!(text.join("\n\n---\n\n"));
    }

    #[test]
    fn a_long_test_name_moves_whole_to_the_next_line() {
        colored::control::set_override(false);
        let test = "a_guard_held_by_one_thread_keeps_every_other_thread_out_until_dropped";
        let text = verdict_text_within(
            &report(Verdict::Failed {
                stage: Stage::Unit,
                test: test.into(),
                message: "boom".into(),
            }),
            60,
        );
        let heading: Vec<&str> = text.lines().take_while(|line| !line.is_empty()).collect();
        assert_eq!(
            heading,
            [
                "FAILED locks/spinlock failed the unit stage, in test",
                &format!("`{test}`:"),
            ],
            "{text}"
        );
    }

    /// Regression: a learner program printing 10 000-character lines filled the screen.
    #[test]
    fn a_programs_last_output_is_cut_to_a_few_lines_of_the_width() {
        colored::control::set_override(false);
        let long = "x".repeat(10_000);
        let message = format!("the test process was killed (signal 9).\n{LAST_OUTPUT_HEADING}");
        let message = (0..10).fold(message, |text, n| format!("{text}\n  {n}{long}"));
        let text = verdict_text_within(
            &report(Verdict::Crashed {
                stage: Stage::Unit,
                test: "chatty".into(),
                signal: 9,
                message,
            }),
            80,
        );
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines.iter().all(|line| line.chars().count() <= 80),
            "{text}"
        );
        let output: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.contains("xxx"))
            .collect();
        assert_eq!(output.len(), LAST_OUTPUT_ROWS, "{text}");
        assert!(
            output[0].trim_start().starts_with('6') && output[3].ends_with('…'),
            "{text}"
        );
        assert!(text.contains("last output: (its last 4 lines)"), "{text}");
    }

    /// A panic message quoting a huge value fills a few rows at most, not the screen.
    #[test]
    fn a_long_line_in_a_failure_message_fills_a_few_rows_at_most() {
        colored::control::set_override(false);
        let value = "7, ".repeat(5_000);
        let message = format!("panicked at tests/unit.rs:9:5:\nleft: [{value}]\nright: []");
        let text = verdict_text_within(
            &report(Verdict::Failed {
                stage: Stage::Unit,
                test: "sums".into(),
                message,
            }),
            80,
        );
        // The long line is wrapped into a few rows, and what does not fit is cut.
        let lines: Vec<&str> = text.lines().collect();
        let first = (lines.iter())
            .position(|line| line.contains("left: ["))
            .unwrap_or_else(|| panic!("{text}"));
        let quoted = &lines[first..first + LINE_ROWS];
        assert!(
            quoted.iter().all(|line| line.chars().count() <= 80),
            "{text}"
        );
        assert!(quoted[LINE_ROWS - 1].ends_with('…'), "{text}");
        assert!(lines[first + LINE_ROWS].contains("right: []"), "{text}");
        assert!(text.contains("right: []"), "{text}");
    }

    /// `explain` keeps what the compact verdict cuts, and still fits the width.
    #[test]
    fn the_full_explanation_keeps_every_line_and_fits_the_width() {
        colored::control::set_override(false);
        let value = "7, ".repeat(200);
        let output: String = (0..10).map(|n| format!("\n  line {n}")).collect();
        let message = format!(
            "panicked at tests/unit.rs:9:5:\nleft: [{value}]\nright: []\n{LAST_OUTPUT_HEADING}{output}"
        );
        let report = report(Verdict::Failed {
            stage: Stage::Unit,
            test: "sums".into(),
            message,
        });
        let full = explanation_text_within(&report, 80);
        assert!(
            full.lines().all(|line| line.chars().count() <= 80),
            "{full}"
        );
        for n in 0..10 {
            assert!(full.contains(&format!("line {n}")), "{full}");
        }
        assert_eq!(full.matches("7,").count(), 200, "{full}");
        let compact = verdict_text_within(&report, 80);
        assert!(!compact.contains("line 0"), "{compact}");
    }

    #[test]
    fn first_builds_say_what_compiles_and_that_it_happens_once() {
        colored::control::set_override(false);
        let first = Progress::Building {
            first_time: vec![BuildKind::Tests, BuildKind::Model(Stage::Loom)],
        };
        assert_eq!(
            progress_line(&first),
            "  · building the tests and the loom model: slow the first time only…"
        );
        let warm = Progress::Building { first_time: vec![] };
        assert_eq!(progress_line(&warm), "  · building…");
        let waiting = Progress::WaitingForBuild(Stage::Shuttle);
        assert_eq!(
            progress_line(&waiting),
            "  · waiting for the shuttle model to finish building…"
        );
        let waiting = Progress::WaitingForBuild(Stage::Stress);
        assert_eq!(
            progress_line(&waiting),
            "  · waiting for the stress tests to finish building…"
        );
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
            skipped: Vec::new(),
        };
        insta::assert_snapshot!(stage_line(&stage), @"  ✓ loom       2 tests    0.0 s  (loom explored 26 interleavings)");
    }

    #[test]
    fn stage_lines_say_what_was_skipped_on_this_system() {
        colored::control::set_override(false);
        let stage = StageReport {
            stage: Stage::Unit,
            passed: true,
            inconclusive: false,
            tests_run: 11,
            duration: Duration::from_millis(40),
            explored: None,
            skipped: vec!["clone() and /proc are Linux's".into()],
        };
        insta::assert_snapshot!(stage_line(&stage), @"  ✓ unit      11 tests    0.0 s  (skipped here: clone() and /proc are Linux's)");
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
