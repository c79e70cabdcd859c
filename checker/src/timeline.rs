//! A loom timeline for people: one column per thread, one row per step of the learner's code,
//! the racing steps marked, where it failed, the sentence that says what went wrong, and a
//! litmus test's outcomes.

use crate::outcome_table::outcome_table_text;
use crate::story::{Deadlock, Step, Timeline};

/// A deadlock's cycle of waits, drawn thread → lock → thread, back to the first.
pub fn deadlock_text(deadlock: &Deadlock, width: usize) -> String {
    let options = |first: &'static str| {
        textwrap::Options::new(width)
            .initial_indent(first)
            .subsequent_indent("    ")
    };
    let mut lines = vec![textwrap::fill(
        "the cycle of waits (thread -> lock -> thread), from the locks' own records when loom \
         found the deadlock:",
        width,
    )];
    lines.push(String::new());
    for (index, wait) in deadlock.waits.iter().enumerate() {
        let first = if index == 0 { "    " } else { " -> " };
        lines.push(textwrap::fill(wait, options(first)));
    }
    let first = deadlock.waits.first().map_or("", String::as_str);
    let back = first.split(" holds").next().unwrap_or("the first");
    lines.push(format!(" -> back to {back}"));
    lines.push(String::new());
    lines.push(textwrap::fill(
        &format!("what went wrong: {}", deadlock.summary),
        options("").subsequent_indent("  "),
    ));
    lines.join("\n")
}

/// The gutter before the columns: a step's number and its mark.
const GUTTER: usize = 7;
/// The narrowest a thread's column gets, however many threads there are.
const MIN_COLUMN: usize = 18;

/// What a step did, as its cell shows it: `lib.rs:57 ready.load() == true (Relaxed)`.
fn cell(step: &Step) -> String {
    let value = step.value.as_deref().unwrap_or("");
    let ordering = step
        .ordering
        .as_deref()
        .map_or(String::new(), |ordering| format!(" ({ordering})"));
    let what = match step.operation.as_str() {
        "read" | "write" => format!("{} {}", step.operation, step.object),
        "fence" => "fence".to_string(),
        "spawn" => format!("spawns {value}"),
        "lock" | "notify_one" | "notify_all" => format!("{}.{}()", step.object, step.operation),
        "unlock" => format!("{} unlocked (guard dropped)", step.object),
        "wait" => format!("{}.wait(): {value}", step.object),
        "woken" => format!("{}: woken", step.object),
        "load" => format!("{}.load() == {value}", step.object),
        "store" => format!("{}.store({value})", step.object),
        operation => format!("{}.{operation}: {value}", step.object),
    };
    let race = if step.racing { "  <- RACE" } else { "" };
    format!("{} {what}{ordering}{race}", step.location)
}

/// The timeline drawn in at most `width` columns.
pub fn timeline_text(timeline: &Timeline, width: usize) -> String {
    let count = timeline.threads.len().max(1);
    let column = (width.saturating_sub(GUTTER) / count).max(MIN_COLUMN) - 1;
    let mut lines = vec![
        textwrap::fill(
            "what happened, step by step (the failing interleaving loom found; only the steps \
             in your code, in the order loom ran them; x marks the accesses that race):",
            width,
        ),
        String::new(),
    ];
    let heads: Vec<String> = timeline
        .threads
        .iter()
        .map(|thread| format!("{:<column$}", format!("thread {thread}")))
        .collect();
    lines.push(
        format!("{:GUTTER$}{}", "", heads.join(" "))
            .trim_end()
            .to_string(),
    );
    for (number, step) in timeline.steps.iter().enumerate() {
        let at = timeline
            .threads
            .iter()
            .position(|thread| *thread == step.thread)
            .unwrap_or(0);
        let text = cell(step);
        let wrapped = textwrap::wrap(&text, column);
        for (row, part) in wrapped.iter().enumerate() {
            let gutter = match row {
                0 if step.racing => format!("{:>4} x ", number + 1),
                0 => format!("{:>4}   ", number + 1),
                _ => " ".repeat(GUTTER),
            };
            let indent = " ".repeat(at * (column + 1));
            lines.push(format!("{gutter}{indent}{part}").trim_end().to_string());
        }
    }
    let mut notes = Vec::new();
    if let Some(failure) = &timeline.failure {
        notes.push(match failure.location.as_str() {
            "loom" => format!("x loom stopped the execution there: {}", failure.message),
            place => format!("x the execution failed at {place}: {}", failure.message),
        });
    }
    if timeline.other_steps > 0 {
        notes.push(format!(
            "({} steps in the tests and the shim are not shown)",
            timeline.other_steps
        ));
    }
    notes.push(format!("what went wrong: {}", timeline.summary));
    lines.push(String::new());
    for note in notes {
        lines.push(textwrap::fill(
            &note,
            textwrap::Options::new(width).subsequent_indent("  "),
        ));
    }
    for table in &timeline.outcomes {
        lines.push(String::new());
        lines.push(outcome_table_text(table, timeline.failure.as_ref(), width));
    }
    lines.join("\n")
}
