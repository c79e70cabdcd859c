//! The course around an exercise: its chapter (what it teaches, which course sections, how
//! many exercises, the quiz that goes with it), the reference solution to compare with, and
//! the quiz questions that link to it. The faces say it; this module only finds it.
//!
//! A chapter's words live beside its exercises, in `exercises/NN_<chapter>/chapter.toml`
//! (`title`, `teaches`); its sections and exercises come from the exercises' manifests.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::workbook::{Exercise, Workbook};

/// The file that describes a chapter, in its chapter folder.
pub const CHAPTER_FILE: &str = "chapter.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChapterFile {
    title: String,
    teaches: String,
}

/// One chapter of the workbook, as its opening screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    /// The name exercises use, such as `locks`.
    pub name: String,
    /// Its number in the course, from its folder (`03_locks` is chapter 3).
    pub number: usize,
    /// From `chapter.toml`; `None` without one (a workbook of an instructor's own).
    pub words: Option<ChapterWords>,
    /// The course sections its exercises teach (quiz section tags), in course order.
    pub sections: Vec<String>,
    /// Its exercises' slugs, in course order.
    pub exercises: Vec<String>,
}

/// What `chapter.toml` says: a title and what the chapter teaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterWords {
    pub title: String,
    pub teaches: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CourseError {
    #[error("cannot read {path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid chapter file: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("cannot load the quiz questions: {0}")]
    Quiz(String),
}

/// The chapter `exercise` belongs to.
pub fn chapter(workbook: &Workbook, exercise: &Exercise) -> Result<Chapter, CourseError> {
    let path = exercise
        .dir
        .parent()
        .unwrap_or(&exercise.dir)
        .join(CHAPTER_FILE);
    let words = match std::fs::read_to_string(&path) {
        Ok(text) => {
            let file: ChapterFile =
                toml::from_str(&text).map_err(|error| CourseError::Invalid {
                    path: path.clone(),
                    message: error.message().to_string(),
                })?;
            Some(ChapterWords {
                title: file.title,
                teaches: file.teaches.trim().to_string(),
            })
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(CourseError::Unreadable { path, source }),
    };
    let name = &exercise.manifest.chapter;
    let members: Vec<&Exercise> = workbook
        .exercises
        .iter()
        .filter(|e| e.manifest.chapter == *name)
        .collect();
    Ok(Chapter {
        name: name.clone(),
        number: exercise
            .chapter_dir
            .split_once('_')
            .and_then(|(number, _)| number.parse().ok())
            .unwrap_or_default(),
        words,
        sections: sections(members.iter().copied()),
        exercises: members.iter().map(|e| e.slug().to_string()).collect(),
    })
}

/// The course sections the exercises teach, each once, in the course's order.
pub fn sections<'a>(exercises: impl Iterator<Item = &'a Exercise>) -> Vec<String> {
    let mut tags: Vec<String> = exercises
        .flat_map(|e| e.manifest.seed_tags.iter().cloned())
        .collect();
    tags.sort_by_key(|tag| quiz::catalog::section_index(tag).unwrap_or(usize::MAX));
    tags.dedup();
    tags
}

/// The section's title in the course, such as "Memory ordering" for `memory-ordering`.
pub fn section_title(tag: &str) -> &str {
    quiz::catalog::SECTIONS
        .iter()
        .find(|(known, _)| *known == tag)
        .map_or(tag, |(_, title)| title)
}

/// The command that quizzes these sections.
pub fn quiz_command(sections: &[String]) -> String {
    let mut command = String::from("cargo run -- quiz");
    for section in sections {
        command.push_str(&format!(" --section {section}"));
    }
    command
}

/// The reference solution's files of `exercise`, relative to the workbook, where the
/// workbook ships them (a copy handed out without `solutions/` has none).
pub fn solution_files(workbook: &Workbook, exercise: &Exercise) -> Vec<PathBuf> {
    let dir = exercise.solution_dir(&workbook.root);
    exercise
        .manifest
        .files
        .iter()
        .map(|file| dir.join(file))
        .filter(|path| path.is_file())
        .map(|path| relative(&workbook.root, &path))
        .collect()
}

