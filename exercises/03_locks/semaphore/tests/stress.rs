//! Stress test: real threads take and return permits for a fixed time, under a watchdog.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use semaphore::Semaphore;
use shim::watchdog::Watchdog;

#[test]
fn many_threads_never_exceed_the_permits_and_lose_none() {
    const PERMITS: usize = 2;
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(2)
        * 2;
    let semaphore = Arc::new(Semaphore::new(PERMITS));
    let holders = Arc::new(AtomicUsize::new(0));
    let watchdog = Watchdog::start("threads sharing two permits", Duration::from_secs(5));
    let deadline = shim::stress::deadline();
    let workers: Vec<_> = (0..threads)
        .map(|thread| {
            let (semaphore, holders, watchdog) =
                (semaphore.clone(), holders.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut taken = 0u64;
                while Instant::now() < deadline {
                    let permit = if taken % 4 == thread as u64 % 4 {
                        let Some(permit) = semaphore.try_acquire() else {
                            continue;
                        };
                        permit
                    } else {
                        semaphore.acquire()
                    };
                    // SeqCst: test bookkeeping only; the strongest ordering keeps it simple.
                    let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
                    assert!(
                        now <= PERMITS,
                        "{now} threads held a permit at once, of {PERMITS}"
                    );
                    holders.fetch_sub(1, Ordering::SeqCst);
                    drop(permit);
                    taken += 1;
                    watchdog.progress();
                }
                taken
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("a worker panicked");
    }
    assert_eq!(
        semaphore.available(),
        PERMITS,
        "permits were lost or made up under contention"
    );
}
