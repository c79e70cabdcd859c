//! Loom model of the `Queue` under the thread pool: every interleaving of a worker pushing a
//! completion with the caller waiting for it.
//!
//! Loom's condition variables never wake spuriously, so a wake-up that is lost (a push and its
//! notify that fall between the caller's check and its wait) leaves the caller asleep for
//! ever: loom reports a deadlock, every thread blocked.
#![cfg(loom)]

use proactor::Queue;
use shim::sync::Arc;
use shim::thread;

#[test]
fn a_completion_pushed_while_the_caller_waits_wakes_it() {
    shim::model(|| {
        let queue = Arc::new(Queue::new());
        let worker = {
            let queue = queue.clone();
            thread::spawn(move || queue.push(1u32))
        };
        assert_eq!(queue.pop(), 1, "the caller must get the completion pushed");
        worker.join().unwrap();
    });
}

#[test]
fn two_completions_pushed_at_once_are_both_taken() {
    shim::model(|| {
        let queue = Arc::new(Queue::new());
        let workers: Vec<_> = [1u32, 2]
            .into_iter()
            .map(|item| {
                let queue = queue.clone();
                thread::spawn(move || queue.push(item))
            })
            .collect();
        let mut taken = [queue.pop(), queue.pop()];
        taken.sort();
        assert_eq!(taken, [1, 2], "two completions pushed, two taken");
        for worker in workers {
            worker.join().unwrap();
        }
    });
}
