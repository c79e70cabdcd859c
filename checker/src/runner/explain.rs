//! Turns what a failing test printed into a message that says what went wrong and why.

use crate::sandbox::Limits;

/// Known messages from the model checkers and the runtime, with what they mean for a learner.
const NOTES: &[(&str, &str)] = &[
    (
        "Causality violation",
        "loom saw two threads touch the same data with no happens-before edge between them: a \
         data race. Usually a store that publishes data needs Ordering::Release and the load \
         that reads it Ordering::Acquire (Relaxed orders nothing but the atomic itself).",
    ),
    (
        "deadlock; threads",
        "in some interleaving every thread waits for something another thread holds. Look for \
         locks taken in different orders in different places, or a wait that nobody will wake.",
    ),
    (
        "deadlock! blocked tasks",
        "shuttle found a schedule in which every thread is blocked waiting for another: \
         a lock or a channel that nobody will release, send on, or close.",
    ),
];

/// Loom's message when one execution grows past its step budget.
const LOOM_BRANCH_LIMIT: &str = "Model exceeded maximum number of branches";
/// Loom's assertion when a model spawns more threads than it can track.
const LOOM_THREAD_LIMIT: &str = "threads.len() < self.max";
/// The shim's lines (`shim::NO_SPIN_HINT_MARKER`, `shim::SPINNING_FOREVER_MARKER`).
const NO_SPIN_HINT_MARKER: &str = "threadlings-spin-without-hint:";
const SPINNING_FOREVER_MARKER: &str = "threadlings-spinning-forever:";

/// A model checker that stopped on one of its own limits, judged.
#[derive(Debug, PartialEq)]
pub enum ModelLimit {
    /// The limit says nothing about the code: neither a pass nor a failure.
    Inconclusive(String),
    /// The shim saw why the limit was reached, and it is the code's fault.
    Failure(String),
}

/// Judges a test that ended on a model checker's limit; `None` when it did not.
///
/// Loom runs out of branches when one execution takes more than 1 000 steps. Under the shim
/// that happens for three reasons: a loop that never calls a spin hint (loom cannot make
/// the thread let others run: a rule of the workbook, named with its line), a thread that
/// spins for ever on a value nobody will write (it reads the newest value on every spin, so
/// this is a real livelock or lost wake-up), or a model too big for loom. Only the last is
/// inconclusive.
pub fn model_limit(output: &str) -> Option<ModelLimit> {
    let marker_line = |marker: &str| {
        output.lines().find_map(|line| {
            line.split_once(marker)
                .map(|(_, rest)| rest.trim().to_string())
        })
    };
    if output.contains(LOOM_THREAD_LIMIT) {
        return Some(ModelLimit::Inconclusive(wrap(
            "loom can follow at most 4 spawned threads, and this model spawned more. That is a \
             limit of the exercise's model, not of your code: tell the course author.",
            90,
        )));
    }
    if !output.contains(LOOM_BRANCH_LIMIT) {
        return None;
    }
    if let Some(spin) = marker_line(NO_SPIN_HINT_MARKER) {
        let place = spin.split_whitespace().next().unwrap_or("a loop");
        return Some(ModelLimit::Failure(format!(
            "{place} loops on an atomic without a spin hint.\n\n{}",
            wrap(
                "why: every retry of a spin loop must call shim::hint::spin_loop() (a rule of \
                 this workbook). On a CPU it is a pause hint; under loom it is what lets the \
                 other threads run, so without it loom follows this thread spinning for ever \
                 and cannot check anything else. Add shim::hint::spin_loop() inside the loop.",
                90
            )
        )));
    }
    if let Some(spin) = marker_line(SPINNING_FOREVER_MARKER) {
        let place = spin.split_whitespace().next().unwrap_or("a spin loop");
        return Some(ModelLimit::Failure(format!(
            "in some interleaving the thread spinning at {place} waits for ever.\n\n{}",
            wrap(
                "why: it read the newest value on every spin and let the other threads run \
                 each time, and still the value it waits for never came. Something it waits \
                 for is never done in that interleaving: a lock that is not released, a flag \
                 that is not set, or an update another thread overwrote.",
                90
            )
        )));
    }
    Some(ModelLimit::Inconclusive(wrap(
        "loom could not finish: one interleaving took more steps than loom allows (its branch \
         limit). That is a limit of the model checker, not a proof that your code is wrong, and \
         it is not a pass either. Nothing in your code needs to change for this alone; the \
         other stages still ran. If you believe your answer is right, compare it with the \
         README's rules (a spin hint in every spin loop) and ask your instructor.",
        90,
    )))
}

/// The message of a failed test: its panic message, plus a note where the failure is a known one.
pub fn failure(output: &str) -> String {
    let panic = loom_deadlock(output)
        .or_else(|| panic_message(output))
        .unwrap_or_else(|| last_lines(output, 20).trim().to_string());
    match NOTES.iter().find(|(pattern, _)| output.contains(pattern)) {
        Some((_, note)) => format!("{panic}\n\n{}", wrap(&format!("why: {note}"), 90)),
        None => panic,
    }
}