/// A quiz question that links to an exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedQuestion {
    pub section: String,
    /// The prompt's first line.
    pub prompt: String,
}

/// The quiz questions of the workbook's bank (`quiz/bank`) that link to `exercise`; none
/// when the workbook has no bank.
pub fn linked_questions(
    workbook: &Workbook,
    exercise: &Exercise,
) -> Result<Vec<LinkedQuestion>, CourseError> {
    let bank_dir = workbook.root.join("quiz").join("bank");
    if !bank_dir.is_dir() {
        return Ok(Vec::new());
    }
    let known: Vec<String> = workbook
        .exercises
        .iter()
        .map(|e| e.slug().to_string())
        .collect();
    let bank = quiz::bank::Bank::load(&[bank_dir], &known)
        .map_err(|errors| CourseError::Quiz(errors.to_string()))?;
    Ok(bank
        .questions
        .into_iter()
        .filter(|question| question.exercise.as_deref() == Some(exercise.slug()))
        .map(|question| LinkedQuestion {
            section: question.section,
            prompt: question
                .prompt
                .trim()
                .lines()
                .next()
                .unwrap_or_default()
                .to_string(),
        })
        .collect())
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod workbook_tests {
    use super::*;

    fn workbook() -> Workbook {
        Workbook::load(Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap())
            .expect("the repository's workbook loads")
    }

    #[test]
    fn every_chapter_of_the_workbook_has_its_opening_screen() {
        let workbook = workbook();
        let mut seen = Vec::new();
        for exercise in &workbook.exercises {
            if seen.contains(&exercise.manifest.chapter) {
                continue;
            }
            seen.push(exercise.manifest.chapter.clone());
            let chapter = chapter(&workbook, exercise).unwrap_or_else(|error| panic!("{error}"));
            let words = chapter.words.unwrap_or_else(|| {
                panic!(
                    "exercises/{}/{CHAPTER_FILE} is missing: write its title and what it teaches",
                    exercise.chapter_dir
                )
            });
            assert!(!words.title.is_empty() && words.teaches.len() > 40);
            assert!(chapter.exercises.contains(&exercise.slug().to_string()));
            assert!(!chapter.sections.is_empty());
            assert!(
                exercise
                    .chapter_dir
                    .starts_with(&format!("{:02}_", chapter.number))
            );
        }
        assert!(seen.len() > 1);
    }

    #[test]
    fn a_chapter_lists_its_sections_in_course_order_and_its_quiz() {
        let workbook = workbook();
        let spinlock = workbook.find("spinlock").unwrap();
        let locks = chapter(&workbook, spinlock).unwrap();
        assert_eq!(locks.name, "locks");
        assert_eq!(locks.exercises[0], "spinlock");
        let primitives = locks.sections.iter().position(|s| s == "primitives");
        let ordering = locks.sections.iter().position(|s| s == "memory-ordering");
        assert!(primitives < ordering, "{:?}", locks.sections);
        assert_eq!(
            quiz_command(&locks.sections[..1]),
            format!("cargo run -- quiz --section {}", locks.sections[0])
        );
        assert_eq!(section_title("memory-ordering"), "Memory ordering");
    }

    #[test]
    fn a_passed_exercise_points_to_its_solution_and_its_quiz_questions() {
        let workbook = workbook();
        let queue = workbook.find("bounded_queue").unwrap();
        // The learner edition (`export --without-solutions`) has none to point to.
        let expected = if workbook.root.join("solutions").is_dir() {
            vec![PathBuf::from("solutions/03_locks/bounded_queue/src/lib.rs")]
        } else {
            Vec::new()
        };
        assert_eq!(solution_files(&workbook, queue), expected);
        let linked = linked_questions(&workbook, queue).unwrap();
        assert!(
            linked
                .iter()
                .any(|q| q.prompt.contains("while loop") && q.section == "primitives"),
            "{linked:?}"
        );
    }
}
