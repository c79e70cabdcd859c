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
        "Model exceeded maximum number of branches",
        "loom explored a thread that spins without end. Call shim::hint::spin_loop() inside \
         every spin loop, and retry with compare_exchange rather than swap inside a \
         test-and-test-and-set loop.",
    ),
    (
        "deadlock; threads",
        "in some interleaving every thread waits for something another thread holds. Look for \
         locks taken in different orders in different places, or a wait that nobody will wake.",
    ),
    (
        "Deadlock",
        "shuttle found a schedule in which every thread is blocked waiting for another.",
    ),
];

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

/// The message of a test killed by a signal.
pub fn crash(signal: i32, output: &str, limits: Limits) -> String {
    if output.contains("memory allocation of") {
        let limit = limits
            .memory_bytes
            .map_or(String::new(), |bytes| format!(" of {} MiB", bytes >> 20));
        return format!("ran out of memory: the test used more than its limit{limit}.");
    }
    if output.contains("deadlock; threads") || output.contains("Causality violation") {
        return failure(output);
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

/// Wraps prose to `width` columns, for terminals.
fn wrap(text: &str, width: usize) -> String {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}

/// The last `count` non-empty lines, indented, as "what the program said last".
pub fn last_lines(output: &str, count: usize) -> String {
    let lines: Vec<&str> = output
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let tail = &lines[lines.len().saturating_sub(count)..];
    format!("\nlast output:\n  {}", tail.join("\n  "))
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
