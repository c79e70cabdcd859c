//! Unit tests: a pipeline must deliver everything, stop on the first failure, and always end.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use csp_pipeline::{StageError, run};
use shim::watchdog::Watchdog;

/// A watchdog for one pipeline run: a pipeline that never closes is reported, not waited for.
fn watch(what: &'static str) -> Watchdog {
    Watchdog::start(what, Duration::from_secs(5))
}

#[test]
fn every_item_comes_out_in_the_source_order() {
    let watchdog = watch("a pipeline over 0..100");
    let outputs = run(0..100u64, 4, |x| Ok(x * 2));
    assert_eq!(outputs, Ok((0..100).map(|x| x * 2).collect::<Vec<_>>()));
    drop(watchdog);
}

#[test]
fn an_empty_source_gives_an_empty_result() {
    let watchdog = watch("a pipeline over nothing");
    assert_eq!(run(std::iter::empty::<u8>(), 3, Ok), Ok(Vec::new()));
    drop(watchdog);
}

#[test]
fn the_first_failure_is_the_result() {
    let watchdog = watch("a pipeline whose stage fails");
    let outcome = run(0..1000u32, 4, |x| {
        if x == 10 {
            Err(format!("cannot handle {x}"))
        } else {
            Ok(x)
        }
    });
    assert_eq!(
        outcome,
        Err(StageError {
            item: 10,
            message: "cannot handle 10".into()
        })
    );
    drop(watchdog);
}

#[test]
fn an_endless_source_stops_soon_after_a_failure() {
    let watchdog = watch("an endless pipeline whose stage fails");
    let produced = Arc::new(AtomicUsize::new(0));
    let counted = produced.clone();
    let source = (0u64..).inspect(move |_| {
        counted.fetch_add(1, Ordering::SeqCst);
    });
    let outcome = run(source, 2, |x| {
        std::thread::sleep(Duration::from_millis(1));
        if x == 10 {
            Err("ten".to_string())
        } else {
            Ok(x)
        }
    });
    assert_eq!(outcome.map_err(|error| error.item), Err(10));
    let at_return = produced.load(Ordering::SeqCst);
    // Ten items before the failure, plus what fits in the channels and the workers' hands.
    assert!(
        at_return <= 40,
        "the source produced {at_return} items for a failure at item 10: the channels must \
         be bounded, so a fast source waits for the workers (back-pressure)"
    );
    std::thread::sleep(Duration::from_millis(30));
    assert_eq!(
        produced.load(Ordering::SeqCst),
        at_return,
        "the source went on producing after run returned: every thread must have ended"
    );
    drop(watchdog);
}

#[test]
fn the_workers_really_run_at_the_same_time() {
    let watchdog = watch("four workers meeting at a barrier");
    // Each of the first four items waits until all four are being worked on at once.
    let barrier = Arc::new(Barrier::new(4));
    let outcome = run(0..4u8, 4, move |x| {
        barrier.wait();
        Ok(x)
    });
    assert_eq!(outcome, Ok(vec![0, 1, 2, 3]));
    drop(watchdog);
}
