//! Loom model: every interleaving of threads racing on the same atomic.
//!
//! Orderings do not matter here (nothing else is published); what loom checks is that each
//! read-check-write happens as one step: with a separate load and store, another thread's
//! update can land in between and be lost.
//!
//! The first test declares the results two records may have (its litmus outcomes) and reports
//! what they had: when it fails, `threadlings explain` shows how often each came up.
#![cfg(loom)]

use cas_patterns::{HighWater, IdAllocator};
use shim::outcomes::{Litmus, Outcome, observe};
use shim::sync::Arc;
use shim::thread;

#[test]
fn two_records_at_once_keep_the_larger() {
    const RECORDS: Litmus = Litmus {
        observed: "(what record(7) returned, what record(5) returned, the maximum after both), \
                   from 1",
        outcomes: &[
            Outcome::allowed(
                "(1, 7, 7)",
                "record(7) went first; record(5) saw 7 and kept it",
            ),
            Outcome::allowed(
                "(5, 1, 7)",
                "record(5) went first; record(7) saw 5, replaced it",
            ),
            Outcome::interesting(
                "(1, 1, 7)",
                "both saw 1, so they overlapped, but 7 happened to be written last",
            ),
            Outcome::forbidden(
                "(1, 1, 5)",
                "7 was lost: record(5) checked 1 < 5 before record(7) wrote, then overwrote 7; \
                 the check and the write must be one step: a compare_exchange loop",
            ),
        ],
    };
    shim::model(|| {
        let high = Arc::new(HighWater::new(1));
        let other = {
            let high = high.clone();
            thread::spawn(move || high.record(5))
        };
        let mine = high.record(7);
        let theirs = other.join().unwrap();
        let max = high.get();
        observe(&RECORDS, &(mine, theirs, max));
        assert_eq!(max, 7, "record(7) and record(5) raced, and 7 was lost");
        assert!(
            mine == 1 || mine == 5,
            "record(7) returned {mine}: the maximum before it was 1 or 5"
        );
        assert!(
            theirs == 1 || theirs == 7,
            "record(5) returned {theirs}: the maximum before it was 1 or 7"
        );
    });
}

#[test]
fn two_threads_never_get_the_same_id_and_none_past_the_end() {
    shim::model(|| {
        // Two ids at the very top of u32: a counter moved past them wraps around to 0.
        let ids = Arc::new(IdAllocator::new(u32::MAX - 2..u32::MAX));
        let other = {
            let ids = ids.clone();
            thread::spawn(move || [ids.allocate(), ids.allocate()])
        };
        let mine = [ids.allocate(), ids.allocate()];
        let theirs = other.join().unwrap();
        let mut handed_out: Vec<u32> = mine.into_iter().chain(theirs).flatten().collect();
        handed_out.sort();
        assert_eq!(
            handed_out,
            [u32::MAX - 2, u32::MAX - 1],
            "four calls on a range of two ids (mine {mine:?}, theirs {theirs:?}) must hand \
             out each id once and then None, never an id twice or one outside the range"
        );
    });
}
