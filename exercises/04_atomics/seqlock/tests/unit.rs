//! Unit tests: what a sequence lock does, on real threads.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use seqlock::SeqLock;
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};

// Every field is atomic: the lock may be shared and sent freely...
assert_impl_all!(SeqLock: Send, Sync);
// ...but it is one place in memory, not a value to duplicate behind the writers' backs.
assert_not_impl_any!(SeqLock: Clone, Copy);

#[test]
fn a_new_lock_reads_its_initial_value() {
    let lock = SeqLock::new([3, 4]);
    assert_eq!(
        lock.read(),
        [3, 4],
        "read must return the value given to `new`"
    );
    assert_eq!(
        lock.try_read(),
        Some([3, 4]),
        "with no write in progress, try_read must succeed"
    );
}

#[test]
fn a_read_after_a_write_returns_what_was_written() {
    let lock = SeqLock::new([0, 0]);
    for round in 1..=3 {
        lock.write([round, round * 10]);
        assert_eq!(
            lock.read(),
            [round, round * 10],
            "after write number {round}"
        );
        assert_eq!(lock.try_read(), Some([round, round * 10]));
    }
}

/// The pair a test writer writes: its second word is derived from the first, so a read that
/// mixes two writes (a torn read) is caught.
fn pair(n: u64) -> [u64; 2] {
    [n, !n]
}

fn is_whole(value: [u64; 2]) -> bool {
    value == pair(value[0])
}

#[test]
fn readers_racing_writers_see_only_whole_pairs() {
    const WRITERS: u64 = 2;
    const WRITES: u64 = 2_000;
    let lock = Arc::new(SeqLock::new(pair(0)));
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = Watchdog::start("readers and writers of a seqlock", Duration::from_secs(5));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (lock, watchdog) = (lock.clone(), watchdog.handle());
            std::thread::spawn(move || {
                for n in 1..=WRITES {
                    lock.write(pair(n * WRITERS + writer));
                    watchdog.progress();
                }
            })
        })
        .collect();
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (lock, done, watchdog) = (lock.clone(), done.clone(), watchdog.handle());
            std::thread::spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    let seen = lock.read();
                    assert!(is_whole(seen), "a read mixed two writes: {seen:?}");
                    watchdog.progress();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("a writer thread panicked");
    }
    done.store(true, Ordering::Relaxed);
    for reader in readers {
        reader
            .join()
            .expect("a reader thread panicked (see its message above)");
    }
    let last = lock.read();
    assert!(
        is_whole(last) && last[0] / WRITERS == WRITES,
        "after every writer finished, read returned {last:?}: not the last write of a writer \
         (did two writers write at once?)"
    );
}
