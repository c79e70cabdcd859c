//! Stress test: real threads hammer the mutex for a fixed time, under a watchdog.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futex_mutex::FutexMutex;
use shim::watchdog::Watchdog;

#[test]
fn many_threads_hammering_the_mutex_lose_nothing() {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(2)
        * 2;
    let mutex = Arc::new(FutexMutex::new((0u64, 0u64)));
    let watchdog = Watchdog::start("threads hammering the futex mutex", Duration::from_secs(5));
    let deadline = shim::stress::deadline();
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (mutex, watchdog) = (mutex.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut mine = 0u64;
                while Instant::now() < deadline {
                    let mut pair = mutex.lock();
                    pair.0 += 1;
                    pair.1 += 1;
                    assert_eq!(pair.0, pair.1, "another thread got in between two writes");
                    drop(pair);
                    mine += 1;
                    watchdog.progress();
                }
                mine
            })
        })
        .collect();
    let done: u64 = workers
        .into_iter()
        .map(|w| w.join().expect("a worker panicked"))
        .sum();
    assert_eq!(
        *mutex.lock(),
        (done, done),
        "increments were lost under contention"
    );
}
