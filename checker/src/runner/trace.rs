//! The failing execution of a loom test, told step by step.
//!
//! When a loom test fails, the runner runs that one test again with `THREADLINGS_TRACE`
//! naming a file: the shim then records every operation on its atomics and cells, and the
//! first panic writes the steps of the failing execution there (`shim/src/trace.rs`). Loom
//! explores executions in the same order every time, so the re-run fails in the same
//! execution. This module reads that file, keeps the steps in the learner's files, names what
//! each touched as the learner's line names it, and says in one sentence what went wrong. A
//! litmus test's outcomes (`outcomes.rs`) come with it. Only a failing test is re-run: a
//! passing check pays nothing.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::sandbox::{Cancel, Isolation, Limits};
use crate::story::{Deadlock, Expect, Failure, Step, Story, Timeline};

use super::libtest;

/// The shim's variable (`shim::TRACE_VAR`).
const TRACE_VAR: &str = "THREADLINGS_TRACE";

/// How the failing test runs again: as it ran in its stage.
pub struct Rerun<'a> {
    pub executable: &'a Path,
    pub test: &'a str,
    pub crate_dir: &'a Path,
    pub env: &'a [(OsString, OsString)],
    pub limits: Limits,
    pub isolation: &'a Isolation,
}

/// Runs the failing test again with tracing and returns the story of its failing execution;
/// `None` when the re-run left no trace (it passed, or failed outside a model).
pub fn story(
    rerun: &Rerun<'_>,
    learner_files: &[PathBuf],
    message: &str,
    cancel: &Cancel,
) -> Option<Story> {
    let dir = tempfile::Builder::new()
        .prefix("threadlings-trace-")
        .tempdir()
        .ok()?;
    let file = dir.path().join("trace.tsv");
    let mut env = rerun.env.to_vec();
    env.push((TRACE_VAR.into(), file.clone().into()));
    libtest::run(
        rerun.executable,
        rerun.test,
        rerun.crate_dir,
        &env,
        rerun.limits,
        rerun.isolation,
        cancel,
    );
    let trace = std::fs::read_to_string(&file).ok()?;
    if let Some(deadlock) = deadlock(&trace) {
        return Some(Story::Deadlock(deadlock));
    }
    let sources = Sources::read(rerun.crate_dir, learner_files);
    timeline(&trace, &sources, message).map(Story::Timeline)
}

/// The cycle of waits the tracked locks saw when loom found a deadlock, if they saw one.
pub fn deadlock(trace: &str) -> Option<Deadlock> {
    let waits: Vec<String> = trace
        .lines()
        .filter_map(|line| line.strip_prefix("cycle\t"))
        .map(str::to_string)
        .collect();
    if waits.is_empty() {
        return None;
    }
    let summary = match waits.len() {
        1 => "a thread waits for a lock it holds itself, so it can never go on.".to_string(),
        count => format!(
            "{count} threads each hold a lock the next one waits for, round in a cycle, so none \
             of them can go on: take the locks in one global order wherever they are \
             taken together."
        ),
    };
    Some(Deadlock { waits, summary })
}

/// The learner's files, as the trace names them (paths end with them) and line by line.
pub struct Sources {
    files: Vec<(String, Vec<String>)>,
}

impl Sources {
    pub fn read(crate_dir: &Path, learner_files: &[PathBuf]) -> Sources {
        let files = learner_files
            .iter()
            .map(|file| {
                let text = std::fs::read_to_string(crate_dir.join(file)).unwrap_or_default();
                let name = file.to_string_lossy().replace('\\', "/");
                (name, text.lines().map(str::to_string).collect())
            })
            .collect();
        Sources { files }
    }

    #[cfg(test)]
    pub fn from_text(name: &str, text: &str) -> Sources {
        Sources {
            files: vec![(name.into(), text.lines().map(str::to_string).collect())],
        }
    }

