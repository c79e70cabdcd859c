//! Stress test: many joins whose children are completed by real threads at random moments,
//! sometimes before the join is first polled, sometimes while it sleeps, in either order.

mod support;

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use join::join;
use shim::watchdog::Watchdog;
use support::{Completer, Countdown, block_on, remote};

/// A tiny xorshift generator: enough to pick moments and orders at random.
struct Random(u64);

impl Random {
    fn seeded(worker: u64) -> Random {
        use std::hash::{BuildHasher, RandomState};
        // A different sequence in every worker and every run; never zero (xorshift sticks).
        Random(RandomState::new().hash_one(worker) | 1)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

/// Work for a worker's helper thread: complete these children after a random little while.
type Completion = Box<dyn FnOnce() + Send>;

fn complete_later(value: u64, completer: Completer<u64>, delay_spins: u64) -> Completion {
    Box::new(move || {
        for _ in 0..delay_spins {
            std::hint::spin_loop();
        }
        completer.complete(value);
    })
}

#[test]
fn many_joins_of_children_completed_by_other_threads_all_finish_with_both_outputs() {
    let workers = thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 8) as u64;
    let watchdog = Watchdog::start(
        "joins whose children are completed by other threads",
        Duration::from_secs(8),
    );
    let deadline = shim::stress::deadline();
    let runs: Vec<_> = (0..workers)
        .map(|worker| {
            let watchdog = watchdog.handle();
            thread::spawn(move || {
                let (to_helper, jobs) = mpsc::channel::<Completion>();
                let helper = thread::spawn(move || {
                    for job in jobs {
                        job();
                    }
                });
                let mut random = Random::seeded(worker);
                let mut joins = 0u64;
                while joins == 0 || Instant::now() < deadline {
                    let (x, y) = (joins * 2, joins * 2 + 1);
                    let (a, finish_a, _) = remote();
                    let (b, finish_b, _) = remote();
                    // Hand the completions over in a random order, each after a random delay;
                    // now and then complete one right here, before the join is ever polled.
                    let mut completions = vec![
                        (x, finish_a, random.below(2_000)),
                        (y, finish_b, random.below(2_000)),
                    ];
                    if random.below(2) == 0 {
                        completions.reverse();
                    }
                    for (value, completer, delay) in completions {
                        if random.below(8) == 0 {
                            completer.complete(value);
                        } else {
                            let job = complete_later(value, completer, delay);
                            to_helper.send(job).expect("the helper thread died");
                        }
                    }
                    match random.below(3) {
                        0 => {
                            let (c, _) = Countdown::after(random.below(3) as usize, joins);
                            let out = block_on(join(c, join(a, b)));
                            assert_eq!(out, (joins, (x, y)), "a nested join lost an output");
                        }
                        _ => assert_eq!(
                            block_on(join(a, b)),
                            (x, y),
                            "the join finished with the wrong outputs: expected (a's, b's)"
                        ),
                    }
                    joins += 1;
                    watchdog.progress();
                }
                drop(to_helper);
                helper.join().expect("a helper thread panicked");
                joins
            })
        })
        .collect();
    let total: u64 = runs
        .into_iter()
        .map(|run| run.join().expect("a worker running joins panicked"))
        .sum();
    assert!(total >= workers, "every worker finishes at least one join");
    eprintln!("{total} joins finished on {workers} workers");
}