/// What the runtime prints when a panic during unwinding aborts the process.
const ABORT_AFTER_PANIC: &[&str] = &[
    "panic in a destructor during cleanup",
    "thread caused non-unwinding panic. aborting.",
    "panicked while processing panic",
];
/// Loom's panic when a value is dropped after its model ended (tokio-rs/loom#350).
const LOOM_OUTSIDE_MODEL: &str = "cannot access Loom execution state from outside a Loom model";

/// The failure of a test whose process aborted while unwinding from a panic: the first panic
/// is what went wrong, the abort only how the process ended; `None` for any other abort.
///
/// Loom does this after any failure it finds (a causality violation, a deadlock, a failed
/// assertion) while another model thread still holds a value whose `Drop` uses loom (a lock
/// guard, an `Arc`, a closure not yet run): loom has left the model by then, that `Drop`
/// panics too, and the runtime aborts. Such a failure reads as loom wrote it, like anywhere
/// else, never as a crash.
pub fn panic_then_abort(output: &str) -> Option<String> {
    let first = output.find("panicked at ")?;
    ABORT_AFTER_PANIC
        .iter()
        .any(|marker| output[first..].contains(marker))
        .then_some(())?;
    // The first panic's report ends where the second one begins.
    let next = output[first + 1..]
        .find("panicked at ")
        .map_or(output.len(), |at| first + 1 + at);
    let message = failure(&output[..next]);
    if output[next..].contains(LOOM_OUTSIDE_MODEL) {
        return Some(message);
    }
    Some(format!(
        "{message}\n\n{}",
        wrap(
            "then, while the test unwound from that panic, a `Drop` panicked too, which \
             ends a Rust process at once (SIGABRT).",
            90
        )
    ))
}

/// The message of a test killed by a signal.
pub fn crash(signal: i32, output: &str, limits: Limits) -> String {
    if output.contains("memory allocation of") {
        let limit = limits
            .memory_bytes
            .map_or(String::new(), |bytes| format!(" of {} MiB", bytes >> 20));
        return format!("ran out of memory: the test used more than its limit{limit}.");
    }
    let what = match signal {
        6 => "aborted (SIGABRT): a panic while panicking, or an explicit abort",
        9 => "killed (SIGKILL), probably for using too much CPU time",
        11 => {
            "crashed with a segmentation fault (SIGSEGV): invalid memory access, likely in unsafe code"
        }
        24 => "stopped for using more CPU time than allowed (SIGXCPU)",
        _ => "killed by a signal",
    };
    format!(
        "the test process was {what} (signal {signal}).{}",
        last_lines(output, 12)
    )
}

/// Loom's deadlock report, which is a `Debug` dump, as one line per blocked thread:
/// `thread 1 is blocked at src/lib.rs:93:10`.
fn loom_deadlock(output: &str) -> Option<String> {
    let start = output.find("deadlock; threads = [")?;
    let report = output[start..].lines().next()?;
    let threads: Vec<String> = report
        .split("(Id(")
        .skip(1)
        .map(|entry| {
            let id = entry.split(')').next().unwrap_or("?");
            let field = |name: &str| {
                entry.split_once(name).map(|(_, rest)| {
                    rest.trim_start_matches('"')
                        .split(['"', ',', ' ', '}'])
                        .next()
                        .unwrap_or("")
                        .to_string()
                })
            };
            match (field("file: "), field("line: "), field("column: ")) {
                (Some(file), Some(line), Some(column)) => {
                    format!("  thread {id} is blocked at {file}:{line}:{column}")
                }
                _ if entry.contains("Blocked") => format!("  thread {id} is blocked"),
                _ => format!("  thread {id} is not blocked"),
            }
        })
        .collect();
    Some(format!("loom found a deadlock:\n{}", threads.join("\n")))
}

/// The first panic message in the output, without the "note: run with RUST_BACKTRACE" noise.
fn panic_message(output: &str) -> Option<String> {
    let start = output.find("panicked at ")?;
    let rest = &output[start..];
    let message: Vec<&str> = rest
        .lines()
        .take_while(|line| !line.starts_with("note: ") && !line.starts_with("stack backtrace"))
        .take(30)
        .collect();
    let mut message = message.join("\n").trim_end().to_string();
    // A panic inside a model checker's own code: its location says nothing to a learner.
    if let Some(first_line_end) = message.find('\n')
        && message[..first_line_end].contains("/.cargo/registry/")
    {
        let checker = if message[..first_line_end].contains("/loom-") {
            "loom"
        } else {
            "the model checker"
        };
        message = format!(
            "{checker} reported:\n{}",
            message[first_line_end..].trim_start_matches('\n')
        );
    }
    Some(message)
}

/// Wraps prose to `width` columns, for terminals, between words only (a long path stays whole).
pub(super) fn wrap(text: &str, width: usize) -> String {
    textwrap::fill(text, textwrap::Options::new(width).break_words(false))
}