    /// The learner's file a path from the trace is (`…/src/lib.rs` is `src/lib.rs`).
    fn learner_file(&self, path: &str) -> Option<&(String, Vec<String>)> {
        self.files
            .iter()
            .find(|(name, _)| path == name || path.ends_with(&format!("/{name}")))
    }

    /// The name the line gives the object an operation was called on: in
    /// `if self.ready.load(Ordering::Relaxed)`, the `load` is on `ready`.
    /// A call that begins its line (rustfmt's chains: `self` / `.ready` / `.load(..)`) has its
    /// receiver at the end of the line above.
    fn object_name(&self, path: &str, line: usize, operation: &str) -> Option<String> {
        let (_, lines) = self.learner_file(path)?;
        let index = line.checked_sub(1)?;
        let text = lines.get(index)?;
        let method = match operation {
            "read" => ".with(".to_string(),
            "write" => ".with_mut(".to_string(),
            // `compare_exchange_weak` is recorded as the `compare_exchange` it forwards to, and
            // `wait_while` and `wait_timeout` as `wait`.
            "compare_exchange" => ".compare_exchange".to_string(),
            "wait" => ".wait".to_string(),
            _ => format!(".{operation}("),
        };
        if text.trim_start().starts_with(&method) {
            let above = lines[..index]
                .iter()
                .rev()
                .map(|line| line.trim())
                .find(|line| !line.is_empty() && !line.starts_with("//"))?;
            return trailing_identifier(above);
        }
        receiver(text, &method)
    }
}

/// The identifier `text` ends with, other than `self`.
fn trailing_identifier(text: &str) -> Option<String> {
    let name: String = text
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let starts_well = name.chars().next().is_some_and(|c| !c.is_ascii_digit());
    (starts_well && name != "self").then_some(name)
}

/// The identifier just before `.method` in `text`.
fn receiver(text: &str, method: &str) -> Option<String> {
    let at = text.find(method)?;
    trailing_identifier(&text[..at])
}

/// One step of the trace as the shim wrote it.
struct RawStep {
    thread: usize,
    operation: String,
    object: String,
    ordering: String,
    path: String,
    line: usize,
    value: String,
}

fn parse_step(line: &str) -> Option<RawStep> {
    let mut fields = line.split('\t');
    (fields.next()? == "step").then_some(())?;
    let thread = fields.next()?.parse().ok()?;
    let operation = fields.next()?.to_string();
    let object = fields.next()?.to_string();
    let ordering = fields.next()?.to_string();
    let (path, line) = fields.next()?.rsplit_once(':')?;
    let value = fields.next().unwrap_or("").to_string();
    Some(RawStep {
        thread,
        operation,
        object,
        ordering,
        path: path.to_string(),
        line: line.parse().ok()?,
        value,
    })
}

fn parse_failure(line: &str) -> Option<Failure> {
    let mut fields = line.splitn(3, '\t');
    (fields.next()? == "panic").then_some(())?;
    let location = short_place(fields.next()?);
    Some(Failure {
        location,
        message: fields.next().unwrap_or("").to_string(),
    })
}

/// `exercises/04_atomics/x/tests/loom.rs:31` as `tests/loom.rs:31`, the crate's own view.
fn short_place(place: &str) -> String {
    // A panic inside a dependency (loom's own check): its place means nothing to a learner.
    if place.contains("/registry/") || place.contains("/loom-") {
        return "loom".into();
    }
    for marker in ["/tests/", "/src/"] {
        if let Some(at) = place.rfind(marker) {
            return place[at + 1..].to_string();
        }
    }
    place.to_string()
}

/// The file's name and the line, as a column of the timeline shows them: `lib.rs:48`.
fn location(path: &str, line: usize) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    format!("{name}:{line}")
}

/// One of the accesses loom names in a causality violation.
#[derive(Debug, PartialEq)]
struct Access {
    kind: String,
    thread: usize,
    path: String,
    line: usize,
}

