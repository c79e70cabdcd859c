//! How to replay a schedule in which shuttle found a failure.
//!
//! The shim runs shuttle's random scheduler from the manifest's seed, so a check runs the
//! same schedules every time and a failure comes back until the code changes. Shuttle prints
//! the seed of the failing schedule itself; the shim takes a first seed and a number of
//! schedules from the environment, so that seed and one schedule replay just the failure.

/// The shim's settings (`shim::settings`): the first schedule's seed, and how many to run.
pub const SEED_VAR: &str = "THREADLINGS_SHUTTLE_SEED";
pub const ITERATIONS_VAR: &str = "THREADLINGS_SHUTTLE_ITERATIONS";

use super::libtest::TestOutcome;

/// A failure that shuttle found, with the way to replay its schedule; any other outcome as is.
pub fn with_note(outcome: TestOutcome, output: &str, test: &str) -> TestOutcome {
    match (outcome, note(output, test)) {
        (TestOutcome::Failed { message }, Some(note)) => TestOutcome::Failed {
            message: format!("{message}\n\n{note}"),
        },
        (outcome, _) => outcome,
    }
}

/// What shuttle's random scheduler prints before the seed of a failing schedule.
const FAILING_SEED: &str = "failing seed:";

/// The seed of the schedule in which shuttle found the failure, if it printed one.
pub fn failing_seed(output: &str) -> Option<u64> {
    let (_, after) = output.split_once(FAILING_SEED)?;
    // The seed stands alone on a line, between quotes on the lines around it.
    after
        .lines()
        .map(|line| line.trim().trim_matches('"'))
        .find(|line| !line.is_empty())?
        .parse()
        .ok()
}

/// Says how the failing schedule replays, for a failure of `test` whose output is `output`.
pub fn note(output: &str, test: &str) -> Option<String> {
    let seed = failing_seed(output)?;
    let prose = format!(
        "replay: shuttle found this in the schedule of seed {seed}. The check runs the same \
         schedules every time, so it fails this way until the code changes. To run just this \
         schedule, in the exercise's folder:"
    );
    // Shell continuation lines keep the command under 100 columns and still pastable.
    Some(format!(
        "{}\n  {SEED_VAR}={seed} {ITERATIONS_VAR}=1 \\\n    \
         RUSTFLAGS=\"--cfg shuttle\" cargo test --test shuttle -- \\\n    --exact {test}",
        textwrap::fill(&prose, 90)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What shuttle 0.9 printed (trimmed) for a test that failed in its third schedule.
    const SHUTTLE_FAILURE: &str = "\
Task failed, serializing schedule
test panicked in task 'main-thread'
failing schedule:
\"
910101eecbc6f00700
\"
pass that string to `shuttle::replay` to replay the failure
thread 'a_test' (15266) panicked at tests/shuttle.rs:55:5:
assertion failed: ok
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
test panicked in task 'main-thread'
failing seed:
\"
2115085806
\"
To replay the failure, either:
    1) pass the seed to `shuttle::check_random_with_seed, or
";

    #[test]
    fn the_seed_of_the_failing_schedule_is_read_from_shuttles_output() {
        assert_eq!(failing_seed(SHUTTLE_FAILURE), Some(2_115_085_806));
        assert_eq!(
            failing_seed("thread 'x' panicked at src/lib.rs:1:1:\nboom\n"),
            None
        );
        assert_eq!(failing_seed("failing seed:\n\"\nnot a number\n\"\n"), None);
    }

    #[test]
    fn only_a_failure_gets_the_note() {
        let failed = TestOutcome::Failed {
            message: "assertion failed: ok".into(),
        };
        match with_note(failed, SHUTTLE_FAILURE, "a_test") {
            TestOutcome::Failed { message } => {
                assert!(
                    message.starts_with("assertion failed: ok\n\nreplay: "),
                    "{message}"
                )
            }
            other => panic!("expected a failure, got {other:?}"),
        }
        let passed = TestOutcome::Passed {
            explored: Some(3),
            skipped: Vec::new(),
        };
        assert_eq!(with_note(passed.clone(), SHUTTLE_FAILURE, "a_test"), passed);
    }

    #[test]
    fn the_note_gives_the_command_that_replays_just_that_schedule() {
        let note = note(SHUTTLE_FAILURE, "a_test").expect("a seed was printed");
        assert!(note.contains("seed 2115085806"), "{note}");
        assert!(
            note.ends_with(
                "\n  THREADLINGS_SHUTTLE_SEED=2115085806 THREADLINGS_SHUTTLE_ITERATIONS=1 \\\n    \
                 RUSTFLAGS=\"--cfg shuttle\" cargo test --test shuttle -- \\\n    \
                 --exact a_test"
            ),
            "{note}"
        );
        assert!(note.lines().all(|line| line.len() < 100), "{note}");
    }

    /// What a learner reads when shuttle finds a race: the assertion, then the seed and the
    /// command that replays just that schedule, within 100 columns.
    #[test]
    fn a_shuttle_failure_reads_well() {
        colored::control::set_override(false);
        let outcome = with_note(
            TestOutcome::Failed {
                message: "panicked at tests/shuttle.rs:55:5:\nassertion failed: ok".into(),
            },
            SHUTTLE_FAILURE,
            "concurrent_senders_lose_nothing",
        );
        let TestOutcome::Failed { message } = outcome else {
            panic!("expected a failure, got {outcome:?}");
        };
        let report = crate::verdict::CheckReport {
            exercise: "message_passing/actor_mailbox".into(),
            verdict: crate::verdict::Verdict::Failed {
                stage: crate::manifest::Stage::Shuttle,
                test: "concurrent_senders_lose_nothing".into(),
                message,
            },
            story: None,
            stages: Vec::new(),
            build_duration: std::time::Duration::ZERO,
            total_duration: std::time::Duration::ZERO,
        };
        let text = crate::report::explanation_text_within(&report, 96);
        assert!(
            text.lines().all(|line| line.chars().count() <= 100),
            "{text}"
        );
        insta::assert_snapshot!(text);
    }
}
