//! The interactive front end: one question per screen on the alternate screen, in raw mode.
//! The terminal is restored when the [`Screen`] is dropped and also by a panic hook, so a crash
//! never leaves the learner's shell in raw mode.
use std::io::{Stdout, Write};

use anyhow::Context;
use colored::Colorize;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, queue, terminal};

use super::{MAX_WIDTH, answer_hint, feedback_lines, question_lines, summary_lines, wrap};
use crate::session::{Asked, QuizResult, Response};

/// What the learner did with a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Answered(Response),
    /// Esc or `q`: stop and show the summary so far.
    Quit,
    /// Ctrl-C: stop at once.
    Interrupted,
}

/// The terminal in quiz mode.
pub struct Screen {
    out: Stdout,
}

fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        cursor::Show,
        terminal::LeaveAlternateScreen
    );
}

impl Screen {
    pub fn start() -> anyhow::Result<Screen> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        let mut out = std::io::stdout();
        terminal::enable_raw_mode().context("while switching the terminal to raw mode")?;
        execute!(out, terminal::EnterAlternateScreen, cursor::Hide)
            .context("while preparing the screen")?;
        Ok(Screen { out })
    }

    fn width() -> usize {
        let columns = terminal::size().map_or(MAX_WIDTH as u16, |(columns, _)| columns);
        usize::from(columns).clamp(40, MAX_WIDTH) - 1
    }

    fn draw(&mut self, lines: &[String]) -> anyhow::Result<()> {
        queue!(
            self.out,
            terminal::Clear(terminal::ClearType::All),
            cursor::MoveTo(0, 0)
        )?;
        // Raw mode does not turn "\n" into "\r\n".
        for line in lines {
            write!(self.out, "{line}\r\n")?;
        }
        self.out.flush().context("while drawing the screen")
    }

    fn next_key() -> anyhow::Result<Option<KeyEvent>> {
        match event::read().context("while reading a key")? {
            Event::Key(key) if key.kind != KeyEventKind::Release => Ok(Some(key)),
            _ => Ok(None),
        }
    }

    /// Shows a question and waits until it is answered or the learner stops.
    pub fn ask(&mut self, asked: &Asked<'_>, number: usize, total: usize) -> anyhow::Result<Step> {
        let choices = asked.shown_choices();
        let mut cursor = 0;
        let mut selected = vec![false; choices.len()];
        let mut text = String::new();
        let mut note = String::new();
        loop {
            let width = Self::width();
            let mut lines = question_lines(asked, number, total, width);
            for (index, choice) in choices.iter().enumerate() {
                let pointer = if index == cursor { "›" } else { " " };
                let mark = match (asked.is_multiple(), selected[index]) {
                    (true, true) => "[x] ",
                    (true, false) => "[ ] ",
                    (false, _) => "",
                };
                let label = format!("{pointer} {}) {mark}", index + 1);
                let indent = " ".repeat(label.chars().count());
                for (row, line) in wrap(choice, width, &indent).into_iter().enumerate() {
                    let line = if row == 0 {
                        format!("{label}{}", line.trim_start())
                    } else {
                        line
                    };
                    lines.push(if index == cursor {
                        line.bold().to_string()
                    } else {
                        line
                    });
                }
            }
            if choices.is_empty() {
                lines.push(format!("› {text}▏"));
            }
            lines.push(String::new());
            lines.push(answer_hint(asked, true).dimmed().to_string());
            if !note.is_empty() {
                lines.push(note.yellow().to_string());
            }
            self.draw(&lines)?;

            let Some(key) = Self::next_key()? else {
                continue;
            };
            note.clear();
            if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
                return Ok(Step::Interrupted);
            }
            let count = choices.len();
            match key.code {
                KeyCode::Esc => return Ok(Step::Quit),
                KeyCode::Enter if count == 0 => {
                    if text.trim().is_empty() {
                        note = "Type an answer first.".into();
                    } else {
                        return Ok(Step::Answered(Response::Text(text)));
                    }
                }
                KeyCode::Backspace if count == 0 => {
                    text.pop();
                }
                KeyCode::Char(c) if count == 0 => text.push(c),
                KeyCode::Char('q') => return Ok(Step::Quit),
                KeyCode::Up | KeyCode::Char('k') => cursor = (cursor + count - 1) % count,
                KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => cursor = (cursor + 1) % count,
                KeyCode::Char(digit @ '1'..='9') => {
                    let index = usize::from(digit as u8 - b'1');
                    if index < count {
                        cursor = index;
                        if asked.is_multiple() {
                            selected[index] = !selected[index];
                        }
                    }
                }
                KeyCode::Char('t') if asked.shown_choices() == ["True", "False"] => cursor = 0,
                KeyCode::Char('f') if asked.shown_choices() == ["True", "False"] => cursor = 1,
                KeyCode::Char(' ') if asked.is_multiple() => selected[cursor] = !selected[cursor],
                KeyCode::Enter if asked.is_multiple() => {
                    let picked: Vec<usize> = (0..count).filter(|&index| selected[index]).collect();
                    if picked.is_empty() {
                        note = "Select at least one choice (Space or its number).".into();
                    } else {
                        return Ok(Step::Answered(Response::Choices(picked)));
                    }
                }
                KeyCode::Enter => {
                    let response = asked.parse(&(cursor + 1).to_string());
                    return Ok(Step::Answered(response.unwrap_or(Response::NoAnswer)));
                }
                _ => {}
            }
        }
    }

    /// Shows the verdict and explanation; `Some(step)` when the learner wants to stop.
    pub fn feedback(
        &mut self,
        asked: &Asked<'_>,
        correct: bool,
        number: usize,
        total: usize,
    ) -> anyhow::Result<Option<Step>> {
        let width = Self::width();
        let mut lines = question_lines(asked, number, total, width);
        lines.extend(feedback_lines(asked, correct, width));
        lines.push(String::new());
        lines.push(
            "Enter or Space: next question · q quits"
                .dimmed()
                .to_string(),
        );
        self.draw(&lines)?;
        loop {
            let Some(key) = Self::next_key()? else {
                continue;
            };
            match key.code {
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    return Ok(Some(Step::Interrupted));
                }
                KeyCode::Esc | KeyCode::Char('q') => return Ok(Some(Step::Quit)),
                KeyCode::Enter | KeyCode::Char(' ') | KeyCode::Right => return Ok(None),
                _ => {}
            }
        }
    }

    /// Shows the summary; returns whether the learner wants to retry the missed questions.
    pub fn summary(&mut self, result: &QuizResult) -> anyhow::Result<bool> {
        let mut lines = summary_lines(result);
        let missed = result.missed_ids().len();
        if missed > 0 {
            lines.push(
                format!("r: retry the {missed} missed · any other key: finish")
                    .bold()
                    .to_string(),
            );
        } else {
            lines.push("Press any key to finish.".dimmed().to_string());
        }
        self.draw(&lines)?;
        loop {
            if let Some(key) = Self::next_key()? {
                return Ok(missed > 0 && key.code == KeyCode::Char('r'));
            }
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}
