//! Unit tests: each thread keeps its own count, and the count reaches the total when the
//! thread ends (or flushes), exactly once.
//!
//! The total is one global for the whole process, so the tests look at how much it grew.
//! threadlings runs every test in a process of its own; under plain `cargo test`, pass
//! `-- --test-threads=1`, or another test's threads would add to the total meanwhile.

use std::sync::mpsc;
use std::thread;

use thread_local_stats::{count, flush, this_thread, total};

/// How much the total grew since it was `before` (negative if an answer wrote over it).
fn added_since(before: u64) -> i128 {
    i128::from(total()) - i128::from(before)
}

#[test]
fn every_thread_has_its_own_count() {
    count(10);
    let theirs = thread::spawn(|| {
        let at_start = this_thread();
        count(3);
        (at_start, this_thread())
    })
    .join()
    .expect("the counting thread panicked");
    assert_eq!(
        theirs,
        (0, 3),
        "a new thread starts from 0 and sees only its own events, whatever other threads counted"
    );
    assert_eq!(
        this_thread(),
        10,
        "this thread's count did not change when another thread counted"
    );
}

#[test]
fn a_thread_count_reaches_the_total_when_the_thread_ends() {
    let before = total();
    thread::spawn(|| {
        count(5);
        count(2);
    })
    .join()
    .expect("the counting thread panicked");
    assert_eq!(
        added_since(before),
        7,
        "a thread counted 7 events and ended without calling flush: its count must reach the \
         total when the thread ends (when its thread-local values are dropped)"
    );
}

#[test]
fn a_running_thread_keeps_its_count_to_itself() {
    let before = total();
    let (counted, counted_rx) = mpsc::channel();
    let (finish, finish_rx) = mpsc::channel::<()>();
    let worker = thread::spawn(move || {
        count(4);
        counted.send(()).expect("the test stopped listening");
        // Stay alive until the test has looked at the total.
        let _ = finish_rx.recv();
    });
    counted_rx.recv().expect("the counting thread panicked");
    assert_eq!(
        added_since(before),
        0,
        "a thread that is still running counted 4 events and did not flush, yet the total \
         already holds them: `count` must change only the thread's own counter (no shared \
         write, no contention), like errno"
    );
    finish.send(()).expect("the counting thread ended early");
    worker.join().expect("the counting thread panicked");
    assert_eq!(
        added_since(before),
        4,
        "the thread has ended, so its 4 events must be in the total: a thread's count reaches \
         the total when the thread ends (when its thread-local values are dropped)"
    );
}

#[test]
fn flush_moves_the_count_now_and_only_once() {
    let before = total();
    count(3);
    flush();
    assert_eq!(
        this_thread(),
        0,
        "after flush, this thread has nothing left to add"
    );
    assert_eq!(
        added_since(before),
        3,
        "flush adds this thread's 3 events at once"
    );
    thread::spawn(|| {
        count(2);
        flush();
        count(1);
    })
    .join()
    .expect("the counting thread panicked");
    assert_eq!(
        added_since(before),
        6,
        "3 flushed here, then a thread flushed 2 and ended with 1 more: 6 in all. A count \
         flushed once must not be added again when the thread ends"
    );
}

#[test]
fn every_thread_adds_its_own_count() {
    let before = total();
    let threads: Vec<_> = (1..=8)
        .map(|events| thread::spawn(move || count(events)))
        .collect();
    for thread in threads {
        thread.join().expect("a counting thread panicked");
    }
    assert_eq!(
        added_since(before),
        36,
        "8 threads counted 1, 2, ..., 8 events: 36 in all. Each thread's count must be added \
         to the total, not written over it"
    );
}
