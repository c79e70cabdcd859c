//! The two front ends and what they share: how a question, its feedback and a summary are laid
//! out as lines of at most `width` columns. The interactive front end adds a cursor and keys;
//! the plain one reads a line per question.
pub mod plain;
pub mod terminal;

use colored::Colorize;

use crate::bank::Kind;
use crate::catalog;
use crate::session::{Asked, QuizResult};

/// Lines never grow past this, whatever the terminal.
pub const MAX_WIDTH: usize = 100;

/// Wraps text to `width` columns. A blank line separates paragraphs; a line starting with `- `
/// starts a list item; other single line breaks are spaces, so TOML can be written freely.
pub fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let width = width.saturating_sub(indent.len()).max(20);
    let mut lines = Vec::new();
    for paragraph in text.trim().split("\n\n") {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let mut items: Vec<String> = Vec::new();
        for line in paragraph.lines() {
            match items.last_mut() {
                Some(item) if !line.trim_start().starts_with("- ") => {
                    item.push(' ');
                    item.push_str(line.trim());
                }
                _ => items.push(line.trim().to_string()),
            }
        }
        for item in items {
            let hanging = if item.starts_with("- ") { "  " } else { "" };
            let mut current = String::new();
            for word in item.split_whitespace() {
                if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width
                {
                    lines.push(format!("{indent}{current}"));
                    current = hanging.to_string();
                } else if !current.is_empty() && current != hanging {
                    current.push(' ');
                }
                current.push_str(word);
            }
            lines.push(format!("{indent}{current}"));
        }
    }
    lines
}

/// The header, prompt and code of a question (choices are drawn by each front end).
pub fn question_lines(asked: &Asked<'_>, number: usize, total: usize, width: usize) -> Vec<String> {
    let question = asked.question;
    let header = format!(
        "Question {number}/{total} · {} · {}",
        catalog::section_title(&question.section),
        question.kind.label()
    );
    let mut lines = vec![header.bold().to_string(), String::new()];
    lines.extend(wrap(&question.prompt, width, ""));
    if let Some(code) = &question.code {
        lines.push(String::new());
        // The learner must know whether what is missing matters: a fragment leaves out
        // imports and declarations, a complete program is exactly what rustc compiles.
        lines.push(match question.compiler {
            Some(_) => "A complete program (Rust, edition 2024):"
                .italic()
                .to_string(),
            None => "A fragment: imports and declarations are left out."
                .italic()
                .to_string(),
        });
        lines.extend(code_lines(code));
    }
    lines.push(String::new());
    lines
}

/// Code with line numbers under a gutter, coloured when colour is on.
pub fn code_lines(code: &str) -> Vec<String> {
    code.lines()
        .enumerate()
        .map(|(index, line)| {
            format!("  {:>2} │ {}", index + 1, line.cyan())
                .trim_end()
                .to_string()
        })
        .collect()
}

/// How to answer, for the plain front end and as a hint line in the interactive one.
pub fn answer_hint(asked: &Asked<'_>, interactive: bool) -> &'static str {
    match (asked.question.kind, asked.is_multiple(), interactive) {
        (Kind::Short, _, true) => "Type your answer, Enter to submit · Esc quits",
        (Kind::Short, _, false) => "Type your answer.",
        (Kind::TrueFalse, _, true) => "t / f or ↑ ↓ to choose, Enter to submit · q quits",
        (Kind::TrueFalse, _, false) => "Answer t or f.",
        (_, true, true) => "Numbers or Space toggle, ↑ ↓ move, Enter submits · q quits",
        (_, true, false) => "Select all that apply: numbers separated by commas, e.g. 1,3.",
        (_, false, true) => "Number or ↑ ↓ to choose, Enter to submit · q quits",
        (_, false, false) => "Answer with one number.",
    }
}

/// The verdict, the right answer after a miss, the explanation and the exercise to practise.
pub fn feedback_lines(asked: &Asked<'_>, correct: bool, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if correct {
        lines.push("✔ Right.".green().bold().to_string());
    } else {
        lines.push("✘ Not quite.".red().bold().to_string());
        lines.extend(wrap(
            &format!("The answer: {}", asked.correct_text()),
            width,
            "",
        ));
    }
    lines.push(String::new());
    lines.extend(wrap(&asked.question.explanation, width, ""));
    if let Some(exercise) = &asked.question.exercise {
        lines.push(String::new());
        lines.push(format!(
            "Practise it in the exercise `{}`.",
            exercise.bold()
        ));
    }
    lines
}

/// The score per section as bars, then the total and the seed that replays the session.
pub fn summary_lines(result: &QuizResult) -> Vec<String> {
    const BAR: usize = 20;
    let mut lines = vec![
        format!("Your score: {}/{}", result.score, result.total)
            .bold()
            .to_string(),
        String::new(),
    ];
    for score in &result.sections {
        let filled = (score.correct * BAR + score.total / 2) / score.total.max(1);
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR - filled));
        let bar = match score.correct * 10 / score.total.max(1) {
            8.. => bar.green(),
            5..=7 => bar.yellow(),
            _ => bar.red(),
        };
        let title = catalog::section_title(&score.section);
        lines.push(format!(
            "  {title:<28} {bar} {}/{}",
            score.correct, score.total
        ));
    }
    lines.push(String::new());
    if !result.review {
        lines.push(
            format!(
                "Seed {}: `--seed {}` asks the same questions again.",
                result.seed, result.seed
            )
            .dimmed()
            .to_string(),
        );
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_width_and_keeps_paragraphs() {
        let text =
            "one two three four five six seven eight nine ten\n\nsecond paragraph\ncontinues";
        let lines = wrap(text, 22, "");
        assert!(
            lines.iter().all(|line| line.chars().count() <= 22),
            "{lines:?}"
        );
        assert_eq!(lines.iter().filter(|line| line.is_empty()).count(), 1);
        assert_eq!(lines[lines.len() - 2..], ["second paragraph", "continues"]);
    }

    #[test]
    fn list_items_start_new_lines() {
        let lines = wrap("Look:\n- first\n- second", 40, "");
        assert_eq!(lines, ["Look:", "- first", "- second"]);
    }
}
