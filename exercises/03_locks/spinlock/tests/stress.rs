//! Stress test: real threads hammer the lock for a fixed time, under a watchdog.

use std::sync::Arc;
use std::time::Duration;

use shim::watchdog::Watchdog;
use spinlock::SpinLock;

#[test]
fn many_threads_hammering_the_lock_lose_nothing() {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(2)
        * 2;
    let lock = Arc::new(SpinLock::new((0u64, 0u64)));
    let watchdog = Watchdog::start("threads hammering the spin lock", Duration::from_secs(5));
    let deadline = shim::stress::deadline();
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (lock, watchdog) = (lock.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut mine = 0u64;
                while std::time::Instant::now() < deadline {
                    // Two fields updated together: a torn pair means someone got in between.
                    let mut pair = lock.lock();
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
    let (first, second) = *lock.lock();
    assert_eq!(first, done, "increments were lost under contention");
    assert_eq!(second, done);
}
