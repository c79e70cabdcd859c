//! Loom model: `run` racing wakes from another thread, in every interleaving.
//!
//! A wake that comes while the task is being polled must queue it again; a wake that comes
//! while `run` is going to sleep on the condvar must wake it. A lost wake-up leaves `run`
//! asleep with every other thread finished, and loom reports a deadlock.
#![cfg(loom)]

mod support;

use executor::Executor;
use shim::thread;
use support::gate;

#[test]
fn a_task_opened_by_another_thread_finishes() {
    shim::model(|| {
        let (task, opener) = gate();
        let mut executor = Executor::new();
        executor.spawn(task);
        let outside = thread::spawn(move || opener.open());
        executor.run();
        outside.join().unwrap();
    });
}

#[test]
fn a_stale_wake_and_an_open_from_another_thread_both_land() {
    shim::model(|| {
        let (task, opener) = gate();
        let watched = opener.clone();
        let mut executor = Executor::new();
        executor.spawn(task);
        let outside = thread::spawn(move || {
            opener.nudge();
            opener.open();
        });
        executor.run();
        outside.join().unwrap();
        let (polls, done) = watched.polls();
        assert!(done, "run returned before the task was done");
        assert!(polls <= 3, "polled {polls} times for two wakes");
    });
}
