//! Shuttle: random schedules of the owner, the thieves and the shutdown.
//!
//! The queues are `shim`'s mutexes and the workers `shim`'s threads, so shuttle decides who
//! runs at every lock: a steal that loses or repeats a task, or a worker that quits while a
//! task is still queued, shows up in some schedule, printed with the way to replay it.
#![cfg(shuttle)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use work_stealing_pool::Pool;

fn run_and_count(workers: usize, tasks: usize, queue_of: fn(usize) -> usize) {
    let runs: Arc<Vec<AtomicUsize>> = Arc::new((0..tasks).map(|_| AtomicUsize::new(0)).collect());
    let pool = Pool::new(workers);
    for task in 0..tasks {
        let runs = Arc::clone(&runs);
        pool.spawn_on(queue_of(task), move |_| {
            runs[task].fetch_add(1, Ordering::SeqCst);
        });
    }
    pool.shutdown();
    for (task, count) in runs.iter().enumerate() {
        let count = count.load(Ordering::SeqCst);
        assert_eq!(
            count, 1,
            "task {task} ran {count} times by the time shutdown returned"
        );
    }
}

#[test]
fn tasks_on_one_worker_run_once_each_while_others_steal() {
    shim::model(|| run_and_count(3, 5, |_| 0));
}

#[test]
fn tasks_spread_over_the_workers_run_once_each() {
    shim::model(|| run_and_count(2, 4, |task| task));
}
