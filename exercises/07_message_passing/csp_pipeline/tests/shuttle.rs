//! Shuttle: random schedules of the source, the workers and the collector.
//!
//! A pipeline that hangs in some schedule is a deadlock here (every thread waits): shuttle
//! stops and prints the schedule, which replays the failure exactly.
#![cfg(shuttle)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use csp_pipeline::{StageError, run};
use shim::sync::{Mutex, mpsc};

/// More items than this from a source whose stage fails at item 3 means the close never
/// reached the source. (The channels and the workers' hands hold a few more than 3.)
const PRODUCED_AT_MOST: usize = 40;

/// Sets its flag when dropped: tells the test that whoever owned it has let go.
struct DropFlag(Arc<AtomicBool>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

fn drop_flag() -> (DropFlag, Arc<AtomicBool>) {
    let flag = Arc::new(AtomicBool::new(false));
    (DropFlag(flag.clone()), flag)
}

#[test]
fn every_item_comes_out_once_and_in_the_source_order() {
    shim::model(|| {
        let outputs = run(0..6u32, 3, |x| Ok(x * 10));
        assert_eq!(outputs, Ok(vec![0, 10, 20, 30, 40, 50]));
    });
}

#[test]
fn the_workers_really_run_at_the_same_time() {
    shim::model(|| {
        // Item 0's stage hands a token to item 1's stage, and waits until it is taken: only
        // two workers that work at once get past it. (Shuttle calls it a deadlock otherwise.)
        let (give, take) = mpsc::sync_channel::<()>(0);
        let (give, take) = (Mutex::new(give), Mutex::new(take));
        let outputs = run(0..4u8, 2, move |x| {
            match x {
                0 => give
                    .lock()
                    .unwrap()
                    .send(())
                    .map_err(|_| "item 1 is gone")?,
                1 => take.lock().unwrap().recv().map_err(|_| "item 0 is gone")?,
                _ => {}
            }
            Ok(x)
        });
        assert_eq!(outputs, Ok(vec![0, 1, 2, 3]));
    });
}

#[test]
fn an_endless_source_stops_after_a_failure_and_every_thread_ends() {
    shim::model(|| {
        let produced = Arc::new(AtomicUsize::new(0));
        let (source_owned, source_dropped) = drop_flag();
        let counted = produced.clone();
        let source = (0usize..).inspect(move |&item| {
            let _owned = &source_owned; // the source's thread owns the flag with the source
            counted.fetch_add(1, Ordering::SeqCst);
            assert!(
                item < PRODUCED_AT_MOST,
                "the source was asked for item {item} although item 3 failed: the close \
                 never reached it (a source must stop when its send fails)"
            );
        });
        let (stage_owned, stage_dropped) = drop_flag();
        let outcome = run(source, 2, move |item| {
            let _owned = &stage_owned;
            if item == 3 {
                Err("three".to_string())
            } else {
                Ok(item)
            }
        });
        assert_eq!(
            outcome,
            Err(StageError {
                item: 3,
                message: "three".into()
            })
        );
        assert!(
            source_dropped.load(Ordering::SeqCst),
            "run returned while the source's thread still held the source: every thread it \
             started must have ended"
        );
        assert!(
            stage_dropped.load(Ordering::SeqCst),
            "run returned while a worker still held the stage: every thread it started must \
             have ended"
        );
    });
}

#[test]
fn with_several_failures_one_of_them_is_the_result() {
    shim::model(|| {
        let outcome = run(0..8u32, 3, |x| {
            if x % 3 == 2 {
                Err(format!("item {x}"))
            } else {
                Ok(x)
            }
        });
        match outcome {
            Err(StageError { item, message }) => {
                assert!(item % 3 == 2, "item {item} did not fail");
                assert_eq!(message, format!("item {item}"));
            }
            Ok(outputs) => panic!("items 2 and 5 failed, but run returned Ok({outputs:?})"),
        }
    });
}
