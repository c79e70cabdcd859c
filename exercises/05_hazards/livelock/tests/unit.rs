//! Unit tests: one worker at a time, on real threads.

use std::sync::Arc;
use std::time::Duration;

use livelock::{GaveUp, WORKERS, Workshop};
use shim::watchdog::Watchdog;

#[test]
fn a_worker_alone_gets_both_tools_at_once() {
    let workshop = Workshop::new();
    for me in 0..WORKERS {
        let result = workshop.with_both_tools(me, 1, || {
            assert_eq!(
                (workshop.holder(0), workshop.holder(1)),
                (Some(me), Some(me)),
                "worker {me}'s job ran without both tools in its hands"
            );
            me * 10
        });
        assert_eq!(
            result,
            Ok(me * 10),
            "worker {me} was alone: it must get both tools in its first round and return the \
             job's result"
        );
        assert_eq!(
            (workshop.holder(0), workshop.holder(1)),
            (None, None),
            "after the job both tools must be put back"
        );
    }
}

#[test]
fn a_worker_waits_while_the_other_works() {
    // Worker 1 finishes many jobs while worker 0 tries to do its own: each must get through.
    let workshop = Arc::new(Workshop::new());
    let watchdog = Watchdog::start("two workers sharing two tools", Duration::from_secs(5));
    let other = {
        let (workshop, watchdog) = (workshop.clone(), watchdog.handle());
        std::thread::spawn(move || {
            for _ in 0..200 {
                assert_ne!(
                    workshop.with_both_tools(1, 100_000, || ()),
                    Err(GaveUp { rounds: 100_000 }),
                    "worker 1 stepped aside 100 000 times in a row: a livelock"
                );
                watchdog.progress();
            }
        })
    };
    for _ in 0..200 {
        assert!(
            workshop.with_both_tools(0, 100_000, || ()).is_ok(),
            "worker 0 stepped aside 100 000 times in a row: a livelock"
        );
        watchdog.progress();
    }
    other.join().expect("worker 1 panicked");
}
