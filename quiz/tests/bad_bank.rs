//! A bad question file gets an error naming the file, the question, the field and the fix.
use std::path::{Path, PathBuf};

use quiz::bank::Bank;
use quiz::catalog::DEFAULT_EXERCISES;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name)
}

/// Loads one bad fixture and returns the error text.
fn load_error(name: &str) -> String {
    let known: Vec<String> = DEFAULT_EXERCISES
        .iter()
        .map(|slug| slug.to_string())
        .collect();
    match Bank::load(&[fixture(name)], &known) {
        Ok(bank) => panic!(
            "{name} loaded {} questions without error",
            bank.questions.len()
        ),
        Err(errors) => errors.to_string(),
    }
}

/// Asserts the message names the file, the question, the field, and carries a fix.
fn assert_names(message: &str, id: &str, field: &str, fix: &str) {
    assert!(
        message.contains("questions.toml"),
        "no file name in: {message}"
    );
    assert!(
        message.contains(&format!("question `{id}`")),
        "no id `{id}` in: {message}"
    );
    assert!(
        message.contains(&format!("field `{field}`")),
        "no field `{field}` in: {message}"
    );
    assert!(
        message.contains(&format!("fix: {fix}")),
        "no fix `{fix}` in: {message}"
    );
}

#[test]
fn an_unknown_section_suggests_the_nearest_tag() {
    let message = load_error("unknown_section");
    assert_names(
        &message,
        "x.one",
        "section",
        "did you mean `memory-ordering`?",
    );
}

#[test]
fn an_answer_out_of_range_says_how_many_choices_there_are() {
    let message = load_error("answer_out_of_range");
    assert_names(
        &message,
        "deadlock.range",
        "answer",
        "use numbers from 1 to 3",
    );
    assert!(message.contains("there are 3 choices"), "{message}");
}

#[test]
fn a_missing_explanation_is_reported() {
    let message = load_error("missing_explanation");
    assert_names(
        &message,
        "tls.no-explanation",
        "explanation",
        "add `explanation = \"...\"`",
    );
}

#[test]
fn a_misspelt_field_suggests_the_right_name() {
    let message = load_error("misspelt_field");
    assert_names(&message, "aba.typo", "acept", "did you mean `accept`?");
}

#[test]
fn a_quoted_boolean_is_refused_with_the_fix() {
    let message = load_error("true_false_as_string");
    assert_names(
        &message,
        "rust.quoted-bool",
        "answer",
        "write `answer = true` or",
    );
}

#[test]
fn an_unknown_exercise_slug_suggests_the_nearest() {
    let message = load_error("unknown_exercise");
    assert_names(
        &message,
        "primitives.slug",
        "exercise",
        "did you mean `spinlock`?",
    );
}

#[test]
fn a_duplicate_id_is_reported_once() {
    let message = load_error("duplicate_id");
    assert_names(
        &message,
        "races.twice",
        "id",
        "give this question an id of its own",
    );
    assert!(
        message.starts_with("the question bank has 1 problem:"),
        "{message}"
    );
}

#[test]
fn a_toml_syntax_error_names_the_file_and_line() {
    let message = load_error("not_toml");
    assert!(
        message.contains("questions.toml: not valid TOML"),
        "{message}"
    );
    assert!(message.contains("line 2"), "{message}");
}

#[test]
fn a_missing_bank_directory_is_an_error_not_an_empty_quiz() {
    let message = load_error("no_such_directory");
    assert!(
        message.contains("no_such_directory: cannot read it"),
        "{message}"
    );
}

#[test]
fn a_course_exercise_missing_from_this_workbook_is_dropped_not_an_error() {
    let bank = Path::new(env!("CARGO_MANIFEST_DIR")).join("bank");
    let loaded = Bank::load(&[bank], &["spinlock".to_string()]).unwrap();
    let spin = loaded.get("primitives.when-to-spin").unwrap();
    assert_eq!(spin.exercise.as_deref(), Some("spinlock"));
    let queue = loaded.get("primitives.condvar-while-not-if").unwrap();
    assert_eq!(
        queue.exercise, None,
        "bounded_queue is not in this workbook"
    );
}

#[test]
fn a_fragment_asked_whether_it_compiles_is_refused() {
    let message = load_error("fragment_about_compiling");
    assert_names(
        &message,
        "rust.fragment",
        "compiler",
        "show a complete Rust program and add `compiler = \"compiles\"`",
    );
}

#[test]
fn a_verdict_must_be_compiles_or_an_error_code_the_explanation_names() {
    let message = load_error("unknown_verdict");
    assert_names(
        &message,
        "rust.verdict",
        "compiler",
        "write `compiler = \"compiles\"` or the code rustc reports",
    );
    assert_names(
        &message,
        "rust.unnamed-code",
        "explanation",
        "say in the explanation why rustc reports E0382",
    );
}

#[test]
fn a_key_must_say_what_rustc_says_and_a_fragment_cannot_offer_error_codes() {
    let message = load_error("key_against_verdict");
    assert_names(
        &message,
        "rust.key-says-it-compiles",
        "answer",
        "say it in the right choice, e.g. \"No (E0382): ...\"",
    );
    assert_names(
        &message,
        "rust.key-denies-compiling",
        "answer",
        "make a choice that agrees with rustc the right one",
    );
    assert_names(
        &message,
        "rust.fragment-with-codes",
        "compiler",
        "show a complete Rust program and add `compiler = \"compiles\"`",
    );
}

#[test]
fn an_output_needs_a_compiling_program_and_a_right_choice_that_says_it() {
    let message = load_error("output_misplaced");
    assert_names(
        &message,
        "rust.output-of-a-failure",
        "output",
        "remove `output`, or add `compiler = \"compiles\"` to a complete program",
    );
    assert_names(
        &message,
        "rust.output-not-keyed",
        "output",
        "list in `output` only what the right choices say the program prints",
    );
    assert!(message.contains("a run may print \"0\""), "{message}");
}
