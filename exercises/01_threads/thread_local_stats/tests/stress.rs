//! Stress test: rounds of threads that count, some of them flushing on the way, on real
//! threads; after each round the total has grown by exactly what they counted.

use std::thread;
use std::time::Duration;

use shim::watchdog::Watchdog;
use thread_local_stats::{count, flush, total};

/// How much the total grew since it was `before` (negative if an answer wrote over it).
fn added_since(before: u64) -> i128 {
    i128::from(total()) - i128::from(before)
}

#[test]
fn no_event_is_lost_or_counted_twice() {
    const THREADS: u64 = 8;
    let watchdog = Watchdog::start("rounds of counting threads", Duration::from_secs(5));
    shim::stress::repeat_for_duration(|round| {
        let before = total();
        let threads: Vec<_> = (0..THREADS)
            .map(|id| {
                thread::spawn(move || {
                    for step in 0..1000 {
                        count(id + 1);
                        // Some threads flush now and then; the rest rely on the end.
                        if id % 2 == 0 && step % 300 == 0 {
                            flush();
                        }
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("a counting thread panicked");
        }
        // 1000 steps of id + 1 events for ids 0..8: 1000 * (1 + 2 + ... + 8).
        let expected = i128::from(1000 * THREADS * (THREADS + 1) / 2);
        assert_eq!(
            added_since(before),
            expected,
            "round {round}: {THREADS} threads counted {expected} events, but the total grew by \
             {}",
            added_since(before)
        );
        watchdog.progress();
    });
}
