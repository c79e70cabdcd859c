//! Drives `threadlings quiz` through a real pseudo-terminal: arrow/number keys, Enter, feedback,
//! the summary, a retry of the missed question, and a clean exit. The PTY comes from util-linux
//! `script`, so the test needs no PTY crate. The seed makes the questions known in advance: the
//! test asks the quiz library which questions seed 5 picks and how their choices are shuffled.
// The pseudo-terminal comes from util-linux `script`, whose options differ on macOS.
#![cfg(target_os = "linux")]
use std::path::PathBuf;
use std::time::Duration;

mod support;

use quiz::bank::Bank;
use quiz::session::{Asked, Response, Rng, select};
use quiz::ui::answer_hint;
use support::Pty;

const SEED: u64 = 5;
const COUNT: usize = 3;
const WAIT: Duration = Duration::from_secs(20);

fn workbook_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn start_quiz(state_dir: &std::path::Path) -> Pty {
    let (seed, count) = (SEED.to_string(), COUNT.to_string());
    Pty::start(
        &[
            env!("CARGO_BIN_EXE_threadlings"),
            "quiz",
            "--seed",
            &seed,
            "--count",
            &count,
        ],
        &workbook_root(),
        &[
            ("THREADLINGS_STATE_DIR", state_dir.to_str().unwrap()),
            ("NO_COLOR", "1"),
        ],
    )
}

/// The key presses that give `response` to `asked` (Enter included).
fn keys_for(asked: &Asked<'_>, response: &Response) -> String {
    match response {
        Response::Choices(shown) => {
            let digits: String = shown.iter().map(|index| (index + 1).to_string()).collect();
            if asked.is_multiple() {
                format!("{digits}\r")
            } else {
                format!("{}\r", &digits[..1])
            }
        }
        // Move with the arrow keys here, to exercise them: the cursor starts on "True".
        Response::TrueFalse(true) => "\r".into(),
        Response::TrueFalse(false) => "\x1b[B\r".into(),
        Response::Text(text) => format!("{text}\r"),
        Response::NoAnswer => "\r".into(),
    }
}

/// A wrong response to `asked`.
fn wrong_response(asked: &Asked<'_>) -> Response {
    match asked.correct_response() {
        Response::Choices(right) => {
            let wrong = (0..asked.shown_choices().len()).find(|index| !right.contains(index));
            Response::Choices(vec![wrong.expect("a choice question has a wrong choice")])
        }
        Response::TrueFalse(value) => Response::TrueFalse(!value),
        _ => Response::Text("certainly not this".into()),
    }
}

#[test]
fn a_learner_answers_through_a_real_terminal_and_retries_the_miss() {
    let bank =
        Bank::load(&[workbook_root().join("quiz").join("bank")], &[]).expect("the shipped bank");
    let mut rng = Rng::new(SEED);
    let asked = select(&bank.questions, &[], COUNT, &mut rng);
    let state = tempfile::tempdir().unwrap();
    let mut session = start_quiz(state.path());

    // Right, wrong, right.
    for (index, question) in asked.iter().enumerate() {
        session.expect(&format!("Question {}/{COUNT}", index + 1));
        // The hint line is drawn last, and says how to answer this kind of question.
        session.expect(answer_hint(question, true));
        let response = if index == 1 {
            wrong_response(question)
        } else {
            question.correct_response()
        };
        session.keys(&keys_for(question, &response));
        session.expect(if index == 1 { "Not quite." } else { "Right." });
        session.expect("next question");
        session.keys("\r");
    }
    session.expect("Your score: 2/3");
    session.expect("r: retry the 1 missed");
    session.keys("r");

    // The retry asks only the missed question, with its choices shuffled anew by the same rng.
    let retried = Asked::new(asked[1].question, &mut rng);
    session.expect("Question 1/1");
    session.expect(answer_hint(&retried, true));
    session.keys(&keys_for(&retried, &retried.correct_response()));
    session.expect("Right.");
    session.keys("\r");
    session.expect("Your score: 1/1");
    session.keys("x");

    // Leaving restores the screen and prints the final summary on the normal screen.
    session.expect("\u{1b}[?1049l");
    session.expect("Your score: 1/1");
    let status = session.wait(WAIT);
    assert!(status.success(), "exit status {status}");

    let history = std::fs::read_to_string(state.path().join("quiz.json")).expect("history saved");
    for question in &asked {
        assert!(
            history.contains(&question.question.id),
            "{} not in the history",
            question.question.id
        );
    }
}

/// Runs `threadlings quiz --check-bank DIR` from the workbook root, as an instructor would.
fn check_bank(dir: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .args(["quiz", "--check-bank", dir])
        .current_dir(workbook_root())
        .env("NO_COLOR", "1")
        .output()
        .expect("threadlings runs")
}

#[test]
fn check_bank_passes_the_shipped_bank_and_fails_a_cued_one_with_exit_code_1() {
    let shipped = check_bank("quiz/bank");
    let report = String::from_utf8_lossy(&shipped.stdout);
    assert!(
        shipped.status.success(),
        "{}\n{report}",
        String::from_utf8_lossy(&shipped.stderr)
    );
    assert!(report.contains("complete programs compiled"), "{report}");
    assert!(report.contains("The bank passes both checks."), "{report}");

    let cued = check_bank("quiz/tests/fixtures/check/cued");
    let report = String::from_utf8_lossy(&cued.stdout);
    assert_eq!(cued.status.code(), Some(1), "{report}");
    assert!(report.contains("question `races.cued-one`"), "{report}");
    assert!(
        report.contains("The bank fails the checks above."),
        "{report}"
    );
}
