//! A litmus test's outcomes for people, jcstress style: one row per outcome, how often loom's
//! executions produced it, what the memory model says of it and why; the forbidden outcome
//! that was seen is marked as the failure.

use crate::story::{Expect, Failure, OutcomeRow, OutcomeTable};

/// The gutter before each row: `x` marks the failing execution's outcome.
const GUTTER: &str = "  ";
/// The widest an outcome's own column gets; a longer outcome makes its row wrap.
const MAX_OUTCOME: usize = 24;
/// The narrowest the "why" column gets, however wide the outcomes are.
const MIN_WHY: usize = 24;

fn expect_word(row: &OutcomeRow) -> &'static str {
    match (row.expect, row.seen > 0) {
        (Expect::Allowed, _) => "allowed",
        (Expect::Interesting, _) => "interesting",
        // Capitals where colour may be missing (NO_COLOR): this row is the failure.
        (Expect::Forbidden, true) => "FORBIDDEN",
        (Expect::Forbidden, false) => "forbidden",
        (Expect::Undeclared, _) => "UNEXPECTED",
    }
}

/// The table drawn in at most `width` columns; `failure` is where the execution failed.
pub fn outcome_table_text(table: &OutcomeTable, failure: Option<&Failure>, width: usize) -> String {
    let mut lines = vec![
        textwrap::fill(
            &format!(
                "the outcomes: {}, in the {} executions loom ran up to the failing one \
                 (x: the failing execution's):",
                table.observed, table.executions
            ),
            width,
        ),
        String::new(),
    ];
    let outcome_width = (table.rows.iter())
        .map(|row| row.outcome.chars().count())
        .chain(["outcome".len()])
        .max()
        .unwrap_or(0)
        .min(MAX_OUTCOME);
    let seen_width = (table.rows.iter())
        .map(|row| row.seen.to_string().len())
        .chain(["seen".len()])
        .max()
        .unwrap_or(0);
    let expect_width = "memory model".len();
    let before_why = GUTTER.len() + outcome_width + seen_width + expect_width + 6;
    let why_width = width.saturating_sub(before_why).max(MIN_WHY);
    lines.push(format!(
        "{GUTTER}{:<outcome_width$}  {:>seen_width$}  {:<expect_width$}  why",
        "outcome", "seen", "memory model"
    ));
    for row in &table.rows {
        let mark = if row.in_failing { "x " } else { "  " };
        let why = if row.why.is_empty() {
            "the test did not declare this outcome"
        } else {
            row.why.as_str()
        };
        let mut why_lines = textwrap::wrap(why, why_width).into_iter();
        let first_why = why_lines.next().unwrap_or_default();
        let outcome = textwrap::wrap(&row.outcome, outcome_width.max(1));
        let mut outcome_lines = outcome.iter();
        let first_outcome = outcome_lines.next().map_or("", |line| line.as_ref());
        lines.push(
            format!(
                "{mark}{first_outcome:<outcome_width$}  {:>seen_width$}  {:<expect_width$}  \
                 {first_why}",
                row.seen,
                expect_word(row)
            )
            .trim_end()
            .to_string(),
        );
        // Whatever wrapped of the outcome and of the why, side by side.
        let mut why_lines = why_lines.map(|line| line.into_owned());
        loop {
            let outcome = outcome_lines.next().map(|line| line.to_string());
            let why = why_lines.next();
            if outcome.is_none() && why.is_none() {
                break;
            }
            lines.push(
                format!(
                    "{GUTTER}{:<outcome_width$}  {:seen_width$}  {:expect_width$}  {}",
                    outcome.unwrap_or_default(),
                    "",
                    "",
                    why.unwrap_or_default()
                )
                .trim_end()
                .to_string(),
            );
        }
    }
    lines.push(String::new());
    lines.push(textwrap::fill(
        &verdict(table, failure),
        textwrap::Options::new(width).subsequent_indent("  "),
    ));
    lines.join("\n")
}

/// What the table says about the failure, in a sentence.
fn verdict(table: &OutcomeTable, failure: Option<&Failure>) -> String {
    let failing: Vec<&OutcomeRow> = table.rows.iter().filter(|row| row.in_failing).collect();
    let forbidden: Vec<String> = table
        .seen_forbidden()
        .map(|row| format!("`{}`", row.outcome))
        .collect();
    if let Some(row) = failing
        .iter()
        .find(|row| matches!(row.expect, Expect::Forbidden | Expect::Undeclared))
    {
        return format!(
            "x the failing execution's outcome `{}` is one the memory model forbids for a \
             correct answer: your code let it happen.",
            row.outcome
        );
    }
    if !forbidden.is_empty() {
        return format!(
            "the forbidden outcome {} came up (x marks the failing execution's).",
            forbidden.join(", ")
        );
    }
    let stopped = match failure.map(|failure| failure.location.as_str()) {
        Some("loom") => {
            "loom stopped it at the step marked x above, before the test saw a \
                         result"
        }
        _ => "it failed before the test saw a result",
    };
    if failing.is_empty() {
        format!(
            "x the failing execution has no outcome here: {stopped}. Every outcome seen so far \
             was allowed; the failure is in how the code got there."
        )
    } else {
        "the failing execution's outcomes are all allowed: what failed is another check of the \
         test (its message is above)."
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(outcome: &str, expect: Expect, seen: usize, in_failing: bool) -> OutcomeRow {
        OutcomeRow {
            outcome: outcome.into(),
            expect,
            seen,
            in_failing,
            why: "a reason that is long enough to wrap when the column is narrow, as it is \
                  here"
                .into(),
        }
    }

    #[test]
    fn a_seen_forbidden_outcome_is_marked_and_every_line_fits() {
        let table = OutcomeTable {
            observed: "what one try_read() returned".into(),
            executions: 9,
            rows: vec![
                row("None", Expect::Allowed, 5, false),
                row("Some(7)", Expect::Allowed, 3, false),
                row("Some(0)", Expect::Forbidden, 1, true),
            ],
        };
        let text = outcome_table_text(&table, None, 60);
        assert!(
            text.lines().all(|line| line.chars().count() <= 60),
            "{text}"
        );
        let failing = text.lines().find(|line| line.starts_with("x ")).unwrap();
        assert!(
            failing.contains("Some(0)") && failing.contains("FORBIDDEN"),
            "{text}"
        );
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            words.contains("`Some(0)` is one the memory model forbids"),
            "{text}"
        );
    }

    #[test]
    fn a_failing_execution_without_an_outcome_says_loom_stopped_it() {
        let table = OutcomeTable {
            observed: "what a reader got".into(),
            executions: 4,
            rows: vec![
                row("42", Expect::Allowed, 3, false),
                row("0", Expect::Forbidden, 0, false),
            ],
        };
        let failure = Failure {
            location: "loom".into(),
            message: "Causality violation".into(),
        };
        let text = outcome_table_text(&table, Some(&failure), 96);
        assert!(!text.contains("FORBIDDEN"), "{text}");
        assert!(
            text.contains("loom stopped it at the step marked x"),
            "{text}"
        );
    }
}
