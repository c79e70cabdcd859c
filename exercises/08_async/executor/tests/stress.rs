//! Stress test: several executors, each with many tasks opened by a helper thread in a
//! random order with stale wakes thrown in, under a watchdog.

mod support;

use std::thread;
use std::time::Duration;

use executor::Executor;
use shim::watchdog::Watchdog;
use support::{gate, yield_now};

#[test]
fn many_tasks_woken_from_other_threads_all_finish_once() {
    let workers = thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    let watchdog = Watchdog::start(
        "executors with tasks woken by other threads",
        Duration::from_secs(8),
    );
    let deadline = shim::stress::deadline();
    let runs: Vec<_> = (0..workers as u64)
        .map(|worker| {
            let watchdog = watchdog.handle();
            thread::spawn(move || {
                let mut next = shim::stress::random(worker);
                let mut runs = 0u64;
                while runs == 0 || std::time::Instant::now() < deadline {
                    let mut executor = Executor::new();
                    let mut openers = Vec::new();
                    for _ in 0..1 + next(8) {
                        let (task, opener) = gate();
                        let yields = next(3);
                        executor.spawn(async move {
                            for _ in 0..yields {
                                yield_now().await;
                            }
                            task.await;
                        });
                        openers.push((opener, next(2) == 0, next(500)));
                    }
                    let outside = openers.clone();
                    let opening = thread::spawn(move || {
                        for (opener, stale, spins) in outside {
                            (0..spins).for_each(|_| std::hint::spin_loop());
                            if stale {
                                opener.nudge();
                            }
                            opener.open();
                        }
                    });
                    executor.run();
                    opening.join().expect("the opening thread panicked");
                    for (opener, _, _) in &openers {
                        assert!(opener.polls().1, "run returned before every task was done");
                    }
                    runs += 1;
                    watchdog.progress();
                }
                runs
            })
        })
        .collect();
    let total: u64 = runs
        .into_iter()
        .map(|run| run.join().expect("a worker panicked"))
        .sum();
    eprintln!("{total} executor runs on {workers} workers");
}
