//! Unit tests: `block_on` on futures ready at once, futures that wake themselves, futures
//! finished by other threads in steps (counting polls against wake-ups), and spurious unparks.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use block_on::block_on;
use support::{WakesItself, steps};

/// Runs `work` on its own thread and fails, explaining, if it does not finish in time.
fn within<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(Duration::from_secs(5)) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!(
            "block_on never returned (5 s): the future was woken, but the blocked thread was \
             not. Does the waker unpark the thread that parks, and does block_on poll again \
             after park returns?"
        ),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("block_on panicked (see above)"),
    }
}

#[test]
fn a_future_ready_at_once_gives_its_output() {
    assert_eq!(within(|| block_on(async { 6 * 7 })), 42);
    assert_eq!(within(|| block_on(std::future::ready("ready"))), "ready");
}

#[test]
fn a_wake_before_the_park_is_not_lost() {
    // The future wakes itself before returning Pending: the unpark comes before the park,
    // and park's token must carry it.
    let polls = within(|| block_on(WakesItself { times: 5, polls: 0 }));
    assert_eq!(polls, 6, "polled once more per Pending, then Ready");
}

#[test]
fn a_future_finished_by_another_thread_in_steps_is_polled_once_per_wake() {
    let (steps_future, stepper) = steps(3, "done");
    let stepping = stepper.clone();
    let outside = thread::spawn(move || {
        for _ in 0..3 {
            thread::sleep(Duration::from_millis(10));
            stepping.step();
        }
    });
    assert_eq!(within(move || block_on(steps_future)), "done");
    outside.join().unwrap();
    let (polls, wakes) = stepper.polls_and_wakes();
    // One poll to start, one per wake; a little room for the rare spurious unpark of std.
    assert!(
        polls <= wakes + 3,
        "block_on polled {polls} times for {wakes} wake-ups: it must park while the future is \
         pending, not poll in a loop"
    );
}

#[test]
fn a_future_that_needs_several_wakes_gets_all_of_them() {
    let (steps_future, stepper) = steps(4, 7u64);
    let outside = thread::spawn(move || {
        for _ in 0..4 {
            thread::sleep(Duration::from_millis(2));
            stepper.step();
        }
    });
    assert_eq!(within(move || block_on(steps_future)), 7, "a wrong output");
    outside.join().unwrap();
}

#[test]
fn spurious_unparks_do_not_break_it() {
    // Another thread unparks the blocked thread again and again, though nothing woke it:
    // park returns early, and block_on must poll again and go back to sleep.
    let output = within(|| {
        let (steps_future, stepper) = steps(3, 'x');
        let blocked = thread::current();
        let finished = Arc::new(AtomicBool::new(false));
        let stop = finished.clone();
        // Relaxed: only a stop sign for the unparking loop; nothing else rides on it.
        let unparking = thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                blocked.unpark();
                thread::sleep(Duration::from_micros(200));
            }
        });
        let outside = thread::spawn(move || {
            for _ in 0..3 {
                thread::sleep(Duration::from_millis(5));
                stepper.step();
            }
        });
        let output = block_on(steps_future);
        finished.store(true, Ordering::Relaxed);
        outside.join().unwrap();
        unparking.join().unwrap();
        output
    });
    assert_eq!(output, 'x');
}

#[test]
fn async_blocks_and_nested_block_on_work() {
    let output = within(|| {
        block_on(async {
            let (first, stepper) = steps(1, 2);
            let outside = thread::spawn(move || stepper.step());
            let two = first.await;
            outside.join().unwrap();
            two + block_on(async { 3 })
        })
    });
    assert_eq!(output, 5);
}
