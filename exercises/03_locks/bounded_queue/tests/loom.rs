//! Loom model: every interleaving of producers and consumers on a queue of capacity 1.
//!
//! Loom's condition variables never wake spuriously, so a thread that is not notified when it
//! could go on sleeps for ever, and loom reports the deadlock: a missing notify, or a
//! `notify_one` that woke a thread of the wrong kind.
#![cfg(loom)]

use bounded_queue::BoundedQueue;
use shim::sync::Arc;
use shim::thread;

#[test]
fn one_producer_one_consumer_hand_over_every_item_in_order() {
    shim::model(|| {
        let queue = Arc::new(BoundedQueue::new(1));
        let consumer = {
            let queue = queue.clone();
            thread::spawn(move || (queue.pop(), queue.pop()))
        };
        queue.push(1);
        queue.push(2);
        assert!(queue.len() <= 1, "a queue of capacity 1 held more");
        assert_eq!(
            consumer.join().unwrap(),
            (1, 2),
            "items lost or out of order"
        );
    });
}

#[test]
fn a_pop_wakes_the_producer_not_only_another_consumer() {
    // Two consumers and a producer of two items, capacity 1: after the producer blocks on the
    // full queue, the consumer that empties it must wake the producer, whoever else sleeps.
    shim::model(|| {
        let queue = Arc::new(BoundedQueue::new(1));
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let queue = queue.clone();
                thread::spawn(move || queue.pop())
            })
            .collect();
        queue.push(1);
        queue.push(2);
        let mut got: Vec<i32> = consumers.into_iter().map(|c| c.join().unwrap()).collect();
        got.sort_unstable();
        assert_eq!(got, vec![1, 2], "an item was lost or popped twice");
        assert_eq!(queue.len(), 0);
    });
}
