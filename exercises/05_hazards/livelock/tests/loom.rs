//! Loom model: every interleaving of the two workers, each wanting both tools once.
//!
//! Loom runs a thread until it pauses (`yield_now`, a spin hint) or is preempted, so two
//! workers that pause at the same points of the same code take turns step by step, exactly
//! in lockstep: the schedule in which polite workers step aside for each other for ever.
//! Each worker gives up after `ROUNDS` rounds, so that schedule ends in a clear failure
//! instead of running into loom's limits. Only both giving up is a livelock: one worker may
//! step aside many times while the other, slower, is on its way to finishing.
#![cfg(loom)]

use livelock::{GaveUp, Workshop};
use shim::sync::Arc;
use shim::thread;

/// How many times a worker may step aside before the model calls it a livelock.
const ROUNDS: u32 = 6;

/// A job that checks the worker really holds both tools while it runs.
fn job(workshop: &Workshop, me: usize) -> usize {
    assert_eq!(
        (workshop.holder(0), workshop.holder(1)),
        (Some(me), Some(me)),
        "worker {me} ran its job without holding both tools"
    );
    me
}

/// Fails if neither worker got its job done: both stepped aside `ROUNDS` times.
fn assert_progress(mine: Result<usize, GaveUp>, theirs: Result<usize, GaveUp>) {
    if let (Err(GaveUp { rounds }), Err(_)) = (mine, theirs) {
        panic!(
            "both workers stepped aside {rounds} times and neither ever held both tools: no \
             progress after {rounds} rounds. In this interleaving both workers run the same \
             steps at the same moments: each takes its nearest tool, sees the other tool \
             taken, puts its own down, and tries again, in step with the other, for ever. \
             That is a livelock: nobody is blocked (not a deadlock), everybody is busy, and \
             nothing gets done. Break the symmetry: a random pause, a rule that only one \
             worker steps aside, or one order of picking up the tools for both"
        );
    }
}

#[test]
fn two_polite_workers_both_get_their_job_done() {
    shim::model(|| {
        let workshop = Arc::new(Workshop::new());
        let other = {
            let workshop = workshop.clone();
            thread::spawn(move || workshop.with_both_tools(1, ROUNDS, || job(&workshop, 1)))
        };
        let mine = workshop.with_both_tools(0, ROUNDS, || job(&workshop, 0));
        let theirs = other.join().unwrap();
        assert_progress(mine, theirs);
        // One worker got through. The other may have run out of rounds while it waited (it
        // steps aside each time it finds the other's tool taken); alone now, it must get
        // both tools at once.
        for (me, result) in [(0, mine), (1, theirs)] {
            if result.is_err() {
                assert_eq!(
                    workshop.with_both_tools(me, 1, || job(&workshop, me)),
                    Ok(me),
                    "worker {me} is alone now: it must get both tools in its first round"
                );
            }
        }
        assert_eq!(
            (workshop.holder(0), workshop.holder(1)),
            (None, None),
            "both jobs are done, so both tools must be free again"
        );
    });
}
