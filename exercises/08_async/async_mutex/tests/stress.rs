//! Stress test: threads locking one async mutex, some of their lock futures cancelled after
//! a first poll (before or after they were handed the lock), under a watchdog.

mod support;

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use async_mutex::Mutex;
use shim::watchdog::Watchdog;
use support::{Flag, block_on, poll_once};

#[test]
fn locking_threads_with_cancelled_waiters_lose_no_update_and_no_wake_up() {
    let workers = thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    let watchdog = Watchdog::start("async mutex with cancelled waiters", Duration::from_secs(8));
    let deadline = shim::stress::deadline();
    let mutex = Arc::new(Mutex::new(0u64));
    let runs: Vec<_> = (0..workers as u64)
        .map(|worker| {
            let watchdog = watchdog.handle();
            let mutex = mutex.clone();
            thread::spawn(move || {
                let mut next = shim::stress::random(worker);
                let (_, waker) = Flag::waker();
                let mut added = 0u64;
                let mut runs = 0u64;
                while runs == 0 || std::time::Instant::now() < deadline {
                    if next(3) == 0 {
                        // Queue up, maybe be handed the lock, then give up without running.
                        let mut cancelled = mutex.lock();
                        let _ = poll_once(&mut cancelled, &waker);
                        (0..next(200)).for_each(|_| std::hint::spin_loop());
                    } else {
                        block_on(async { *mutex.lock().await += 1 });
                        added += 1;
                    }
                    runs += 1;
                    watchdog.progress();
                }
                added
            })
        })
        .collect();
    let added: u64 = runs
        .into_iter()
        .map(|run| run.join().expect("a worker panicked"))
        .sum();
    assert_eq!(
        block_on(async { *mutex.lock().await }),
        added,
        "an update was lost"
    );
    eprintln!("{added} updates under the async mutex on {workers} workers");
}
