//! The one sentence that says what went wrong in a loom timeline (`trace.rs`).
//!
//! It reads the steps as a teacher would: for a race, the ordering the racing thread relied on
//! (a Relaxed read of the flag, a Relaxed store that publishes nothing, a flag raised before the
//! data was written); for a failed check without a race, the load that read a value older than
//! one another thread had already written.

use crate::story::{Failure, OutcomeRow, Step};

/// What an ordering gives: Relaxed orders nothing but the atomic itself.
fn relaxed(step: &Step) -> bool {
    step.ordering.as_deref() == Some("Relaxed")
}

fn is_atomic(step: &Step) -> bool {
    step.ordering.is_some() && step.operation != "fence"
}

/// Whether the step writes its atomic (a failed compare-exchange does not).
fn writes(step: &Step) -> bool {
    is_atomic(step)
        && step.operation != "load"
        && !step.value.as_deref().unwrap_or("").starts_with("failed")
        && step.value.as_deref() != Some("gave up")
}

/// The value an atomic write left: `true` for a store, `1` for `0 -> 1`.
fn written(step: &Step) -> Option<&str> {
    let value = step.value.as_deref()?;
    Some(value.rsplit_once(" -> ").map_or(value, |(_, new)| new))
}

/// What a step did, in words: ``read `ready == true` ``.
fn describe(step: &Step) -> String {
    let value = step.value.as_deref().unwrap_or("?");
    match step.operation.as_str() {
        "load" => format!("read `{} == {value}`", step.object),
        "store" => format!("set `{} = {value}`", step.object),
        "read" => format!("read `{}`", step.object),
        "write" => format!("wrote `{}`", step.object),
        operation => format!("did `{}.{operation}` ({value})", step.object),
    }
}

/// "read" or "write", as a noun for a cell access.
fn access(step: &Step) -> &'static str {
    if step.operation == "write" {
        "write"
    } else {
        "read"
    }
}

/// The sentence for `steps`; `objects` tells, step by step, which object each touched, and
/// `forbidden` is the forbidden litmus outcome the failing execution produced, if it did.
pub fn summary(
    steps: &[Step],
    objects: &[String],
    failure: Option<&Failure>,
    forbidden: Option<&OutcomeRow>,
) -> String {
    let racing: Vec<usize> = (0..steps.len()).filter(|&i| steps[i].racing).collect();
    if let [first, .., last] = racing[..] {
        return race(steps, objects, first, last);
    }
    if let Some(aba) = aba(steps, objects) {
        return aba;
    }
    // A stale read explained by a Relaxed flag says more than the outcome; one without a flag
    // (a value read while another thread's update landed) says less than the outcome's why.
    if let Some((stale, by_flag)) = stale_read(steps, objects)
        && (by_flag || forbidden.is_none())
    {
        let check = failure.map_or(String::new(), |failure| {
            format!("; the test's check at {} then failed", failure.location)
        });
        return format!("{stale}{check}.");
    }
    if let Some(outcome) = forbidden {
        let check = failure.map_or(String::new(), |failure| {
            format!(", and the test's check at {} failed", failure.location)
        });
        return format!(
            "the failing execution produced `{}`, an outcome a correct answer never produces \
             ({}){check}.",
            outcome.outcome, outcome.why
        );
    }
    match failure {
        Some(failure) => format!(
            "after the steps above, in the order loom ran them, the test's check at {} failed \
             (its message is above).",
            failure.location
        ),
        None => "loom's failing interleaving, step by step.".into(),
    }
}

