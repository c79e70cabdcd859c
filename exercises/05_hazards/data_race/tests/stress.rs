//! Stress test: real threads add to one shared tally, each also keeping a local one.

use std::sync::Arc;
use std::time::{Duration, Instant};

use data_race::{LocalTally, SharedTally};
use shim::watchdog::Watchdog;

#[test]
fn many_threads_adding_lose_nothing() {
    const THREADS: u64 = 4;
    const MOST_PER_THREAD: u64 = 1_000_000;
    let shared = Arc::new(SharedTally::new());
    let watchdog = Watchdog::start("four threads adding to one tally", Duration::from_secs(2));
    let deadline = shim::stress::deadline();
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let (shared, watchdog) = (shared.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let (local, mut added) = (LocalTally::new(), 0);
                while added < MOST_PER_THREAD && Instant::now() < deadline {
                    shared.add(1);
                    local.add(1);
                    added += 1;
                    watchdog.progress();
                }
                // Half of each thread's count goes in directly, the other half as a hand-over.
                let counted = local.get();
                shared.absorb(local);
                counted
            })
        })
        .collect();
    let mut expected = 0;
    for thread in threads {
        expected += 2 * thread.join().expect("a thread panicked while adding");
    }
    assert_eq!(
        shared.get(),
        expected,
        "{expected} was added in all, but the tally says {}: additions were lost",
        shared.get()
    );
}
