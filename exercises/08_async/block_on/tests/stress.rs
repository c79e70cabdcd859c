//! Stress test: many `block_on`s of futures finished by real threads in random steps at random
//! moments, with spurious unparks thrown in at random, under a watchdog.

mod support;

use std::sync::mpsc;
use std::thread::{self, Thread};
use std::time::Duration;

use block_on::block_on;
use shim::watchdog::Watchdog;
use support::{Stepper, steps};

/// Work for a worker's helper: step a future `count` times, unparking `blocked` in between
/// when `spurious` says so.
struct Job {
    stepper: Stepper<u64>,
    count: usize,
    spins: u64,
    spurious: bool,
    blocked: Thread,
}

#[test]
fn many_futures_finished_by_other_threads_with_spurious_unparks_give_the_right_output() {
    let workers = thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    let watchdog = Watchdog::start(
        "block_on of futures woken by other threads",
        Duration::from_secs(8),
    );
    let deadline = shim::stress::deadline();
    let runs: Vec<_> = (0..workers as u64)
        .map(|worker| {
            let watchdog = watchdog.handle();
            thread::spawn(move || {
                let (to_helper, jobs) = mpsc::channel::<Job>();
                let helper = thread::spawn(move || {
                    for job in jobs {
                        for _ in 0..job.count {
                            (0..job.spins).for_each(|_| std::hint::spin_loop());
                            if job.spurious {
                                job.blocked.unpark();
                            }
                            job.stepper.step();
                        }
                    }
                });
                let mut next = shim::stress::random(worker);
                let mut runs = 0u64;
                while runs == 0 || std::time::Instant::now() < deadline {
                    let count = 1 + next(3) as usize;
                    let (future, stepper) = steps(count, runs);
                    let job = Job {
                        stepper,
                        count,
                        spins: next(2_000),
                        spurious: next(2) == 0,
                        blocked: thread::current(),
                    };
                    to_helper.send(job).expect("the helper died");
                    assert_eq!(block_on(future), runs, "block_on returned a wrong output");
                    runs += 1;
                    watchdog.progress();
                }
                drop(to_helper);
                helper.join().expect("a helper thread panicked");
                runs
            })
        })
        .collect();
    let total: u64 = runs
        .into_iter()
        .map(|run| run.join().expect("a worker panicked"))
        .sum();
    eprintln!("{total} futures run by block_on on {workers} workers");
}
