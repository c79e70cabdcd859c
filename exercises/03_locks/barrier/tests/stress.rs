//! Stress test: real threads meet at the barrier round after round, under a watchdog.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use barrier::Barrier;
use shim::watchdog::Watchdog;

#[test]
fn many_threads_meet_round_after_round() {
    let parties = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(2)
        * 2;
    let barrier = Barrier::new(parties);
    // Written by each round's leader before anybody leaves, read by all after: the barrier
    // must publish it (Relaxed on purpose, so only the barrier orders it).
    let stop = AtomicBool::new(false);
    let rounds_seen: Vec<AtomicU64> = (0..parties).map(|_| AtomicU64::new(0)).collect();
    let watchdog = Watchdog::start("threads meeting at the barrier", Duration::from_secs(5));
    let deadline = shim::stress::deadline();
    std::thread::scope(|scope| {
        for party in 0..parties {
            let (barrier, stop, rounds_seen) = (&barrier, &stop, &rounds_seen);
            let watchdog = watchdog.handle();
            scope.spawn(move || {
                loop {
                    let round = rounds_seen[party].load(Ordering::Relaxed);
                    // Before the barrier: everybody is at `round` or has just arrived there.
                    for other in rounds_seen {
                        let theirs = other.load(Ordering::Relaxed);
                        assert!(
                            theirs == round || theirs == round + 1 || theirs + 1 == round,
                            "a thread got more than one round ahead: {theirs} vs {round}"
                        );
                    }
                    if barrier.wait() {
                        stop.store(Instant::now() >= deadline, Ordering::Relaxed);
                    }
                    rounds_seen[party].store(round + 1, Ordering::Relaxed);
                    // Everybody reads the stop flag between the same two barriers.
                    barrier.wait();
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    watchdog.progress();
                }
            });
        }
    });
    let rounds: Vec<u64> = rounds_seen
        .iter()
        .map(|r| r.load(Ordering::Relaxed))
        .collect();
    assert!(
        rounds.windows(2).all(|pair| pair[0] == pair[1]),
        "threads ran {rounds:?} rounds"
    );
}
