//! Stress test: pools of 1 to 4 workers, fed one queue or all of them, again and again.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use shim::watchdog::Watchdog;
use work_stealing_pool::Pool;

#[test]
fn every_task_runs_once_in_every_round() {
    let watchdog = Watchdog::start("pools, round after round", Duration::from_secs(5));
    shim::stress::repeat_for_duration(|round| {
        let workers = 1 + (round % 4) as usize;
        let one_queue = round % 2 == 0;
        let runs: Arc<Vec<AtomicUsize>> = Arc::new((0..100).map(|_| AtomicUsize::new(0)).collect());
        let pool = Pool::new(workers);
        for task in 0..100 {
            let runs = Arc::clone(&runs);
            pool.spawn_on(if one_queue { 0 } else { task * 7 }, move |_| {
                runs[task].fetch_add(1, Ordering::SeqCst);
            });
        }
        pool.shutdown();
        for (task, count) in runs.iter().enumerate() {
            let count = count.load(Ordering::SeqCst);
            assert_eq!(
                count, 1,
                "round {round} ({workers} workers): task {task} ran {count} times"
            );
        }
        watchdog.progress();
    });
}
