//! Unit tests: the queue's behaviour on real threads. The checker makes one condition variable
//! wait in four return spuriously here, as real ones may.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bounded_queue::BoundedQueue;
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};

// Items move from the pushing thread to the popping one: shareable exactly when `T: Send`.
assert_impl_all!(BoundedQueue<Cell<u8>>: Send, Sync);
assert_not_impl_any!(BoundedQueue<Rc<u8>>: Send, Sync);

#[test]
fn items_come_out_in_the_order_they_went_in() {
    let queue = BoundedQueue::new(3);
    for item in 1..=3 {
        queue.push(item);
    }
    assert_eq!(queue.len(), 3);
    let popped: Vec<i32> = (0..3).map(|_| queue.pop()).collect();
    assert_eq!(popped, vec![1, 2, 3], "a queue is first in, first out");
    assert_eq!(queue.len(), 0);
}

/// Runs `blocked` on another thread while `ready` is false, keeps it waiting (and waking
/// spuriously) for a while, then sets `ready` and calls `unblock`. Returns what `blocked`
/// saw of `ready` once it got through.
fn waits_until(blocked: impl FnOnce() + Send + 'static, unblock: impl FnOnce()) -> bool {
    let ready = Arc::new(AtomicBool::new(false));
    let watchdog = Watchdog::start("a blocked push or pop", Duration::from_secs(5));
    let thread = {
        let ready = ready.clone();
        std::thread::spawn(move || {
            blocked();
            // SeqCst: test bookkeeping only; the strongest ordering keeps it simple.
            ready.load(Ordering::SeqCst)
        })
    };
    for _ in 0..20 {
        std::thread::sleep(Duration::from_millis(2));
        watchdog.progress();
    }
    ready.store(true, Ordering::SeqCst);
    unblock();
    thread.join().expect("the blocked thread panicked")
}

#[test]
fn push_waits_while_the_queue_is_full() {
    let queue = Arc::new(BoundedQueue::new(2));
    queue.push(1);
    queue.push(2);
    let pusher = queue.clone();
    let got_through_after_a_pop = waits_until(
        move || {
            pusher.push(3);
            assert!(
                pusher.len() <= 2,
                "push went on into a full queue of capacity 2"
            );
        },
        || assert_eq!(queue.pop(), 1),
    );
    assert!(
        got_through_after_a_pop,
        "push returned while the queue was full: re-check after every wake-up (a wait can \
         end spuriously)"
    );
    assert_eq!((queue.pop(), queue.pop()), (2, 3));
}

#[test]
fn pop_waits_while_the_queue_is_empty() {
    let queue = Arc::new(BoundedQueue::new(2));
    let popper = queue.clone();
    let got_through_after_a_push = waits_until(
        move || {
            assert_eq!(
                popper.pop(),
                7,
                "pop returned an item that was never pushed"
            )
        },
        || queue.push(7),
    );
    assert!(
        got_through_after_a_push,
        "pop returned while the queue was empty: re-check after every wake-up"
    );
    assert_eq!(queue.len(), 0);
}

#[test]
fn producers_and_consumers_lose_and_duplicate_nothing() {
    const CAPACITY: usize = 3;
    const PRODUCERS: usize = 3;
    const CONSUMERS: usize = 3;
    const PER_PRODUCER: usize = 400;
    const PER_CONSUMER: usize = PRODUCERS * PER_PRODUCER / CONSUMERS;
    let queue = Arc::new(BoundedQueue::new(CAPACITY));
    let watchdog = Watchdog::start(
        "producers and consumers on the queue",
        Duration::from_secs(5),
    );
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|producer| {
            let (queue, watchdog) = (queue.clone(), watchdog.handle());
            std::thread::spawn(move || {
                for n in 0..PER_PRODUCER {
                    queue.push(producer * PER_PRODUCER + n);
                    let len = queue.len();
                    assert!(
                        len <= CAPACITY,
                        "the queue held {len} items, capacity {CAPACITY}"
                    );
                    watchdog.progress();
                }
            })
        })
        .collect();
    let consumers: Vec<_> = (0..CONSUMERS)
        .map(|_| {
            let (queue, watchdog) = (queue.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut got = Vec::with_capacity(PER_CONSUMER);
                for _ in 0..PER_CONSUMER {
                    got.push(queue.pop());
                    watchdog.progress();
                }
                got
            })
        })
        .collect();
    for producer in producers {
        producer.join().expect("a producer panicked");
    }
    let mut received: Vec<usize> = consumers
        .into_iter()
        .flat_map(|consumer| consumer.join().expect("a consumer panicked"))
        .collect();
    received.sort_unstable();
    let expected: Vec<usize> = (0..PRODUCERS * PER_PRODUCER).collect();
    assert!(
        received == expected,
        "items were lost or duplicated on the way through the queue"
    );
    assert_eq!(queue.len(), 0);
}
