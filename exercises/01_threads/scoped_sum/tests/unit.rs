//! Unit tests: the sum is right, every number is counted once, and the work is really shared
//! by threads that run at the same time.

use std::collections::{HashMap, HashSet};
use std::sync::{Condvar, Mutex};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use scoped_sum::parallel_sum;

#[test]
fn the_sum_is_the_sum() {
    let numbers: Vec<u64> = (1..=1000).collect();
    for threads in [1, 2, 3, 4, 7] {
        assert_eq!(
            parallel_sum(&numbers, threads, |n| n),
            500_500,
            "1 + 2 + ... + 1000 on {threads} threads"
        );
        assert_eq!(
            parallel_sum(&numbers, threads, |n| n % 10),
            4500,
            "the sum of value(n), not of n, on {threads} threads"
        );
    }
}

#[test]
fn small_inputs_and_odd_thread_counts_still_add_up() {
    assert_eq!(parallel_sum(&[], 4, |n| n), 0, "nothing to add is 0");
    assert_eq!(parallel_sum(&[5], 4, |n| n), 5, "one number, four threads");
    assert_eq!(
        parallel_sum(&[1, 2, 3], 8, |n| n),
        6,
        "more threads than numbers"
    );
    assert_eq!(
        parallel_sum(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4, |n| n),
        55,
        "10 numbers do not split evenly over 4 threads: none may be lost at the end"
    );
    assert_eq!(
        parallel_sum(&[1, 2, 3], 0, |n| n),
        6,
        "threads == 0 counts as one thread"
    );
}

#[test]
fn every_number_is_valued_exactly_once() {
    let numbers: Vec<u64> = (0..103).collect();
    let seen = Mutex::new(Vec::new());
    parallel_sum(&numbers, 4, |n| {
        seen.lock().unwrap().push(n);
        n
    });
    let mut seen = seen.into_inner().unwrap();
    seen.sort_unstable();
    assert_eq!(
        seen, numbers,
        "value() must be called once for each number: a chunk was missed or done twice"
    );
}

#[test]
fn the_work_is_shared_evenly_by_at_most_threads_threads() {
    let numbers: Vec<u64> = (0..100).collect();
    let per_thread: Mutex<HashMap<ThreadId, usize>> = Mutex::new(HashMap::new());
    parallel_sum(&numbers, 4, |n| {
        *per_thread
            .lock()
            .unwrap()
            .entry(thread::current().id())
            .or_default() += 1;
        n
    });
    let per_thread = per_thread.into_inner().unwrap();
    assert!(
        per_thread.len() <= 4,
        "{} threads called value(), but parallel_sum was given 4 threads",
        per_thread.len()
    );
    let most = per_thread.values().max().copied().unwrap_or(0);
    assert!(
        most <= 25,
        "one thread valued {most} of the 100 numbers; with 4 threads none should value more \
         than 25 (100 / 4, rounded up): the work was not split between threads"
    );
}

/// The threads that have called `value` at least once, and a condition variable to wait for
/// more; `gave_up` once a thread waited in vain, so the others need not wait as well.
struct Arrivals {
    threads: HashSet<ThreadId>,
    gave_up: bool,
}

#[test]
fn the_threads_run_at_the_same_time() {
    const THREADS: usize = 4;
    // Generous: four threads start in microseconds, even on a busy machine.
    const PATIENCE: Duration = Duration::from_secs(5);
    let numbers: Vec<u64> = (0..32).collect();
    let arrivals = Mutex::new(Arrivals {
        threads: HashSet::new(),
        gave_up: false,
    });
    let changed = Condvar::new();
    let caller = thread::current().id();
    parallel_sum(&numbers, THREADS, |n| {
        let me = thread::current().id();
        let mut arrived = arrivals.lock().unwrap();
        if arrived.threads.insert(me) {
            changed.notify_all();
            // A started thread waits (a while) until all four are running: if the threads
            // really run at the same time, they all get here. The caller may take a chunk
            // too; it never waits, so a one-thread version fails fast below.
            let deadline = Instant::now() + PATIENCE;
            while me != caller && arrived.threads.len() < THREADS && !arrived.gave_up {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    arrived.gave_up = true;
                    break;
                }
                arrived = changed.wait_timeout(arrived, left).unwrap().0;
            }
        }
        n
    });
    let arrivals = arrivals.into_inner().unwrap();
    assert_eq!(
        arrivals.threads.len(),
        THREADS,
        "32 numbers on 4 threads: 4 threads should share the work, but {} did",
        arrivals.threads.len()
    );
    assert!(
        !arrivals.gave_up,
        "32 numbers on 4 threads: a thread waited {PATIENCE:?} for the other three to start \
         working, and they did not. Start every thread before you join any of them"
    );
}
