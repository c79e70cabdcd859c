//! Under loom, when the checker asks for it: the story of the execution that failed.
//!
//! Loom says *that* an execution failed and, with `LOOM_LOCATION`, where the racing accesses
//! were; it does not say what each thread did before. When `THREADLINGS_TRACE` names a file,
//! every operation on the shim's atomics and cells is recorded (thread, operation, ordering,
//! the caller's line through `#[track_caller]`, the value read or written) into the trace of
//! the current execution, which [`start_execution`] empties. The first panic (the failure
//! loom found, or the test's assertion) writes that trace to the file, so what the file holds
//! is exactly the failing execution, up to where it failed. The checker re-runs only a failing
//! test this way and draws the trace as a timeline. Unset, recording is one check of a
//! `OnceLock` per operation: normal runs pay nothing that matters.
//!
//! One line per step, fields separated by tabs (the checker's `runner/trace.rs` reads them):
//! `step <thread> <operation> <object> <ordering> <file>:<line> <value>` (a thread's `spawn`
//! too, its value `thread N`), then
//! `panic <file>:<line> <first line of the message>`, and for loom's deadlock, when the
//! tracked locks (`crate::tracked`) close a cycle of waits, one `cycle <wait>` line per wait;
//! for a litmus test, the outcomes seen so far (`crate::outcomes`: `outcomes` and `outcome`).

use std::fmt::Write as _;
use std::panic::Location;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, OnceLock};

/// The variable that names the file the failing execution's trace is written to.
pub const TRACE_VAR: &str = "THREADLINGS_TRACE";

struct Trace {
    file: PathBuf,
    steps: Mutex<Vec<String>>,
    written: AtomicBool,
}

fn trace() -> Option<&'static Trace> {
    static TRACE: OnceLock<Option<Trace>> = OnceLock::new();
    TRACE
        .get_or_init(|| {
            std::env::var_os(TRACE_VAR).map(|file| Trace {
                file: PathBuf::from(file),
                steps: Mutex::new(Vec::new()),
                written: AtomicBool::new(false),
            })
        })
        .as_ref()
}

/// Whether this run records (so callers skip formatting values when it does not).
pub(crate) fn enabled() -> bool {
    trace().is_some()
}

/// Starts the trace of a new execution (called by `shim::model` before each one).
pub(crate) fn start_execution() {
    let Some(trace) = trace() else { return };
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave_behind(info);
            previous(info);
        }));
    });
    lock(&trace.steps).clear();
    crate::outcomes::record::start_execution();
}

/// Records one step of the current loom thread: `operation` on the object at `object` (an
/// address, to tell objects apart), with `ordering` (empty for a cell access).
pub(crate) fn record(
    operation: &str,
    object: usize,
    ordering: &str,
    value: &str,
    location: &'static Location<'static>,
) {
    let Some(trace) = trace() else { return };
    // Loom's `ThreadId` prints as `ThreadId(N)`, N as in loom's own reports ("thread #N").
    let thread = format!("{:?}", loom::thread::current().id());
    let thread = thread.trim_start_matches("ThreadId(").trim_end_matches(')');
    let mut line = String::new();
    let _ = write!(
        line,
        "step\t{thread}\t{operation}\t{object:x}\t{ordering}\t{}:{}\t{}",
        location.file(),
        location.line(),
        value.replace(['\t', '\n'], " ")
    );
    lock(&trace.steps).push(line);
}

/// Records that the current loom thread spawned `child` (a `spawn` step, its value
/// `thread N`), so the story says where each thread came from.
pub(crate) fn record_spawn(child: loom::thread::ThreadId, location: &'static Location<'static>) {
    if !enabled() {
        return;
    }
    let child = format!("{child:?}");
    let child = child.trim_start_matches("ThreadId(").trim_end_matches(')');
    record("spawn", 0, "", &format!("thread {child}"), location);
}

/// Writes the trace of the execution that is failing, once: later panics (loom leaving its
/// model, a `Drop` while unwinding) belong to no execution worth telling.
fn leave_behind(info: &std::panic::PanicHookInfo<'_>) {
    let Some(trace) = trace() else { return };
    // A failure panics with a message. Loom's coroutines (the `generator` crate) are ended by
    // unwinding them with a payload of another type, in passing executions too: not a failure.
    let message = info
        .payload()
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| info.payload().downcast_ref::<&str>().copied());
    let Some(message) = message else { return };
    if trace.written.swap(true, Ordering::Relaxed) {
        return;
    }
    let first_line = message
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("");
    let place = info
        .location()
        .map_or(String::new(), |at| format!("{}:{}", at.file(), at.line()));
    // `try_lock`: a panic while a step was being recorded must not wait for itself.
    let Ok(steps) = trace.steps.try_lock() else {
        return;
    };
    let mut text = steps.join("\n");
    let _ = write!(text, "\npanic\t{place}\t{first_line}\n");
    text.push_str(&crate::outcomes::record::describe());
    // Loom's deadlock ("deadlock; threads = ..."): who holds and who waits, if tracked locks know.
    if first_line.starts_with("deadlock") {
        let waits = crate::tracked::describe_cycle(&crate::tracked::snapshot());
        for wait in waits.unwrap_or_default() {
            let _ = writeln!(text, "cycle\t{wait}");
        }
    }
    let _ = std::fs::write(&trace.file, text);
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
