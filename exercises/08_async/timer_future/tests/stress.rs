//! Stress test: many timers fired by real threads at random moments (before the first poll,
//! during it, while the task sleeps), each awaited by `block_on`, under a watchdog.

mod support;

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use shim::watchdog::Watchdog;
use support::block_on;
use timer_future::{Fire, timer};

#[test]
fn many_timers_fired_by_other_threads_all_finish() {
    let workers = thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    let watchdog = Watchdog::start("timers fired by other threads", Duration::from_secs(8));
    let deadline = shim::stress::deadline();
    let runs: Vec<_> = (0..workers as u64)
        .map(|worker| {
            let watchdog = watchdog.handle();
            thread::spawn(move || {
                let (to_firer, firings) = mpsc::channel::<(Fire, u64)>();
                let firer = thread::spawn(move || {
                    for (fire, spins) in firings {
                        (0..spins).for_each(|_| std::hint::spin_loop());
                        fire.fire();
                    }
                });
                let mut next = shim::stress::random(worker);
                let mut timers = 0u64;
                while timers == 0 || std::time::Instant::now() < deadline {
                    let (pending, fire) = timer();
                    if next(8) == 0 {
                        fire.fire();
                    } else {
                        to_firer.send((fire, next(2_000))).expect("the firer died");
                    }
                    block_on(pending);
                    timers += 1;
                    watchdog.progress();
                }
                drop(to_firer);
                firer.join().expect("a firing thread panicked");
                timers
            })
        })
        .collect();
    let total: u64 = runs
        .into_iter()
        .map(|run| run.join().expect("a worker panicked"))
        .sum();
    eprintln!("{total} timers finished on {workers} workers");
}
