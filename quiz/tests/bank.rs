//! Validates the whole shipped bank: it loads without a problem, ids are unique, every answer
//! points at a real choice, every section has at least five questions, and so on.
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use quiz::audit::{LengthCue, find_rustc, programs};
use quiz::bank::{Answer, Bank, Kind, Question, normalize_text};
use quiz::catalog::{DEFAULT_EXERCISES, SECTIONS};

fn shipped_bank() -> Bank {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bank");
    let known: Vec<String> = DEFAULT_EXERCISES
        .iter()
        .map(|slug| slug.to_string())
        .collect();
    match Bank::load(&[dir], &known) {
        Ok(bank) => bank,
        Err(errors) => panic!("{errors}"),
    }
}

#[test]
fn the_bank_has_at_least_120_questions_and_five_per_section() {
    let bank = shipped_bank();
    assert!(
        bank.questions.len() >= 120,
        "only {} questions",
        bank.questions.len()
    );
    let mut per_section: HashMap<&str, usize> = HashMap::new();
    for question in &bank.questions {
        *per_section.entry(question.section.as_str()).or_default() += 1;
    }
    for (tag, _) in SECTIONS {
        let count = per_section.get(tag).copied().unwrap_or(0);
        assert!(
            count >= 5,
            "section `{tag}` has {count} questions, needs at least 5"
        );
    }
}

#[test]
fn ids_are_unique() {
    let bank = shipped_bank();
    let mut seen = HashSet::new();
    for question in &bank.questions {
        assert!(seen.insert(&question.id), "duplicate id {}", question.id);
    }
}

#[test]
fn every_answer_is_valid_for_its_question() {
    for question in shipped_bank().questions {
        match &question.answer {
            Answer::Choices {
                choices,
                correct,
                multiple,
            } => {
                assert!(!correct.is_empty(), "{}: no right choice", question.id);
                assert!(
                    correct.iter().all(|&i| i < choices.len()),
                    "{}: answer out of range",
                    question.id
                );
                assert_eq!(
                    *multiple,
                    question.kind == Kind::Multiple
                        || (question.kind == Kind::Code && correct.len() > 1),
                    "{}",
                    question.id
                );
                if question.kind == Kind::Single {
                    assert_eq!(
                        correct.len(),
                        1,
                        "{}: single choice with several answers",
                        question.id
                    );
                }
                if *multiple {
                    // A select-all question where every choice is right teaches nothing.
                    assert!(
                        correct.len() < choices.len(),
                        "{}: every choice is right",
                        question.id
                    );
                }
            }
            Answer::TrueFalse(_) => assert_eq!(question.kind, Kind::TrueFalse, "{}", question.id),
            Answer::Text { accepted, shown } => {
                assert_eq!(accepted[0], normalize_text(shown), "{}", question.id);
            }
        }
        if question.kind == Kind::Code {
            assert!(
                question.code.is_some(),
                "{}: code reading without code",
                question.id
            );
        }
        assert!(
            question.explanation.split_whitespace().count() >= 20,
            "{}: explanation too thin to teach",
            question.id
        );
    }
}

#[test]
fn ids_start_with_their_section_tag() {
    for question in shipped_bank().questions {
        assert!(
            question.id.starts_with(&format!("{}.", question.section)),
            "{} is in section {}",
            question.id,
            question.section
        );
    }
}

#[test]
fn linked_exercises_are_known_slugs() {
    let bank = shipped_bank();
    let linked: Vec<&String> = bank
        .questions
        .iter()
        .filter_map(|q| q.exercise.as_ref())
        .collect();
    assert!(
        linked.len() >= 30,
        "only {} questions link an exercise",
        linked.len()
    );
    for slug in linked {
        assert!(
            DEFAULT_EXERCISES.contains(&slug.as_str()),
            "unknown exercise {slug}"
        );
    }
}

#[test]
fn the_cut_off_test_yourself_question_is_asked() {
    let bank = shipped_bank();
    let question = bank
        .get("primitives.condvar-while-not-if")
        .expect("the condvar while-not-if question");
    assert!(question.prompt.contains("while") && question.prompt.contains("condition variable"));
    assert_eq!(question.exercise.as_deref(), Some("bounded_queue"));
}

#[test]
fn every_question_type_is_used() {
    let bank = shipped_bank();
    for kind in [
        Kind::Single,
        Kind::Multiple,
        Kind::TrueFalse,
        Kind::Short,
        Kind::Code,
    ] {
        let count = bank.questions.iter().filter(|q| q.kind == kind).count();
        assert!(count >= 5, "only {count} questions of type {kind:?}");
    }
}

#[test]
fn text_fits_a_100_column_terminal() {
    for question in shipped_bank().questions {
        for line in question.code.iter().flat_map(|code| code.lines()) {
            assert!(
                line.chars().count() <= 92,
                "{}: code line too wide: {line}",
                question.id
            );
        }
    }
}

#[test]
fn the_right_choice_is_the_longest_or_the_shortest_in_at_most_a_third_of_questions() {
    let bank = shipped_bank();
    let cue = LengthCue::measure(&bank.questions);
    assert!(
        cue.counted >= 80,
        "only {} single-answer questions",
        cue.counted
    );
    assert!(
        !cue.longest_too_often(),
        "{} of {} questions have the key as their longest choice: {:?}",
        cue.longest.len(),
        cue.counted,
        cue.longest
    );
    assert!(
        !cue.shortest_too_often(),
        "{} of {} questions have the key as their shortest choice: {:?}",
        cue.shortest.len(),
        cue.counted,
        cue.shortest
    );
}

#[test]
fn every_complete_program_gets_the_verdict_and_prints_the_output_its_question_declares() {
    let bank = shipped_bank();
    let rustc = find_rustc().unwrap_or_else(|error| panic!("{error}"));
    let questions: Vec<&Question> = bank.questions.iter().collect();
    let (checked, mismatches) = programs::check(&questions, &rustc).unwrap();
    let declared = bank
        .questions
        .iter()
        .filter(|q| q.compiler.is_some())
        .count();
    assert_eq!(checked, declared);
    assert!(checked >= 12, "only {checked} complete programs");
    // The "what does it print?" programs that print one of a few outputs are run as well.
    let run = bank.questions.iter().filter(|q| q.output.is_some()).count();
    assert!(run >= 4, "only {run} programs declare their output");
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}