/// A race between the steps at `w` (earlier) and `r` (where loom stopped).
fn race(steps: &[Step], objects: &[String], w: usize, r: usize) -> String {
    let (writer, reader) = (&steps[w], &steps[r]);
    let unordered = format!(
        "its {} of `{}` at {} is not ordered after thread {}'s {} at {}",
        access(reader),
        reader.object,
        reader.location,
        writer.thread,
        access(writer),
        writer.location
    );
    // The last atomic the racing thread used before it touched the data: what it relied on.
    let flag = (0..r)
        .rev()
        .find(|&i| steps[i].thread == reader.thread && is_atomic(&steps[i]));
    let Some(flag) = flag else {
        return format!(
            "thread {} touched `{}` with no atomic before it: {unordered}.",
            reader.thread, reader.object
        );
    };
    let acquire_fence = steps[flag..r]
        .iter()
        .any(|step| step.thread == reader.thread && step.operation == "fence" && !relaxed(step));
    if relaxed(&steps[flag]) && !acquire_fence {
        return format!(
            "thread {} {} with Relaxed at {}, so {unordered}.",
            reader.thread,
            describe(&steps[flag]),
            steps[flag].location
        );
    }
    // The writer's own step on that atomic: before its write (too early) or a Relaxed one.
    let on_flag = |i: &usize| {
        steps[*i].thread == writer.thread && objects[*i] == objects[flag] && writes(&steps[*i])
    };
    if let Some(publish) = (w + 1..steps.len()).find(on_flag)
        && relaxed(&steps[publish])
    {
        return format!(
            "thread {} {} with Relaxed at {}, which publishes nothing before it, so although \
             thread {} {} at {}, {unordered}.",
            writer.thread,
            describe(&steps[publish]),
            steps[publish].location,
            reader.thread,
            describe(&steps[flag]),
            steps[flag].location
        );
    }
    if let Some(early) = (0..w).rev().find(on_flag) {
        return format!(
            "thread {} {} at {} before it {} `{}` at {}, so thread {}, which {} at {}, got to \
             `{}` at {} too soon: {unordered}.",
            writer.thread,
            describe(&steps[early]),
            steps[early].location,
            describe(writer).split(' ').next().unwrap_or("touched"),
            writer.object,
            writer.location,
            reader.thread,
            describe(&steps[flag]),
            steps[flag].location,
            reader.object,
            reader.location
        );
    }
    format!(
        "in thread {}, {unordered}: no Release that an Acquire read saw connects them.",
        reader.thread
    )
}

/// A compare-exchange that found the value its thread had read, though other threads changed
/// the atomic in between and changed it back (ABA): the last such, told with the changes.
fn aba(steps: &[Step], objects: &[String]) -> Option<String> {
    (0..steps.len()).rev().find_map(|s| {
        let swap = &steps[s];
        if swap.operation != "compare_exchange" || !writes(swap) {
            return None;
        }
        let expected = swap.value.as_deref()?.split(" -> ").next()?;
        let read = (0..s).rev().find(|&i| {
            steps[i].thread == swap.thread
                && objects[i] == objects[s]
                && steps[i].operation == "load"
        })?;
        if steps[read].value.as_deref() != Some(expected) {
            return None;
        }
        let changes: Vec<&Step> = (read + 1..s)
            .filter(|&i| objects[i] == objects[s] && steps[i].thread != swap.thread)
            .map(|i| &steps[i])
            .filter(|step| writes(step))
            .collect();
        let (first, last) = (changes.first()?, changes.last()?);
        Some(format!(
            "thread {} read `{} == {expected}` at {} and its compare_exchange at {} still found \
             {expected}, though in between thread {} changed it ({} at {}) and it came back \
             ({} at {}): the same value is not the same state (ABA), so the swap relied on \
             what thread {} read before, now stale.",
            swap.thread,
            swap.object,
            steps[read].location,
            swap.location,
            first.thread,
            first.value.as_deref().unwrap_or("?"),
            first.location,
            last.value.as_deref().unwrap_or("?"),
            last.location,
            swap.thread
        ))
    })
}

/// The last load that read a value older than one another thread had already written (in
/// the order loom ran the threads), told with the Relaxed read that let it.
/// The sentence, and whether a Relaxed flag that the reading thread loaded explains it.
fn stale_read(steps: &[Step], objects: &[String]) -> Option<(String, bool)> {
    (0..steps.len()).rev().find_map(|l| {
        let load = &steps[l];
        if load.operation != "load" {
            return None;
        }
        let newest = (0..l)
            .rev()
            .find(|&i| objects[i] == objects[l] && writes(&steps[i]))?;
        let store = &steps[newest];
        if store.thread == load.thread || written(store) == load.value.as_deref() {
            return None;
        }
        let mut sentence = format!(
            "thread {} {} at {} though thread {} had already {} at {} (in the order loom ran \
             them): nothing ordered that read after the write",
            load.thread,
            describe(load),
            load.location,
            store.thread,
            describe(store),
            store.location
        );
        let flag = (0..l).rev().find(|&i| {
            steps[i].thread == load.thread && is_atomic(&steps[i]) && objects[i] != objects[l]
        });
        let flag = flag.filter(|&flag| relaxed(&steps[flag]));
        if let Some(flag) = flag {
            sentence.push_str(&format!(
                ", because it {} with Relaxed at {}",
                describe(&steps[flag]),
                steps[flag].location
            ));
        }
        Some((sentence, flag.is_some()))
    })
}