/// The racing accesses of loom's causality violation:
/// `      read: thread #1 @ exercises/…/src/lib.rs:59:23`.
fn racing_accesses(message: &str) -> Vec<Access> {
    message
        .lines()
        .filter_map(|line| {
            let (kind, rest) = line.trim().split_once(": thread #")?;
            let (thread, place) = rest.split_once(" @ ")?;
            let mut parts = place.rsplitn(3, ':');
            let _column = parts.next()?;
            let line = parts.next()?.parse().ok()?;
            Some(Access {
                kind: kind.to_string(),
                thread: thread.parse().ok()?,
                path: parts.next()?.to_string(),
                line,
            })
        })
        .collect()
}

/// Tells apart objects that the code names alike (each word of `words.map(|word| ..)`, the
/// `list` parameter given one list and then another): `word#1`, `word#2`, in address order
/// (an array's elements in index order; a struct's fields in whatever order Rust laid them out).
fn number_namesakes(names: &mut HashMap<&str, String>) {
    let mut by_name: HashMap<String, Vec<&str>> = HashMap::new();
    for (&address, name) in names.iter() {
        by_name.entry(name.clone()).or_default().push(address);
    }
    for (name, mut addresses) in by_name {
        if addresses.len() < 2 {
            continue;
        }
        addresses.sort_by_key(|address| u64::from_str_radix(address, 16).unwrap_or(u64::MAX));
        for (number, address) in addresses.into_iter().enumerate() {
            names.insert(address, format!("{name}#{}", number + 1));
        }
    }
}

