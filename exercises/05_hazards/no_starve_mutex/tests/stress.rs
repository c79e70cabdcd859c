//! Stress test: real threads take the lock over and over, and each measures how often it was
//! overtaken while it waited.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use no_starve_mutex::FairMutex;
use shim::watchdog::Watchdog;

const THREADS: u64 = 4;

#[test]
fn no_thread_is_overtaken_more_than_once_by_each_other_thread() {
    let lock = Arc::new(FairMutex::new(0u64));
    // How many times anyone went in; bumped inside the lock.
    let entries = Arc::new(AtomicU64::new(0));
    let watchdog = Watchdog::start("four threads taking the lock", Duration::from_secs(5));
    let deadline = shim::stress::deadline();
    let threads: Vec<_> = (0..THREADS)
        .map(|thread| {
            let (lock, entries, watchdog) = (lock.clone(), entries.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut rounds = 0u64;
                while rounds == 0 || Instant::now() < deadline {
                    let arrival = lock.arrive();
                    // A read-modify-write reads the newest count.
                    let at_arrival = entries.fetch_add(0, Ordering::SeqCst);
                    let mut guard = arrival.wait();
                    let overtaken = entries.fetch_add(1, Ordering::SeqCst) - at_arrival;
                    *guard += 1;
                    drop(guard);
                    assert!(
                        overtaken < THREADS,
                        "thread {thread} took its place in line, then {overtaken} others went \
                         in before it: with {THREADS} threads a fair lock lets in at most {} \
                         (each of the others once, if it was in line first). Threads that came \
                         back for more pushed in front: starvation",
                        THREADS - 1
                    );
                    rounds += 1;
                    watchdog.progress();
                }
                rounds
            })
        })
        .collect();
    let rounds: u64 = threads
        .into_iter()
        .map(|thread| thread.join().expect("a thread panicked"))
        .sum();
    assert_eq!(*lock.lock(), rounds, "an increment was lost");
}
