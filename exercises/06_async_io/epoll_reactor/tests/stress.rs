//! Stress test: rounds of many readers on one thread and one reactor, their messages of
//! random sizes sent in random parts after random pauses, on two threads at once, under a
//! watchdog.

mod support;

#[cfg(target_os = "linux")]
mod on_linux {
    use std::thread;
    use std::time::{Duration, Instant};

    use shim::watchdog::Watchdog;

    use super::support::{bytes, pair, read_all, send_slowly};

    #[test]
    fn many_readers_in_random_parts_get_their_messages() {
        let watchdog = Watchdog::start(
            "reading many sockets through one reactor",
            Duration::from_secs(10),
        );
        let deadline = shim::stress::deadline();
        let workers: Vec<_> = (0..2u64)
            .map(|worker| {
                let watchdog = watchdog.handle();
                thread::spawn(move || {
                    let mut next = shim::stress::random(worker);
                    let mut read = 0;
                    while read == 0 || Instant::now() < deadline {
                        let count = 1 + next(20) as usize;
                        let (readers, sent): (Vec<_>, Vec<_>) = (0..count)
                            .map(|_| {
                                let (reader, writer) = pair();
                                let parts = next(4) as usize;
                                let chunks: Vec<Vec<u8>> = (0..parts)
                                    .map(|_| bytes(next(100_000) as usize, next(1 << 20)))
                                    .collect();
                                let whole = chunks.concat();
                                let pause = Duration::from_micros(next(2_000));
                                (reader, (whole, send_slowly(writer, chunks, pause)))
                            })
                            .unzip();
                        let messages = read_all(readers);
                        for (message, (whole, sender)) in messages.into_iter().zip(sent) {
                            sender.join().expect("a sender panicked");
                            assert_eq!(message.len(), whole.len(), "bytes were lost or added");
                            assert!(message == whole, "the bytes are wrong or out of order");
                        }
                        read += count;
                        watchdog.progress();
                    }
                    read
                })
            })
            .collect();
        let total: usize = workers
            .into_iter()
            .map(|worker| worker.join().expect("a worker panicked"))
            .sum();
        eprintln!("{total} messages read");
    }
}
