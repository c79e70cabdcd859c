//! Stress test: real threads hammer the lock for a fixed time, under a watchdog.

use std::sync::Arc;
use std::time::{Duration, Instant};

use shim::watchdog::Watchdog;
use ticket_lock::TicketLock;

#[test]
fn many_threads_hammering_the_lock_lose_nothing_and_all_get_in() {
    // One spinner per core: a ticket lock with more spinners than cores crawls (the next
    // ticket's holder may be descheduled while everyone waits for it), which is a lesson of
    // the README, not a bug of the lock.
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(2);
    let lock = Arc::new(TicketLock::new((0u64, 0u64)));
    let watchdog = Watchdog::start("threads hammering the ticket lock", Duration::from_secs(5));
    let deadline = shim::stress::deadline();
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (lock, watchdog) = (lock.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut mine = 0u64;
                while Instant::now() < deadline {
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
    let done: Vec<u64> = workers
        .into_iter()
        .map(|w| w.join().expect("a worker panicked"))
        .collect();
    let (first, second) = *lock.lock();
    assert_eq!(
        first,
        done.iter().sum::<u64>(),
        "increments were lost under contention"
    );
    assert_eq!(second, first);
    // First come, first served: nobody who kept asking can have been shut out.
    assert!(
        done.iter().all(|&entries| entries > 0),
        "some thread never got in (entries per thread: {done:?}): a fair lock starves no one"
    );
}
