//! What the watcher says between checks: the exercise now on screen, the opening screen of a
//! chapter, where to look after a pass, and the closing screen once everything passes.

use std::path::PathBuf;
use std::time::Duration;

use colored::Colorize;

use crate::course::{self, Chapter};
use crate::overview;
use crate::state::Progress;
use crate::verdict::CheckReport;
use crate::workbook::{Exercise, Workbook};

/// Lines are kept under this width (the house rule for terminal output).
const WIDTH: usize = 96;

/// The header and the exercise: where to read and what to edit.
pub fn exercise(workbook: &Workbook, progress: &Progress, exercise: &Exercise) -> String {
    let relative = |path: PathBuf| {
        path.strip_prefix(&workbook.root)
            .unwrap_or(&path)
            .display()
            .to_string()
    };
    let mut text = format!(
        "{}\n{}\n{}\n\n{} {} — {}\n  read  {}\n",
        "threadlings — concurrency in Rust, checked by loom".bold(),
        overview::overall(workbook, progress),
        overview::chapter_bars(workbook, progress),
        "exercise:".bold(),
        exercise.id(),
        exercise.manifest.title,
        relative(exercise.dir.join("README.md")),
    );
    for file in &exercise.manifest.files {
        text.push_str(&format!("  edit  {}\n", relative(exercise.dir.join(file))));
    }
    text.push_str("Every save re-checks it.");
    text
}

/// The opening screen of a chapter: what it teaches, which course sections, how many
/// exercises, and the quiz that goes with it.
pub fn chapter(chapter: &Chapter) -> String {
    let mut heading = format!("chapter {}: {}", chapter.number, chapter.name);
    if let Some(words) = &chapter.words {
        heading.push_str(&format!(" — {}", words.title));
    }
    let mut text = format!("{}\n", heading.bold());
    if let Some(words) = &chapter.words {
        for line in textwrap::wrap(&words.teaches, WIDTH) {
            text.push_str(&format!("{line}\n"));
        }
    }
    let sections: Vec<String> = chapter
        .sections
        .iter()
        .map(|tag| course::section_title(tag).to_string())
        .collect();
    let count = chapter.exercises.len();
    let list = format!(
        "{count} exercise{}: {}",
        if count == 1 { "" } else { "s" },
        chapter.exercises.join(", ")
    );
    for line in textwrap::wrap(&list, WIDTH) {
        text.push_str(&format!("  {line}\n"));
    }
    let sections = format!("course sections: {}", sections.join(", "));
    let quiz = format!("its quiz: {}", course::quiz_command(&chapter.sections));
    for line in [sections, quiz] {
        let options = textwrap::Options::new(WIDTH)
            .initial_indent("  ")
            .subsequent_indent("    ");
        for line in textwrap::wrap(&line, options) {
            text.push_str(&format!("{line}\n"));
        }
    }
    text
}

/// "Well done!" and what each stage proved.
pub fn verified(report: &CheckReport) -> String {
    let verified: Vec<String> = report
        .stages
        .iter()
        .map(|stage| match (stage.stage.cfg(), stage.explored) {
            (Some("loom"), Some(n)) => format!("loom explored {n} interleavings"),
            (Some("shuttle"), Some(n)) => format!("shuttle ran {n} random schedules"),
            _ => format!("{} {} passed", stage.tests_run, stage.stage),
        })
        .collect();
    format!(
        "{} Verified: {}.",
        "Well done!".green().bold(),
        verified.join(", ")
    )
}

