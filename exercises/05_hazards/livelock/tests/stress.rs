//! Stress test: two workers on real threads want both tools again and again, under a progress
//! deadline: if no job is done for 2 s, the watchdog stops the test.

use std::sync::Arc;
use std::time::{Duration, Instant};

use livelock::{GaveUp, WORKERS, Workshop};
use shim::watchdog::Watchdog;

/// Rounds of stepping aside for one job before the test calls it a livelock.
const ROUNDS: u32 = 100_000;

#[test]
fn both_workers_keep_getting_jobs_done() {
    let workshop = Arc::new(Workshop::new());
    let watchdog = Watchdog::start(
        "two workers each doing jobs that need both tools",
        Duration::from_secs(2),
    );
    let deadline = shim::stress::deadline();
    let workers: Vec<_> = (0..WORKERS)
        .map(|me| {
            let (workshop, watchdog) = (workshop.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut jobs = 0u64;
                while jobs == 0 || Instant::now() < deadline {
                    match workshop.with_both_tools(me, ROUNDS, || jobs + 1) {
                        Ok(done) => jobs = done,
                        Err(GaveUp { rounds }) => panic!(
                            "worker {me} stepped aside {rounds} times in a row without getting \
                             both tools: a livelock"
                        ),
                    }
                    watchdog.progress();
                }
                jobs
            })
        })
        .collect();
    for (me, worker) in workers.into_iter().enumerate() {
        let jobs = worker.join().expect("a worker panicked");
        assert!(jobs > 0, "worker {me} never got a job done");
    }
}
