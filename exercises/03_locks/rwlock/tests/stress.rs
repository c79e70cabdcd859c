//! Stress test: real readers and writers for a fixed time, under a watchdog.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rwlock::RwLock;
use shim::watchdog::Watchdog;

#[test]
fn readers_and_writers_hammering_the_lock_stay_consistent_and_writers_get_in() {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(2)
        * 2;
    let lock = Arc::new(RwLock::new((0u64, 0u64)));
    let watchdog = Watchdog::start("readers and writers on the rwlock", Duration::from_secs(5));
    let deadline = shim::stress::deadline();
    // Most threads read; one writes. With a reader-preferring lock the readers could keep
    // the writer out for the whole run.
    let workers: Vec<_> = (0..threads)
        .map(|thread| {
            let (lock, watchdog) = (lock.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut writes = 0u64;
                while Instant::now() < deadline {
                    if thread == 0 {
                        let mut pair = lock.write();
                        pair.0 += 1;
                        pair.1 += 1;
                        writes += 1;
                    } else {
                        let pair = lock.read();
                        assert_eq!(pair.0, pair.1, "a reader saw a writer's half-done update");
                    }
                    watchdog.progress();
                }
                writes
            })
        })
        .collect();
    let writes: u64 = workers
        .into_iter()
        .map(|w| w.join().expect("a worker panicked"))
        .sum();
    let (first, second) = *lock.read();
    assert_eq!(
        (first, second),
        (writes, writes),
        "updates were lost under contention"
    );
    assert!(
        writes > 0,
        "the writer never got in while readers came and went"
    );
}
