//! Stress test: real threads writing and reading one sequence lock as fast as they can, for a
//! fixed time, under a watchdog.
//!
//! On x86 this almost never shows a wrong ordering (the loom stage does); it checks that
//! readers make progress while writers write, and that no read is ever torn at full speed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use seqlock::SeqLock;
use shim::watchdog::Watchdog;

const WRITERS: u64 = 2;
const READERS: usize = 2;

/// A pair whose second word follows from the first, so a torn read is caught.
fn pair(n: u64) -> [u64; 2] {
    [n, n.rotate_left(32) ^ 0x5555_5555_5555_5555]
}

#[test]
fn readers_see_only_whole_pairs_while_writers_write() {
    let lock = Arc::new(SeqLock::new(pair(0)));
    let stop = Arc::new(AtomicBool::new(false));
    let watchdog = Watchdog::start("readers and writers of a seqlock", Duration::from_secs(5));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (lock, stop, watchdog) = (lock.clone(), stop.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut n = writer;
                while !stop.load(Ordering::Relaxed) {
                    n += WRITERS;
                    lock.write(pair(n));
                    watchdog.progress();
                }
            })
        })
        .collect();
    let readers: Vec<_> = (0..READERS)
        .map(|_| {
            let (lock, stop, watchdog) = (lock.clone(), stop.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut reads = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let seen = lock.read();
                    assert_eq!(
                        seen,
                        pair(seen[0]),
                        "a read returned {seen:x?}, which no writer wrote: two writes mixed"
                    );
                    reads += 1;
                    watchdog.progress();
                }
                reads
            })
        })
        .collect();
    std::thread::sleep(shim::stress::duration());
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.join().expect("a writer thread panicked");
    }
    for reader in readers {
        let reads = reader
            .join()
            .expect("a reader thread panicked (see its message above)");
        assert!(
            reads > 0,
            "a reader never finished a read while the writers wrote"
        );
    }
}
