//! The coroutines step by step, then the scheduler's exact traces. A failure names the first
//! tick that differs, says what should have happened and why, and prints the whole trace.

use green_threads::{Coroutine, Counter, Reader, Step, run};

/// A coroutine that computes for ever and never yields.
struct Hog;

impl Coroutine for Hog {
    fn resume(&mut self) -> Step {
        Step::Busy("H spins".to_string())
    }
}

/// A coroutine that works three times in a row, yielding only after the third, then rests.
struct Burst {
    resumes: u32,
}

impl Coroutine for Burst {
    fn resume(&mut self) -> Step {
        self.resumes += 1;
        match self.resumes {
            1 | 2 => Step::Busy(format!("W works {}", self.resumes)),
            3 => Step::Yield("W works 3".to_string()),
            4 => Step::Done("W rests".to_string()),
            _ => panic!("a finished coroutine (W) was resumed: a done coroutine leaves the line"),
        }
    }
}

fn yielded(what: &str) -> Step {
    Step::Yield(what.to_string())
}

fn boxed(coroutine: impl Coroutine + 'static) -> Box<dyn Coroutine> {
    Box::new(coroutine)
}

/// Fails at the first line where `got` differs from `expected`, with `why` and both traces.
fn assert_trace(got: &[String], expected: &[&str], why: &str) {
    let show = |lines: &[String]| {
        lines
            .iter()
            .map(|line| format!("  {line}\n"))
            .collect::<String>()
    };
    for (index, want) in expected.iter().enumerate() {
        let actual = got
            .get(index)
            .map(String::as_str)
            .unwrap_or("(the run had ended)");
        if actual != *want {
            panic!(
                "tick {} is wrong.\n  expected: {want}\n  got:      {actual}\n{why}\n\nthe whole \
                 trace:\n{}",
                index + 1,
                show(got)
            );
        }
    }
    assert_eq!(
        got.len(),
        expected.len(),
        "the run should end after tick {}, but it went on.\n{why}\n\nthe whole trace:\n{}",
        expected.len(),
        show(got)
    );
}

/// Every step of one coroutine, resumed on its own until it is done (at most `limit` times).
fn steps_of(mut coroutine: impl Coroutine, limit: usize) -> Vec<Step> {
    let mut steps = Vec::new();
    while steps.len() < limit {
        let step = coroutine.resume();
        let done = matches!(step, Step::Done(_));
        steps.push(step);
        if done {
            break;
        }
    }
    steps
}

#[test]
fn the_counter_counts_yields_and_finishes() {
    assert_eq!(
        steps_of(Counter::new("A", 3), 10),
        [
            yielded("A counts 1"),
            yielded("A counts 2"),
            Step::Done("A counts 3".to_string())
        ],
        "Counter::new(\"A\", 3) says 1 and 2 with a yield after each, then 3 and is done"
    );
}

#[test]
fn the_reader_opens_reads_each_line_and_closes() {
    assert_eq!(
        steps_of(Reader::new("R", 2), 10),
        [
            yielded("R opens the file"),
            yielded("R reads line 1"),
            yielded("R reads line 2"),
            Step::Done("R closes the file".to_string()),
        ],
        "Reader::new(\"R\", 2): open (yield), line 1 (yield), line 2 (yield), close (done). \
         Each resume goes on from where the last one stopped: the enum's variant is the place, \
         its fields what the reader remembers there"
    );
    assert_eq!(
        steps_of(Reader::new("E", 0), 10),
        [
            yielded("E opens the file"),
            Step::Done("E closes the file".to_string()),
        ],
        "Reader::new(\"E\", 0), an empty file: open (yield), then close (done), no line read"
    );
}

#[test]
fn the_scheduler_takes_turns() {
    let trace = run(
        vec![
            boxed(Counter::new("A", 3)),
            boxed(Reader::new("R", 2)),
            boxed(Counter::new("B", 1)),
        ],
        100,
    );
    assert_trace(
        &trace,
        &[
            "tick 1: A counts 1 (yields)",
            "tick 2: R opens the file (yields)",
            "tick 3: B counts 1 (done)",
            "tick 4: A counts 2 (yields)",
            "tick 5: R reads line 1 (yields)",
            "tick 6: A counts 3 (done)",
            "tick 7: R reads line 2 (yields)",
            "tick 8: R closes the file (done)",
        ],
        "round robin: a coroutine that yields goes to the back of the line, so A, R and B take \
         turns, in the order they were given; B is done at tick 3 and leaves the line, A at \
         tick 6, and R finishes alone.",
    );
}

#[test]
fn a_busy_coroutine_keeps_the_cpu_until_it_yields() {
    let trace = run(
        vec![boxed(Burst { resumes: 0 }), boxed(Counter::new("A", 2))],
        100,
    );
    assert_trace(
        &trace,
        &[
            "tick 1: W works 1 (keeps the CPU)",
            "tick 2: W works 2 (keeps the CPU)",
            "tick 3: W works 3 (yields)",
            "tick 4: A counts 1 (yields)",
            "tick 5: W rests (done)",
            "tick 6: A counts 2 (done)",
        ],
        "cooperative scheduling: the scheduler switches only when the running coroutine yields \
         (or finishes). W does not yield at ticks 1 and 2, so it is resumed again at once; it \
         yields at tick 3, and only then does A get a turn.",
    );
}

#[test]
fn a_coroutine_that_never_yields_starves_the_others() {
    let trace = run(
        vec![
            boxed(Counter::new("A", 2)),
            boxed(Hog),
            boxed(Counter::new("B", 2)),
        ],
        8,
    );
    assert_trace(
        &trace,
        &[
            "tick 1: A counts 1 (yields)",
            "tick 2: H spins (keeps the CPU)",
            "tick 3: H spins (keeps the CPU)",
            "tick 4: H spins (keeps the CPU)",
            "tick 5: H spins (keeps the CPU)",
            "tick 6: H spins (keeps the CPU)",
            "tick 7: H spins (keeps the CPU)",
            "tick 8: H spins (keeps the CPU)",
        ],
        "H never yields, and a cooperative scheduler cannot take the CPU away from it: A and B \
         are starved (B never runs at all) until the budget of 8 resumes runs out. That is the \
         price of cooperative green threads; a preemptive scheduler (the kernel's, or Go's since \
         1.14) interrupts a thread that runs too long. A scheduler that switches away from H \
         here is not cooperative.",
    );
}

#[test]
fn the_run_stops_at_the_budget_or_when_everybody_is_done() {
    let trace = run(vec![boxed(Counter::new("A", 5))], 3);
    assert_trace(
        &trace,
        &[
            "tick 1: A counts 1 (yields)",
            "tick 2: A counts 2 (yields)",
            "tick 3: A counts 3 (yields)",
        ],
        "with a budget of 3 resumes, the run stops after tick 3 though A is not done; alone in \
         the line, A runs again after each yield.",
    );
    assert!(
        run(Vec::new(), 10).is_empty(),
        "no coroutines: nothing to run, an empty trace"
    );
}
