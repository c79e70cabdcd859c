//! Unit tests on real threads: each task runs once, idle workers steal, shutdown joins.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use work_stealing_pool::Pool;

/// Long enough for a loaded machine; a pool that steals needs a few milliseconds.
const STEAL_DEADLINE: Duration = Duration::from_secs(5);

/// One counter per task id: how many times it ran.
fn counters(tasks: usize) -> Arc<Vec<AtomicUsize>> {
    Arc::new((0..tasks).map(|_| AtomicUsize::new(0)).collect())
}

fn assert_each_ran_once(runs: &[AtomicUsize]) {
    for (task, count) in runs.iter().enumerate() {
        let count = count.load(Ordering::SeqCst);
        assert_eq!(
            count, 1,
            "task {task} ran {count} times after shutdown returned (every task must run exactly once)"
        );
    }
}

#[test]
fn every_task_runs_exactly_once() {
    let pool = Pool::new(4);
    let runs = counters(200);
    for task in 0..200 {
        let runs = Arc::clone(&runs);
        pool.spawn_on(task % 3, move |_| {
            runs[task].fetch_add(1, Ordering::SeqCst);
        });
    }
    pool.shutdown();
    assert_each_ran_once(&runs);
}

#[test]
fn idle_workers_steal_from_a_busy_one() {
    let pool = Pool::new(3);
    let runs = counters(30);
    let ran_elsewhere = Arc::new(AtomicUsize::new(0));
    // One deadline for all: without thieves, worker 0 waits once, not once per task.
    let deadline = Instant::now() + STEAL_DEADLINE;
    for task in 0..30 {
        let (runs, ran_elsewhere) = (Arc::clone(&runs), Arc::clone(&ran_elsewhere));
        // Every task goes to worker 0, and worker 0 stays in its first task until another
        // worker has run one: only a thief can end the wait early.
        pool.spawn_on(0, move |worker| {
            if worker == 0 {
                while ran_elsewhere.load(Ordering::SeqCst) == 0 && Instant::now() < deadline {
                    thread::sleep(Duration::from_millis(1));
                }
            } else {
                ran_elsewhere.fetch_add(1, Ordering::SeqCst);
            }
            runs[task].fetch_add(1, Ordering::SeqCst);
        });
    }
    pool.shutdown();
    let stolen = ran_elsewhere.load(Ordering::SeqCst);
    assert!(
        stolen > 0,
        "all 30 tasks were queued on worker 0, which was busy for {STEAL_DEADLINE:?}, and workers \
         1 and 2 ran none of them: idle workers must steal"
    );
    assert_each_ran_once(&runs);
}

#[test]
fn shutdown_runs_every_queued_task_and_joins_every_worker() {
    let pool = Pool::new(2);
    let runs = counters(20);
    for task in 0..20 {
        let runs = Arc::clone(&runs);
        pool.spawn_on(task, move |_| {
            thread::sleep(Duration::from_millis(2)); // still queued when shutdown starts
            runs[task].fetch_add(1, Ordering::SeqCst);
        });
    }
    pool.shutdown();
    assert_each_ran_once(&runs);
    assert_eq!(
        Arc::strong_count(&runs),
        1,
        "shutdown returned while some task had not been run and dropped yet"
    );
}

#[test]
fn dropping_the_pool_shuts_it_down_too() {
    let runs = counters(10);
    {
        let pool = Pool::new(2);
        for task in 0..10 {
            let runs = Arc::clone(&runs);
            pool.spawn_on(0, move |_| {
                thread::sleep(Duration::from_millis(2));
                runs[task].fetch_add(1, Ordering::SeqCst);
            });
        }
    } // dropped here
    assert_each_ran_once(&runs);
}

#[test]
fn a_pool_has_at_least_one_worker() {
    let pool = Pool::new(0);
    assert_eq!(pool.workers(), 1);
    let runs = counters(3);
    for task in 0..3 {
        let runs = Arc::clone(&runs);
        pool.spawn_on(task, move |worker| {
            assert_eq!(worker, 0);
            runs[task].fetch_add(1, Ordering::SeqCst);
        });
    }
    pool.shutdown();
    assert_each_ran_once(&runs);
}
