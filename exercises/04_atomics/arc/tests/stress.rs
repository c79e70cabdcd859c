//! Stress test: real threads cloning and dropping one `Arc` as fast as they can, for a fixed
//! time, under a watchdog.
//!
//! On x86 this almost never shows a wrong ordering (the loom stage does); it checks that no
//! clone or drop is ever lost at full speed and that the value is dropped once per round.

mod support;

use std::sync::Barrier;
use std::time::Duration;

use arc::Arc;
use shim::watchdog::Watchdog;
use support::Tracked;

const THREADS: usize = 3;
const CLONES_PER_THREAD: usize = 64;

#[test]
fn racing_clones_and_drops_drop_the_value_once_per_round() {
    let watchdog = Watchdog::start(
        "threads cloning and dropping an Arc",
        Duration::from_secs(5),
    );
    let rounds = shim::stress::repeat_for_duration(|round| {
        let (tracked, drops) = Tracked::new(round);
        let arc = Arc::new(tracked);
        let start = std::sync::Arc::new(Barrier::new(THREADS + 1));
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                let (arc, start, watchdog) = (arc.clone(), start.clone(), watchdog.handle());
                std::thread::spawn(move || {
                    start.wait();
                    for _ in 0..CLONES_PER_THREAD {
                        let clone = arc.clone();
                        assert_eq!(clone.read(), round, "a clone saw a wrong value");
                    }
                    watchdog.progress();
                })
            })
            .collect();
        start.wait();
        // The main thread lets go at once, so the last owner is one of the racing threads.
        drop(arc);
        for thread in threads {
            thread.join().expect("a thread panicked while cloning");
        }
        assert_eq!(
            drops.get(),
            1,
            "round {round}: every Arc is gone, so the value must have been dropped exactly once"
        );
    });
    assert!(rounds > 0);
}
