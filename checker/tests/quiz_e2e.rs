//! Drives `threadlings quiz` through a real pseudo-terminal: arrow/number keys, Enter, feedback,
//! the summary, a retry of the missed question, and a clean exit. The PTY comes from util-linux
//! `script`, so the test needs no PTY crate. The seed makes the questions known in advance: the
//! test asks the quiz library which questions seed 5 picks and how their choices are shuffled.
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use quiz::bank::Bank;
use quiz::session::{Asked, Response, Rng, select};

const SEED: u64 = 5;
const COUNT: usize = 3;
const WAIT: Duration = Duration::from_secs(20);

fn workbook_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The quiz running under `script`, with everything it printed so far.
struct Session {
    child: Child,
    input: ChildStdin,
    screen: Arc<Mutex<String>>,
    seen_up_to: usize,
}

impl Session {
    fn start(state_dir: &std::path::Path) -> Session {
        let command = format!(
            "{} quiz --seed {SEED} --count {COUNT}",
            env!("CARGO_BIN_EXE_threadlings")
        );
        let mut child = Command::new("script")
            .args([
                "--quiet",
                "--flush",
                "--return",
                "--command",
                &command,
                "/dev/null",
            ])
            .current_dir(workbook_root())
            .env("THREADLINGS_STATE_DIR", state_dir)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("util-linux `script` provides the pseudo-terminal");
        let input = child.stdin.take().expect("piped stdin");
        let mut output = child.stdout.take().expect("piped stdout");
        let screen = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&screen);
        std::thread::Builder::new()
            .name("pty-reader".into())
            .spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(read) = output.read(&mut buffer) {
                    if read == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buffer[..read]));
                }
            })
            .expect("a reader thread");
        Session {
            child,
            input,
            screen,
            seen_up_to: 0,
        }
    }

    /// Waits until `text` appears in output not yet matched, then moves past it.
    fn expect(&mut self, text: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            {
                let screen = self.screen.lock().unwrap();
                if let Some(at) = screen[self.seen_up_to..].find(text) {
                    self.seen_up_to += at + text.len();
                    return;
                }
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let screen = self.screen.lock().unwrap();
                panic!(
                    "`{text}` did not appear; the terminal showed:\n{}",
                    &screen[self.seen_up_to..]
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn keys(&mut self, keys: &str) {
        self.input.write_all(keys.as_bytes()).unwrap();
        self.input.flush().unwrap();
    }
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
    let mut session = Session::start(state.path());

    // Right, wrong, right.
    for (index, question) in asked.iter().enumerate() {
        session.expect(&format!("Question {}/{COUNT}", index + 1));
        session.expect("Enter to submit");
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
    session.expect("Enter to submit");
    session.keys(&keys_for(&retried, &retried.correct_response()));
    session.expect("Right.");
    session.keys("\r");
    session.expect("Your score: 1/1");
    session.keys("x");

    // Leaving restores the screen and prints the final summary on the normal screen.
    session.expect("\u{1b}[?1049l");
    session.expect("Your score: 1/1");
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = session.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the quiz did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
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
