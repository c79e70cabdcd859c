//! The plain-line front end: used when stdin is not a terminal, with `--answers FILE`, or with
//! `--json`. It reads one line per question (see quiz/README.md for the format), so a quiz can be
//! scripted, tested and graded. A line it cannot read counts as a wrong answer and is reported on
//! stderr, so the remaining lines stay aligned with the remaining questions.
use std::io::{BufRead, Write};

use anyhow::Context;

use super::{MAX_WIDTH, answer_hint, feedback_lines, question_lines, summary_lines};
use crate::session::{Asked, Outcome, QuizResult, Response};

/// Asks every question, reading answers from `answers`. With `quiet` (for `--json`) nothing but
/// warnings is printed; the caller prints the result. With `echo`, each answer read is printed
/// after the prompt, so a transcript of a scripted run reads like a session.
pub fn ask_all(
    asked: &[Asked<'_>],
    answers: &mut dyn BufRead,
    out: &mut dyn Write,
    quiet: bool,
    echo: bool,
) -> anyhow::Result<Vec<Outcome>> {
    let mut outcomes = Vec::with_capacity(asked.len());
    let mut exhausted = false;
    for (index, question) in asked.iter().enumerate() {
        if !quiet {
            show_question(question, index + 1, asked.len(), out)?;
        }
        let line = if exhausted {
            None
        } else {
            next_answer_line(answers)?
        };
        if line.is_none() && !exhausted {
            exhausted = true;
            eprintln!(
                "quiz: the answers ran out at question {}; the rest count as unanswered",
                index + 1
            );
        }
        let response = match line.as_deref().map(|line| question.parse(line)) {
            Some(Ok(response)) => response,
            Some(Err(problem)) => {
                eprintln!(
                    "quiz: question {} ({}): {problem}; counted as wrong",
                    index + 1,
                    question.question.id
                );
                Response::NoAnswer
            }
            None => Response::NoAnswer,
        };
        let outcome = Outcome::new(question, &response);
        if !quiet {
            writeln!(
                out,
                "{}",
                if echo {
                    line.as_deref().unwrap_or("")
                } else {
                    ""
                }
            )?;
            for line in feedback_lines(question, outcome.correct, MAX_WIDTH) {
                writeln!(out, "{line}")?;
            }
            writeln!(out, "\n{}\n", "─".repeat(40))?;
        }
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

fn show_question(
    asked: &Asked<'_>,
    number: usize,
    total: usize,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    for line in question_lines(asked, number, total, MAX_WIDTH) {
        writeln!(out, "{line}")?;
    }
    for (index, choice) in asked.shown_choices().iter().enumerate() {
        let label = format!("  {}) ", index + 1);
        let wrapped = super::wrap(choice, MAX_WIDTH - label.len(), &" ".repeat(label.len()));
        for (row, line) in wrapped.iter().enumerate() {
            let line = if row == 0 {
                format!("{label}{}", line.trim_start())
            } else {
                line.clone()
            };
            writeln!(out, "{line}")?;
        }
    }
    writeln!(out, "{}", answer_hint(asked, false))?;
    write!(out, "answer> ")?;
    out.flush().context("while writing the question")?;
    Ok(())
}

/// The next answer line, skipping `#` comment lines; `None` at the end of input.
fn next_answer_line(answers: &mut dyn BufRead) -> anyhow::Result<Option<String>> {
    loop {
        let mut line = String::new();
        if answers
            .read_line(&mut line)
            .context("while reading an answer")?
            == 0
        {
            return Ok(None);
        }
        if !line.trim_start().starts_with('#') {
            return Ok(Some(line.trim_end_matches(['\n', '\r']).to_string()));
        }
    }
}

/// The human summary after a plain session.
pub fn show_summary(result: &QuizResult, out: &mut dyn Write) -> anyhow::Result<()> {
    for line in summary_lines(result) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_lines_are_skipped_and_blank_lines_are_answers() {
        let mut input: &[u8] = b"# header\n2\n\n# note\nfoo bar\r\n";
        let mut read = || next_answer_line(&mut input).unwrap();
        assert_eq!(read().as_deref(), Some("2"));
        assert_eq!(read().as_deref(), Some(""));
        assert_eq!(read().as_deref(), Some("foo bar"));
        assert_eq!(read(), None);
    }
}
