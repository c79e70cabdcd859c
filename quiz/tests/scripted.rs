//! Scripted runs through the library: a fixed seed gives a fixed quiz and an exact score.
use std::path::{Path, PathBuf};

use quiz::session::QuizResult;
use quiz::session::{Rng, select};
use quiz::{QuizArgs, QuizContext, run_scripted};

const NOW: u64 = 1_800_000_000;

fn context(bank: PathBuf, history_dir: &Path) -> QuizContext {
    QuizContext {
        bank_dir: bank,
        history_path: history_dir.join("quiz.json"),
        known_exercises: Vec::new(),
    }
}

fn sample_bank() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scripted")
}

fn shipped_bank() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bank")
}

/// Runs the shipped bank with no answers given (each question then counts as wrong).
fn run_unanswered(args: &QuizArgs, history_dir: &Path, seed: u64) -> anyhow::Result<QuizResult> {
    run_scripted(
        args,
        &context(shipped_bank(), history_dir),
        &mut "".as_bytes(),
        &mut Vec::new(),
        NOW,
        seed,
    )
}

fn json_args(seed: u64) -> QuizArgs {
    QuizArgs {
        seed: Some(seed),
        json: true,
        ..QuizArgs::default()
    }
}

#[test]
fn a_fixed_seed_and_fixed_answers_give_the_expected_score() {
    let history = tempfile::tempdir().unwrap();
    // With seed 7 the sample bank is asked in this order, choices shuffled as noted.
    let answers = "\
        # races.sample-code: 1) Exactly 2000  2) At most 2000\n\
        2\n\
        # memory-ordering.sample-relaxed: 1) 0  2) a torn value  3) 42; only half right\n\
        3\n\
        # rust.sample-send (case and surrounding spaces do not matter)\n\
        \x20 SEND \n\
        # deadlock.sample-order: 1) Circular wait ... 3) Mutual exclusion; answered wrong\n\
        3\n\
        # primitives.sample-notify\n\
        f\n";
    let mut out = Vec::new();
    let result = run_scripted(
        &json_args(7),
        &context(sample_bank(), history.path()),
        &mut answers.as_bytes(),
        &mut out,
        NOW,
        7,
    )
    .unwrap();
    let order: Vec<&str> = result.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        order,
        [
            "races.sample-code",
            "memory-ordering.sample-relaxed",
            "rust.sample-send",
            "deadlock.sample-order",
            "primitives.sample-notify",
        ]
    );
    let correct: Vec<bool> = result.questions.iter().map(|q| q.correct).collect();
    assert_eq!(correct, [true, false, true, false, true]);
    assert_eq!((result.score, result.total), (3, 5));
    assert!(out.is_empty(), "--json prints nothing while asking");
    assert!(
        history.path().join("quiz.json").exists(),
        "the history is saved"
    );
}

#[test]
fn answering_what_the_session_says_is_right_scores_full_marks() {
    let history = tempfile::tempdir().unwrap();
    let context = context(shipped_bank(), history.path());
    let known: Vec<String> = quiz::catalog::DEFAULT_EXERCISES
        .iter()
        .map(|s| s.to_string())
        .collect();
    let bank = quiz::bank::Bank::load(std::slice::from_ref(&context.bank_dir), &known).unwrap();
    for seed in [1, 99, 2024] {
        // Replays the session's own choices: the same seed must give the same order and shuffle.
        let asked = select(&bank.questions, &[], 10, &mut Rng::new(seed));
        let answers: String = asked
            .iter()
            .map(|a| format!("{}\n", a.correct_response()))
            .collect();
        let result = run_scripted(
            &json_args(seed),
            &context,
            &mut answers.as_bytes(),
            &mut Vec::new(),
            NOW,
            seed,
        )
        .unwrap();
        assert_eq!(
            (result.score, result.total),
            (10, 10),
            "seed {seed}: {result:?}"
        );
    }
}

