//! Stress test: real producers and consumers for a fixed time, under a watchdog.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bounded_queue::BoundedQueue;
use shim::watchdog::Watchdog;

/// What a producer sends when the time is up: "I am done".
const DONE: u64 = u64::MAX;

#[test]
fn producers_and_consumers_hammering_the_queue_lose_nothing() {
    const CAPACITY: usize = 4;
    let pairs = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(2);
    let queue = Arc::new(BoundedQueue::new(CAPACITY));
    let too_full = Arc::new(AtomicBool::new(false));
    let watchdog = Watchdog::start(
        "producers and consumers on the queue",
        Duration::from_secs(5),
    );
    let deadline = shim::stress::deadline();
    let producers: Vec<_> = (0..pairs)
        .map(|_| {
            let (queue, too_full, watchdog) = (queue.clone(), too_full.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let (mut sent, mut sum) = (0u64, 0u64);
                while Instant::now() < deadline {
                    queue.push(sent);
                    sum += sent;
                    sent += 1;
                    if queue.len() > CAPACITY {
                        // Relaxed: a flag read after every thread has been joined.
                        too_full.store(true, Ordering::Relaxed);
                    }
                    watchdog.progress();
                }
                queue.push(DONE);
                sum
            })
        })
        .collect();
    let consumers: Vec<_> = (0..pairs)
        .map(|_| {
            let (queue, watchdog) = (queue.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut sum = 0u64;
                // Each consumer stops at the first DONE; there is one DONE per consumer.
                loop {
                    match queue.pop() {
                        DONE => return sum,
                        item => sum += item,
                    }
                    watchdog.progress();
                }
            })
        })
        .collect();
    let sent: u64 = producers
        .into_iter()
        .map(|p| p.join().expect("a producer panicked"))
        .sum();
    let received: u64 = consumers
        .into_iter()
        .map(|c| c.join().expect("a consumer panicked"))
        .sum();
    assert!(
        !too_full.load(Ordering::Relaxed),
        "the queue held more than its capacity of {CAPACITY}"
    );
    assert_eq!(
        received, sent,
        "items were lost or duplicated under contention"
    );
    assert_eq!(queue.len(), 0);
}
