//! Stress test: several threads each read many messages of random sizes, sent in random parts
//! at random moments, over loopback connections, under a watchdog.

mod support;

use std::thread;
use std::time::Duration;

use nonblocking_read::read_message;
use shim::watchdog::Watchdog;
use support::{Counting, bytes, pair, send_slowly};

#[test]
fn many_messages_in_random_parts_are_read_whole() {
    let workers = thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    let watchdog = Watchdog::start("reading messages sent in parts", Duration::from_secs(10));
    let deadline = shim::stress::deadline();
    let runs: Vec<_> = (0..workers as u64)
        .map(|worker| {
            let watchdog = watchdog.handle();
            thread::spawn(move || {
                let mut next = shim::stress::random(worker);
                let mut runs = 0u64;
                while runs == 0 || std::time::Instant::now() < deadline {
                    let (reader, writer) = pair();
                    let parts = next(5) as usize;
                    let chunks: Vec<Vec<u8>> = (0..parts)
                        .map(|_| bytes(next(200_000) as usize, next(1 << 20)))
                        .collect();
                    let whole = chunks.concat();
                    let pause = Duration::from_micros(next(2_000));
                    let sender = send_slowly(writer, chunks, pause);
                    let message =
                        read_message(&mut Counting::new(reader)).expect("read_message failed");
                    sender.join().expect("the sender panicked");
                    assert_eq!(message.len(), whole.len(), "bytes were lost or added");
                    assert!(message == whole, "the bytes are wrong or out of order");
                    runs += 1;
                    watchdog.progress();
                }
                runs
            })
        })
        .collect();
    let total: u64 = runs
        .into_iter()
        .map(|run| run.join().expect("a worker panicked"))
        .sum();
    eprintln!("{total} messages read on {workers} workers");
}
