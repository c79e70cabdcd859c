//! Stress test: real threads take tickets as fast as they can for a fixed time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use lost_update::Counter;
use shim::watchdog::Watchdog;

#[test]
fn every_ticket_is_handed_out_exactly_once() {
    const THREADS: u64 = 4;
    const MOST_PER_THREAD: usize = 200_000;
    let counter = Arc::new(Counter::new(0));
    let watchdog = Watchdog::start("four threads taking tickets", Duration::from_secs(2));
    let deadline = shim::stress::deadline();
    let threads: Vec<_> = (0..THREADS)
        .map(|thread| {
            let (counter, watchdog) = (counter.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut tickets = Vec::new();
                while tickets.len() < MOST_PER_THREAD && Instant::now() < deadline {
                    // Every third call reserves a block, so `take_many` races `take` too.
                    if tickets.len() % 3 == 2 {
                        let first = counter.take_many(thread + 1);
                        tickets.extend(first..first + thread + 1);
                    } else {
                        tickets.push(counter.take());
                    }
                    watchdog.progress();
                }
                tickets
            })
        })
        .collect();
    let mut all: Vec<u64> = Vec::new();
    for thread in threads {
        all.extend(
            thread
                .join()
                .expect("a thread panicked while taking tickets"),
        );
    }
    // Every thread has finished: stop the watch, or sorting the tickets of a fast counter
    // (800 000 of them) on a busy machine could look like a stall.
    drop(watchdog);
    all.sort_unstable();
    let handed_out = all.len() as u64;
    let duplicates = all.windows(2).filter(|pair| pair[0] == pair[1]).count();
    assert_eq!(
        duplicates, 0,
        "{duplicates} tickets were handed out twice among {handed_out}: two threads read the \
         same count before either wrote it back"
    );
    assert_eq!(
        counter.peek(),
        handed_out,
        "{handed_out} distinct tickets were handed out, but the counter says {}: increments \
         were lost",
        counter.peek()
    );
}