#[test]
fn missing_answers_count_as_wrong_and_the_run_still_completes() {
    let history = tempfile::tempdir().unwrap();
    let args = QuizArgs {
        count: Some(4),
        ..json_args(3)
    };
    let result = run_unanswered(&args, history.path(), 3).unwrap();
    assert_eq!((result.score, result.total), (0, 4));
    assert!(result.questions.iter().all(|q| q.answer == "(no answer)"));
}

#[test]
fn a_section_filter_asks_only_that_section() {
    let history = tempfile::tempdir().unwrap();
    let args = QuizArgs {
        sections: vec!["aba".into()],
        count: Some(50),
        ..json_args(5)
    };
    let result = run_unanswered(&args, history.path(), 5).unwrap();
    assert!(result.total >= 5);
    assert!(result.questions.iter().all(|q| q.section == "aba"));
    assert_eq!(result.sections.len(), 1);
}

#[test]
fn an_unknown_section_is_a_clear_error() {
    let history = tempfile::tempdir().unwrap();
    let args = QuizArgs {
        sections: vec!["dedlock".into()],
        ..json_args(5)
    };
    let error = run_unanswered(&args, history.path(), 5).unwrap_err();
    assert!(
        format!("{error:#}").contains("did you mean `deadlock`?"),
        "{error:#}"
    );
}

#[test]
fn review_re_asks_what_was_missed_and_not_what_was_known() {
    let history = tempfile::tempdir().unwrap();
    let context = context(sample_bank(), history.path());
    // First session: only the true/false question is right (see the test above for the order).
    let first = run_scripted(
        &json_args(7),
        &context,
        &mut "1\n1\nnope\n2\n2\n".as_bytes(),
        &mut Vec::new(),
        NOW,
        7,
    )
    .unwrap();
    assert_eq!(first.score, 1);
    let review = QuizArgs {
        review: true,
        ..json_args(8)
    };
    let result = run_scripted(
        &review,
        &context,
        &mut "".as_bytes(),
        &mut Vec::new(),
        NOW + 60,
        8,
    )
    .unwrap();
    let mut asked: Vec<&str> = result.questions.iter().map(|q| q.id.as_str()).collect();
    asked.sort_unstable();
    assert_eq!(
        asked,
        [
            "deadlock.sample-order",
            "memory-ordering.sample-relaxed",
            "races.sample-code",
            "rust.sample-send"
        ]
    );
    // Two days later the known question (box 2, one day) is due again too.
    let later = run_scripted(
        &review,
        &context,
        &mut "".as_bytes(),
        &mut Vec::new(),
        NOW + 2 * 86_400,
        8,
    )
    .unwrap();
    assert!(
        later
            .questions
            .iter()
            .any(|q| q.id == "primitives.sample-notify")
    );
}

#[test]
fn an_extra_bank_adds_questions_and_a_bad_one_names_its_file() {
    let history = tempfile::tempdir().unwrap();
    let args = QuizArgs {
        banks: vec![sample_bank()],
        sections: vec!["rust".into()],
        count: Some(100),
        ..json_args(1)
    };
    let result = run_unanswered(&args, history.path(), 1).unwrap();
    assert!(result.questions.iter().any(|q| q.id == "rust.sample-send"));

    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/answer_out_of_range");
    let args = QuizArgs {
        banks: vec![bad],
        ..json_args(1)
    };
    let error = run_unanswered(&args, history.path(), 1).unwrap_err();
    let message = format!("{error:#}");
    assert!(
        message.contains("answer_out_of_range/questions.toml: question `deadlock.range`"),
        "{message}"
    );
}

#[test]
fn plain_output_shows_questions_feedback_and_a_summary_within_100_columns() {
    let history = tempfile::tempdir().unwrap();
    let args = QuizArgs {
        seed: Some(11),
        count: Some(20),
        ..QuizArgs::default()
    };
    let mut out = Vec::new();
    run_scripted(
        &args,
        &context(shipped_bank(), history.path()),
        &mut "1\n".as_bytes(),
        &mut out,
        NOW,
        11,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Question 1/20"), "{text}");
    assert!(text.contains("Your score: "), "{text}");
    assert!(text.contains("--seed 11"), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 100, "line too wide: {line}");
    }
}