/// The heading of the block [`last_lines`] makes, which renderers fit to the screen.
pub const LAST_OUTPUT_HEADING: &str = "last output:";

/// How much of one line of a program's output a verdict keeps: a program that prints
/// 10 000-character lines must not make a verdict of megabytes.
const OUTPUT_LINE_CAP: usize = 240;

/// The last `count` non-empty lines, indented, as "what the program said last".
pub fn last_lines(output: &str, count: usize) -> String {
    let lines: Vec<String> = output
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| cut(line, OUTPUT_LINE_CAP))
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let tail = &lines[lines.len().saturating_sub(count)..];
    format!("\n{LAST_OUTPUT_HEADING}\n  {}", tail.join("\n  "))
}

/// `line` cut to at most `max` characters, the cut marked with `…`.
pub fn cut(line: &str, max: usize) -> String {
    match line.char_indices().nth(max.saturating_sub(1)) {
        Some((end, _)) if line.chars().count() > max => format!("{}…", &line[..end]),
        _ => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loom_causality_violation_is_explained() {
        let output = "running 1 test\nthread 'x' panicked at loom/src/rt/location.rs:115:9:\n\
                      Causality violation: Concurrent write accesses to `UnsafeCell`.\n\
                      note: run with `RUST_BACKTRACE=1`\n";
        let message = failure(output);
        assert!(message.contains("Causality violation"), "{message}");
        assert!(message.contains("Release"), "{message}");
        assert!(!message.contains("RUST_BACKTRACE"), "{message}");
    }

    #[test]
    fn a_loom_deadlock_names_where_each_thread_is_blocked() {
        let output = "thread 'main' panicked at loom/src/rt/execution.rs:1:1:\ndeadlock; threads = [(Id(0), \
                      Blocked(Location(Some(Location { file: \"src/lib.rs\", line: 93, column: 10 })))), (Id(1), \
                      Terminated)]\n";
        let message = failure(output);
        assert!(
            message.contains("thread 0 is blocked at src/lib.rs:93:10"),
            "{message}"
        );
        assert!(message.contains("thread 1 is not blocked"), "{message}");
        assert!(message.contains("why:"), "{message}");
    }

    const BRANCH_LIMIT: &str = "thread 'x' panicked at loom-0.7.3/src/rt/path.rs:247:13:\n\
        Model exceeded maximum number of branches. This is often caused by an algorithm \
        requiring the processor to make progress, e.g. spin locks.\n";

    #[test]
    fn a_branch_limit_alone_is_inconclusive_and_asks_for_no_rewrite() {
        match model_limit(BRANCH_LIMIT) {
            Some(ModelLimit::Inconclusive(message)) => {
                assert!(message.contains("not a proof"), "{message}");
                assert!(!message.contains("compare_exchange"), "{message}");
            }
            other => panic!("expected inconclusive, got {other:?}"),
        }
    }

    #[test]
    fn a_branch_limit_after_a_loop_without_a_spin_hint_is_a_failure_naming_the_line() {
        let output = format!(
            "threadlings-spin-without-hint: src/lib.rs:29 made 200 atomic operations in a row \
             without a spin hint\n{BRANCH_LIMIT}"
        );
        match model_limit(&output) {
            Some(ModelLimit::Failure(message)) => {
                assert!(message.starts_with("src/lib.rs:29 loops"), "{message}");
                assert!(message.contains("shim::hint::spin_loop()"), "{message}");
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn a_branch_limit_after_spinning_for_ever_is_a_failure_naming_the_line() {
        let output = format!(
            "threadlings-spinning-forever: src/lib.rs:31 spun 100 times in one execution\n\
             {BRANCH_LIMIT}"
        );
        match model_limit(&output) {
            Some(ModelLimit::Failure(message)) => {
                assert!(message.contains("spinning at src/lib.rs:31"), "{message}")
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn a_marker_without_a_branch_limit_is_not_a_model_limit() {
        // A long loop that loom still finished is fine: the marker alone judges nothing.
        let output = "threadlings-spin-without-hint: src/lib.rs:29 made 200 atomic operations\n\
                      assertion failed: stack.pop().is_some()\n";
        assert_eq!(model_limit(output), None);
    }

    #[test]
    fn too_many_threads_for_loom_is_inconclusive() {
        let output = "panicked at loom-0.7.3/src/rt/thread.rs:215:9:\n\
                      assertion failed: self.threads.len() < self.max()\n";
        assert!(matches!(
            model_limit(output),
            Some(ModelLimit::Inconclusive(_))
        ));
    }

    #[test]
    fn an_allocation_failure_is_reported_as_out_of_memory() {
        let limits = Limits {
            wall: std::time::Duration::from_secs(1),
            memory_bytes: Some(256 << 20),
            cpu_secs: None,
            extra_tasks: None,
        };
        let message = crash(6, "memory allocation of 1048576 bytes failed\n", limits);
        assert!(
            message.contains("out of memory") && message.contains("256 MiB"),
            "{message}"
        );
    }
}