/// The timeline of a trace, or `None` if it has no step in the learner's files.
pub fn timeline(trace: &str, sources: &Sources, message: &str) -> Option<Timeline> {
    let raw: Vec<RawStep> = trace.lines().filter_map(parse_step).collect();
    let failure = trace.lines().find_map(parse_failure);
    let races = racing_accesses(message);
    // Objects by address, named from the first line in the learner's code that names them.
    let mut names: HashMap<&str, String> = HashMap::new();
    for step in &raw {
        if let Some(name) = sources.object_name(&step.path, step.line, &step.operation) {
            names.entry(&step.object).or_insert(name);
        }
    }
    number_namesakes(&mut names);
    let mut steps = Vec::new();
    let mut objects = Vec::new();
    for step in &raw {
        // Spawns are kept wherever they are (the tests spawn most threads): they say where
        // each column of the timeline came from.
        let spawn = step.operation == "spawn";
        if sources.learner_file(&step.path).is_none() && !spawn {
            continue;
        }
        let unnamed = match step.operation.as_str() {
            "read" | "write" => "a cell",
            "lock" | "try_lock" | "unlock" => "a lock",
            "wait" | "woken" | "notify_one" | "notify_all" => "a condvar",
            _ => "an atomic",
        };
        let object = match step.operation.as_str() {
            "fence" | "spawn" => String::new(),
            _ => names
                .get(step.object.as_str())
                .cloned()
                .unwrap_or_else(|| unnamed.into()),
        };
        objects.push(step.object.clone());
        steps.push(Step {
            thread: step.thread,
            operation: step.operation.clone(),
            object,
            ordering: (!step.ordering.is_empty()).then(|| step.ordering.clone()),
            location: match spawn {
                true => short_place(&format!("{}:{}", step.path, step.line)),
                false => location(&step.path, step.line),
            },
            value: (!step.value.is_empty()).then(|| step.value.clone()),
            racing: false,
        });
    }
    if steps.iter().all(|step| step.operation == "spawn") {
        return None;
    }
    // The last step that matches each racing access is the one loom stopped at.
    for access in &races {
        let wanted = location(&access.path, access.line);
        if let Some(step) = steps.iter_mut().rev().find(|step| {
            step.thread == access.thread
                && step.location == wanted
                && matches!(step.operation.as_str(), "read" | "write")
        }) {
            step.racing = true;
        }
    }
    let mut threads: Vec<usize> = steps.iter().map(|step| step.thread).collect();
    threads.sort_unstable();
    threads.dedup();
    let outcomes = super::outcomes::tables(trace);
    let forbidden = (outcomes.iter())
        .flat_map(|table| table.seen_forbidden())
        .find(|row| row.in_failing && row.expect == Expect::Forbidden);
    let summary = super::trace_summary::summary(&steps, &objects, failure.as_ref(), forbidden);
    Some(Timeline {
        threads,
        other_steps: raw.len() - steps.len(),
        steps,
        failure,
        summary,
        outcomes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The learner's file of the Relaxed message-passing fixture (`relaxed_load`), cut down to
    /// the lines the trace names.
    const LIB: &str = "\
// 1
        if self.claimed.swap(true, Ordering::Relaxed) {
        self.value.with_mut(|cell| unsafe { *cell = value });
        self.ready.store(true, Ordering::Release);
        if self.ready.load(Ordering::Relaxed) {
            Some(self.value.with(|cell| unsafe { *cell }))
";

    /// What the shim wrote for that fixture's failing execution (lines renumbered to `LIB`).
    const TRACE: &str = "\
step\t0\tload\t7f10\tRelaxed\texercises/04_atomics/message_passing/src/lib.rs:5\tfalse
step\t1\tswap\t7f11\tRelaxed\texercises/04_atomics/message_passing/src/lib.rs:2\tfalse -> true
step\t1\twrite\t7f00\t\texercises/04_atomics/message_passing/src/lib.rs:3\t
step\t1\tstore\t7f10\tRelease\texercises/04_atomics/message_passing/src/lib.rs:4\ttrue
step\t0\tload\t7f10\tRelaxed\texercises/04_atomics/message_passing/src/lib.rs:5\ttrue
step\t0\tread\t7f00\t\texercises/04_atomics/message_passing/src/lib.rs:6\t
panic\t/root/.cargo/registry/src/x/loom-0.7.3/src/rt/location.rs:115\tCausality violation: Concurrent read and write accesses.
";

    const LOOM_MESSAGE: &str = "loom reported:
Causality violation: Concurrent read and write accesses.
    created: exercises/04_atomics/message_passing/src/lib.rs:1:20
       read: thread #0 @ exercises/04_atomics/message_passing/src/lib.rs:6:29
      write: thread #1 @ exercises/04_atomics/message_passing/src/lib.rs:3:20
";

    pub(crate) fn relaxed_message_passing() -> Timeline {
        let sources = Sources::from_text("src/lib.rs", LIB);
        timeline(TRACE, &sources, LOOM_MESSAGE).expect("steps in the learner's file")
    }

    #[test]
    fn the_racing_lines_are_marked_and_the_sentence_names_the_relaxed_read() {
        let timeline = relaxed_message_passing();
        assert_eq!(timeline.threads, [0, 1]);
        let racing: Vec<(usize, &str, &str)> = timeline
            .steps
            .iter()
            .filter(|step| step.racing)
            .map(|step| (step.thread, step.operation.as_str(), step.location.as_str()))
            .collect();
        assert_eq!(racing, [(1, "write", "lib.rs:3"), (0, "read", "lib.rs:6")]);
        let names: Vec<&str> = timeline.steps.iter().map(|s| s.object.as_str()).collect();
        assert_eq!(
            names,
            ["ready", "claimed", "value", "ready", "ready", "value"]
        );
        assert_eq!(
            timeline.summary,
            "thread 0 read `ready == true` with Relaxed at lib.rs:5, so its read of `value` at \
             lib.rs:6 is not ordered after thread 1's write at lib.rs:3."
        );
        let failure = timeline.failure.expect("the panic");
        assert_eq!(failure.location, "loom");
    }

    #[test]
    fn a_relaxed_publishing_store_is_named_when_the_reader_acquires() {
        let trace = TRACE
            .replace(
                "Relaxed\texercises/04_atomics/message_passing/src/lib.rs:5",
                "Acquire\tx/src/lib.rs:5",
            )
            .replace("Release\t", "Relaxed\t");
        let sources = Sources::from_text("src/lib.rs", LIB);
        let timeline = timeline(&trace, &sources, LOOM_MESSAGE).unwrap();
        assert!(
            timeline.summary.starts_with(
                "thread 1 set `ready = true` with Relaxed at lib.rs:4, which publishes nothing"
            ),
            "{}",
            timeline.summary
        );
    }

    #[test]
    fn a_stale_read_without_a_race_is_told_with_the_relaxed_flag() {
        let trace = "\
step\t1\tstore\t10\tRelaxed\tx/src/lib.rs:3\t42
step\t1\tstore\t20\tRelaxed\tx/src/lib.rs:4\ttrue
step\t0\tload\t20\tRelaxed\tx/src/lib.rs:5\ttrue
step\t0\tload\t10\tRelaxed\tx/src/lib.rs:6\t0
panic\tx/tests/loom.rs:31\tassertion `left == right` failed
";
        let lib = "//\n//\nself.value.store(value, Relaxed);\nself.ready.store(true, Relaxed);\n\
                   if self.ready.load(Relaxed) {\nSome(self.value.load(Relaxed))\n";
        let sources = Sources::from_text("src/lib.rs", lib);
        let timeline = timeline(trace, &sources, "assertion failed").unwrap();
        assert_eq!(
            timeline.summary,
            "thread 0 read `value == 0` at lib.rs:6 though thread 1 had already set `value = 42` \
             at lib.rs:3 (in the order loom ran them): nothing ordered that read after the \
             write, because it read `ready == true` with Relaxed at lib.rs:5; the test's check \
             at tests/loom.rs:31 then failed."
        );
    }

    #[test]
    fn a_spawn_in_the_tests_is_kept_and_says_which_thread_it_made() {
        let trace = format!(
            "step\t0\tspawn\t0\t\texercises/04_atomics/message_passing/tests/loom.rs:44\t\
             thread 1\n{TRACE}"
        );
        let sources = Sources::from_text("src/lib.rs", LIB);
        let told = timeline(&trace, &sources, LOOM_MESSAGE).unwrap();
        assert_eq!(told.other_steps, 0);
        let spawn = &told.steps[0];
        assert_eq!(
            (
                spawn.thread,
                spawn.location.as_str(),
                spawn.value.as_deref()
            ),
            (0, "tests/loom.rs:44", Some("thread 1"))
        );
        // A trace with nothing in the learner's files but spawns tells nothing.
        let spawns_only = "step\t0\tspawn\t0\t\tx/tests/loom.rs:9\tthread 1\n";
        assert_eq!(timeline(spawns_only, &sources, ""), None);
    }

    #[test]
    fn objects_named_alike_are_numbered_in_address_order() {
        let trace = "step\t0\tload\tb8\tRelaxed\tx/src/lib.rs:2\t1\n\
                     step\t0\tload\tb0\tRelaxed\tx/src/lib.rs:2\t0\n\
                     step\t0\tload\tc0\tAcquire\tx/src/lib.rs:3\t0\n";
        let lib = "//\nwords.map(|word| word.load(Relaxed))\nself.seq.load(Acquire)\n";
        let sources = Sources::from_text("src/lib.rs", lib);
        let told = timeline(trace, &sources, "").unwrap();
        let names: Vec<&str> = told.steps.iter().map(|s| s.object.as_str()).collect();
        assert_eq!(names, ["word#2", "word#1", "seq"]);
    }

    #[test]
    fn a_call_that_begins_its_line_is_named_from_the_line_above() {
        let lib = "//\nif self\n    .ready\n    // the flag\n    .load(Ordering::Acquire)\n\
                   self.claimed\n.swap(true, Relaxed)\nfoo()\n    .store(1, Relaxed)\n";
        let sources = Sources::from_text("src/lib.rs", lib);
        let name = |line, operation| sources.object_name("x/src/lib.rs", line, operation);
        assert_eq!(name(5, "load"), Some("ready".into()));
        assert_eq!(name(7, "swap"), Some("claimed".into()));
        // What ends the line above is a call, not a name: nothing to tell.
        assert_eq!(name(9, "store"), None);
        assert_eq!(name(3, "load"), None);
    }

    #[test]
    fn steps_outside_the_learners_files_are_left_out_and_counted() {
        let trace = format!("step\t0\tload\t1\tSeqCst\tx/tests/loom.rs:9\t1\n{TRACE}");
        let sources = Sources::from_text("src/lib.rs", LIB);
        let told = timeline(&trace, &sources, LOOM_MESSAGE).unwrap();
        assert_eq!(told.other_steps, 1);
        assert_eq!(told.steps.len(), 6);
        assert_eq!(timeline("panic\tx:1\tboom\n", &sources, ""), None);
    }

    /// A failed loom test with its story, as the compact verdict and as `explain` show it,
    /// both checked to fit 100 columns.
    fn told(exercise: &str, test: &str, message: &str, story: Story) -> String {
        colored::control::set_override(false);
        let report = crate::verdict::CheckReport {
            exercise: exercise.into(),
            verdict: crate::verdict::Verdict::Failed {
                stage: crate::manifest::Stage::Loom,
                test: test.into(),
                message: message.trim_end().into(),
            },
            story: Some(Box::new(story)),
            stages: Vec::new(),
            build_duration: std::time::Duration::ZERO,
            total_duration: std::time::Duration::ZERO,
        };
        let compact = crate::report::verdict_text_within(&report, 96);
        let full = crate::report::explanation_text_within(&report, 96);
        for text in [&compact, &full] {
            assert!(
                text.lines().all(|line| line.chars().count() <= 100),
                "{text}"
            );
        }
        format!("{compact}\n\n=== explain ===\n\n{full}")
    }

    /// What a learner reads for the Relaxed message-passing fixture: where a check ends (the
    /// sentence) and from `explain` (the timeline).
    #[test]
    fn the_relaxed_message_passing_story_reads_well() {
        let story = Story::Timeline(relaxed_message_passing());
        insta::assert_snapshot!(told(
            "atomics/message_passing",
            "a_reader_that_sees_the_message_sees_exactly_the_message",
            LOOM_MESSAGE,
            story
        ));
    }

    /// A trace the shim wrote for a wrong-answer fixture (`testdata/README.md`), told.
    fn fixture(name: &str) -> (Timeline, String) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/runner/testdata")
            .join(name);
        let read = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        let sources = Sources::from_text("src/lib.rs", &read("lib.rs.txt"));
        let message = read("message.txt");
        let told = timeline(&read("trace.tsv"), &sources, &message).expect("a timeline");
        (told, message)
    }

    #[test]
    fn the_relaxed_spinlock_fixture_names_the_relaxed_acquire_and_the_racing_lines() {
        let (timeline, message) = fixture("spinlock_relaxed");
        assert!(
            timeline.summary.starts_with(
                "thread 1 did `locked.compare_exchange` (false -> true) with Relaxed at lib.rs:32"
            ),
            "{}",
            timeline.summary
        );
        insta::assert_snapshot!(told(
            "locks/spinlock",
            "the_next_holder_sees_what_the_last_one_wrote",
            &message,
            Story::Timeline(timeline)
        ));
    }

    #[test]
    fn the_untagged_treiber_fixture_is_told_as_aba() {
        let (timeline, _) = fixture("treiber_untagged");
        assert!(timeline.summary.contains("(ABA)"), "{}", timeline.summary);
        insta::assert_snapshot!(told(
            "hazards/treiber_stack",
            "a_pop_racing_with_pop_then_push_loses_nothing",
            "one thread popped while another popped and pushed: the value \"b\" was lost",
            Story::Timeline(timeline)
        ));
    }

    /// A litmus fixture's story: its one outcome table must show exactly `forbidden` as the
    /// forbidden outcomes seen; told as a learner reads it.
    fn litmus_story(name: &str, exercise: &str, test: &str, forbidden: &[&str]) -> String {
        let (timeline, message) = fixture(name);
        let [table] = &timeline.outcomes[..] else {
            panic!("one litmus table: {:?}", timeline.outcomes)
        };
        let seen: Vec<&str> = (table.seen_forbidden())
            .map(|row| row.outcome.as_str())
            .collect();
        assert_eq!(seen, forbidden);
        told(exercise, test, &message, Story::Timeline(timeline))
    }

    /// The Relaxed message passing with an atomic message (`atomic_value_relaxed`): no race
    /// for loom to name, a stale read instead, and the litmus table shows the forbidden `0`.
    #[test]
    fn the_relaxed_atomic_message_shows_the_forbidden_outcome_it_saw() {
        let told = litmus_story(
            "message_passing_atomic_relaxed",
            "atomics/message_passing",
            "a_reader_that_sees_the_message_sees_exactly_the_message",
            &["0"],
        );
        assert!(told.contains("`value == 0` at lib.rs:36"), "{told}");
        insta::assert_snapshot!(told);
    }

    /// The sequence lock whose reader never looks at `seq` again (`no_recheck`): a torn pair.
    #[test]
    fn the_seqlock_without_a_recheck_shows_the_torn_pair_it_returned() {
        insta::assert_snapshot!(litmus_story(
            "seqlock_no_recheck",
            "atomics/seqlock",
            "a_read_racing_a_write_returns_the_old_pair_the_new_pair_or_none",
            &["Some([0, 1])"],
        ));
    }

    /// The ticket counter that reads under the lock and writes under it again (`cas_once`):
    /// the locks and unlocks of the shim's mutex, and the duplicate ticket as its outcome.
    #[test]
    fn the_lost_update_between_two_locks_shows_the_locks_and_the_duplicate_ticket() {
        let told = litmus_story(
            "lost_update_cas_once",
            "hazards/lost_update",
            "two_threads_never_get_the_same_ticket",
            &["[7, 7]"],
        );
        assert!(told.contains("lib.rs:48 next.lock()"), "{told}");
        assert!(
            told.contains("lib.rs:48 next unlocked (guard dropped)"),
            "{told}"
        );
        insta::assert_snapshot!(told);
    }

    /// The high-water mark that loads, compares and stores in separate steps
    /// (`load_then_store_max`): the interesting outcome seen, then the forbidden one.
    #[test]
    fn the_split_max_update_shows_the_lost_seven_beside_the_interesting_overlap() {
        let told = litmus_story(
            "cas_patterns_load_then_store",
            "atomics/cas_patterns",
            "two_records_at_once_keep_the_larger",
            &["(1, 1, 5)"],
        );
        assert!(told.contains("interesting"), "{told}");
        insta::assert_snapshot!(told);
    }

    /// What the shim wrote when loom found the bank's argument-order deadlock (the
    /// `argument_order` fixture): no step in the learner's file, the tracked locks' cycle.
    const BANK_DEADLOCK: &str = "\
step\t0\tfetch_or\t55d0\tRelaxed\texercises/shim/src/tracked/mod.rs:93\tfalse -> false
panic\t/root/.cargo/registry/src/x/loom-0.7.3/src/rt/execution.rs:215\tdeadlock; threads = [..]
cycle\tthread 0 holds lock 2 and waits for lock 1, held by thread 1
cycle\tthread 1 holds lock 1 and waits for lock 2, held by thread 0
";

    #[test]
    fn a_deadlock_is_told_as_its_cycle_of_waits() {
        let cycle = deadlock(BANK_DEADLOCK).expect("a cycle");
        assert_eq!(cycle.waits.len(), 2);
        assert_eq!(deadlock(TRACE), None);
        insta::assert_snapshot!(told(
            "hazards/bank",
            "transfers_in_opposite_directions_never_deadlock",
            "loom found a deadlock:\n  thread 0 is blocked at exercises/shim/src/tracked/mod.rs:94:33\n  \
             thread 1 is blocked at exercises/shim/src/tracked/mod.rs:94:33",
            Story::Deadlock(cycle)
        ));
    }
}
