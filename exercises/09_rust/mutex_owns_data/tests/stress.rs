//! Stress test: real threads share one mutex and change its data only through guards; no
//! change may be lost.

use std::thread;
use std::time::Duration;

use mutex_owns_data::Mutex;
use shim::watchdog::Watchdog;

#[test]
fn threads_lose_no_change() {
    const THREADS: u64 = 4;
    let watchdog = Watchdog::start("four threads sharing one mutex", Duration::from_secs(5));
    shim::stress::repeat_for_duration(|round| {
        let log = Mutex::new((0u64, Vec::new()));
        thread::scope(|s| {
            for id in 0..THREADS {
                let (log, watchdog) = (&log, watchdog.handle());
                s.spawn(move || {
                    for _ in 0..2000 {
                        let mut guard = log.lock();
                        // Two changes that belong together: inside one guard they always agree.
                        guard.0 += 1;
                        guard.1.push(id);
                    }
                    watchdog.progress();
                });
            }
        });
        let (count, entries) = log.into_inner();
        assert_eq!(
            (count, entries.len() as u64),
            (THREADS * 2000, THREADS * 2000),
            "round {round}: {THREADS} threads made 2000 changes each through guards, but the \
             count says {count} and the list holds {}: changes were lost, so two threads \
             reached the data at once",
            entries.len()
        );
    });
}