/// After a pass: the reference solution to compare with, and the quiz questions that link
/// to this exercise. Empty when the workbook has neither.
pub fn after_pass(workbook: &Workbook, exercise: &Exercise) -> String {
    let mut text = String::new();
    for file in course::solution_files(workbook, exercise) {
        text.push_str(&format!(
            "Compare with the reference solution: {}\n",
            file.display()
        ));
    }
    match course::linked_questions(workbook, exercise) {
        Ok(questions) if !questions.is_empty() => {
            let mut sections: Vec<String> = questions.iter().map(|q| q.section.clone()).collect();
            sections.sort_by_key(|tag| quiz::catalog::section_index(tag));
            sections.dedup();
            let count = questions.len();
            text.push_str(&format!(
                "The quiz has {count} question{} on this exercise: {}\n",
                if count == 1 { "" } else { "s" },
                course::quiz_command(&sections)
            ));
            for question in questions.iter().take(3) {
                text.push_str(&format!("  · {}\n", cut(&question.prompt, WIDTH - 4)));
            }
        }
        Ok(_) => {}
        Err(error) => text.push_str(&format!("(no quiz pointer: {error})\n")),
    }
    text.trim_end().to_string()
}

/// The closing screen, once every exercise passes.
pub fn closing(workbook: &Workbook, progress: &Progress) -> String {
    let seconds: u64 = workbook
        .exercises
        .iter()
        .filter_map(|e| progress.exercises.get(e.slug()))
        .map(|p| p.seconds)
        .sum();
    format!(
        "{}\n  {} exercises in {} chapters, all passing · time with the watcher: {}\n  \
         Now test the theory: cargo run -- quiz (and later `cargo run -- quiz --review` for \
         what you missed).\n  Every exercise stays checkable: press l to pick one again.",
        "Every exercise passes: the workbook is done!"
            .green()
            .bold(),
        workbook.exercises.len(),
        overview::chapters(workbook).len(),
        duration(Duration::from_secs(seconds))
    )
}

/// `42 s`, `12 min`, `3 h 05 min`.
pub fn duration(spent: Duration) -> String {
    let seconds = spent.as_secs();
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min", seconds / 60),
        _ => format!("{} h {:02} min", seconds / 3600, seconds % 3600 / 60),
    }
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(Duration::from_secs(42)), "42 s");
        assert_eq!(duration(Duration::from_secs(12 * 60 + 5)), "12 min");
        assert_eq!(
            duration(Duration::from_secs(3 * 3600 + 5 * 60)),
            "3 h 05 min"
        );
    }

    #[test]
    fn the_closing_screen_gives_the_total_the_chapters_the_time_and_the_quiz() {
        colored::control::set_override(false);
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/watch");
        let workbook = Workbook::load(&fixture).unwrap();
        let mut progress = Progress::default();
        for (exercise, seconds) in workbook.exercises.iter().zip([600, 3000, 60]) {
            let entry = progress
                .exercises
                .entry(exercise.slug().into())
                .or_default();
            entry.done = true;
            entry.seconds = seconds;
        }
        let text = closing(&workbook, &progress);
        assert!(text.contains("Every exercise passes"), "{text}");
        assert!(
            text.contains(
                "3 exercises in 2 chapters, all passing · time with the watcher: 1 h 01 min"
            ),
            "{text}"
        );
        assert!(text.contains("cargo run -- quiz"));
    }

    #[test]
    fn a_chapter_screen_says_what_how_many_which_sections_and_which_quiz() {
        colored::control::set_override(false);
        let text = chapter(&Chapter {
            name: "locks".into(),
            number: 3,
            words: Some(course::ChapterWords {
                title: "Locks".into(),
                teaches: "How locks work.".into(),
            }),
            sections: vec!["primitives".into(), "memory-ordering".into()],
            exercises: vec!["spinlock".into(), "ticket_lock".into()],
        });
        assert!(text.contains("chapter 3: locks — Locks"), "{text}");
        assert!(text.contains("How locks work."));
        assert!(text.contains("2 exercises: spinlock, ticket_lock"));
        assert!(text.contains("course sections: Synchronization primitives, Memory ordering"));
        let unwrapped = text.replace("\n    ", " ");
        assert!(
            unwrapped.contains(
                "its quiz: cargo run -- quiz --section primitives --section memory-ordering"
            ),
            "{text}"
        );
    }
}
