//! Unit tests: tasks run to completion, a task woken twice before it runs is polled once, a
//! task woken while it runs is polled again, wakes from other threads, and `run` ends only
//! when every task is done.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use executor::Executor;
use support::{gate, yield_now};

/// Runs `work` on its own thread and fails, explaining, if it does not finish in time.
fn within<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(Duration::from_secs(5)) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!(
            "run never returned (5 s): a task was woken but never polled again. Is a task \
             woken while it runs put back on the queue (clear its `queued` flag before the \
             poll, not after)? Does run sleep on the condvar and wake when a task is queued?"
        ),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("run panicked (see above)"),
    }
}

#[test]
fn every_spawned_task_runs_to_completion() {
    let finished = Arc::new(AtomicUsize::new(0));
    let counted = finished.clone();
    within(move || {
        let mut executor = Executor::new();
        for _ in 0..3 {
            let counted = counted.clone();
            // Relaxed: a counter read after `run` returned and the thread was joined.
            executor.spawn(async move {
                counted.fetch_add(1, Ordering::Relaxed);
            });
        }
        executor.run();
    });
    assert_eq!(
        finished.load(Ordering::Relaxed),
        3,
        "run returned before every task ran"
    );
    within(|| Executor::new().run());
}

#[test]
fn a_task_woken_twice_before_it_runs_is_polled_once() {
    let (first, opener) = gate();
    let watched = opener.clone();
    within(move || {
        let mut executor = Executor::new();
        executor.spawn(first);
        // Runs after the gate's first poll: two wakes while the gate's task sits in the
        // queue, then a yield, then the gate opens.
        executor.spawn(async move {
            opener.nudge();
            opener.nudge();
            yield_now().await;
            opener.open();
        });
        executor.run();
    });
    let (polls, done) = watched.polls();
    assert!(done, "run returned before the gate's task was done");
    assert_eq!(
        polls, 3,
        "the gate was polled {polls} times; expected 3 (the first poll, one for the two wakes \
         that came while it was queued, one after it opened): a task already in the queue \
         must not be queued again"
    );
}

#[test]
fn a_task_woken_while_it_runs_is_polled_again() {
    let yields = within(|| {
        let count = Arc::new(AtomicUsize::new(0));
        let counted = count.clone();
        let mut executor = Executor::new();
        executor.spawn(async move {
            for _ in 0..5 {
                yield_now().await;
                // Relaxed: read after `run` returned, on this same thread.
                counted.fetch_add(1, Ordering::Relaxed);
            }
        });
        executor.run();
        count.load(Ordering::Relaxed)
    });
    assert_eq!(yields, 5);
}

#[test]
fn tasks_woken_from_other_threads_finish_and_run_waits_for_them() {
    let openers = within(|| {
        let mut executor = Executor::new();
        let mut openers = Vec::new();
        for _ in 0..4 {
            let (task, opener) = gate();
            executor.spawn(task);
            openers.push(opener);
        }
        let outside = openers.clone();
        let opening = thread::spawn(move || {
            for opener in outside.iter().rev() {
                thread::sleep(Duration::from_millis(5));
                opener.nudge();
                opener.open();
            }
        });
        executor.run();
        opening.join().unwrap();
        openers
    });
    for opener in openers {
        let (polls, done) = opener.polls();
        assert!(
            done,
            "run returned while a task was still waiting for its wake"
        );
        assert!(
            polls <= 3,
            "a gate was polled {polls} times for at most two wakes"
        );
    }
}

#[test]
fn a_wake_after_a_task_is_done_does_not_poll_it_again() {
    let (first, opener) = gate();
    within(move || {
        let mut executor = Executor::new();
        executor.spawn(first);
        executor.spawn(async move {
            opener.open();
            yield_now().await;
            // The gate's task is done by now; this late wake must not poll it again.
            opener.nudge();
        });
        executor.run();
    });
}
