//! Loom model: every interleaving of readers and writers, with weak memory.
//!
//! The words are atomics, so loom reports no data race here: a wrong ordering shows as a
//! read that returns a pair no writer wrote (the old first word with the new second one), or
//! an old pair after the write was over. Each writer writes `[n, n]`, so a torn pair is two
//! different words.
#![cfg(loom)]

use seqlock::SeqLock;
use shim::sync::Arc;
use shim::thread;

fn assert_whole(seen: [u64; 2], written: &[u64]) {
    assert!(
        seen[0] == seen[1] && written.contains(&seen[0]),
        "a read returned {seen:?}, but only {written:?} (each as [n, n]) were ever written: \
         it mixed two writes, or saw words that no completed write left"
    );
}

#[test]
fn a_read_racing_a_write_returns_the_old_pair_the_new_pair_or_none() {
    shim::model(|| {
        let lock = Arc::new(SeqLock::new([0, 0]));
        let writer = {
            let lock = lock.clone();
            thread::spawn(move || lock.write([1, 1]))
        };
        for _ in 0..2 {
            if let Some(seen) = lock.try_read() {
                assert_whole(seen, &[0, 1]);
            }
            thread::yield_now();
        }
        writer.join().unwrap();
        assert_eq!(
            lock.try_read(),
            Some([1, 1]),
            "the write is over (its thread was joined): try_read must return it, not None \
             (is `seq` even again?) and not the old pair"
        );
    });
}

#[test]
fn a_reader_never_mixes_two_writes() {
    shim::model(|| {
        let lock = Arc::new(SeqLock::new([0, 0]));
        let reader = {
            let lock = lock.clone();
            thread::spawn(move || {
                let mut last = 0;
                for _ in 0..2 {
                    if let Some(seen) = lock.try_read() {
                        assert_whole(seen, &[0, 1, 2]);
                        assert!(
                            seen[0] >= last,
                            "a read returned write {} after an earlier read saw write \
                             {last}: a stale value",
                            seen[0]
                        );
                        last = seen[0];
                    }
                    thread::yield_now();
                }
            })
        };
        lock.write([1, 1]);
        lock.write([2, 2]);
        reader.join().unwrap();
    });
}

#[test]
fn writers_take_turns() {
    shim::model(|| {
        let lock = Arc::new(SeqLock::new([0, 0]));
        let writers: Vec<_> = [1, 2]
            .into_iter()
            .map(|n| {
                let lock = lock.clone();
                thread::spawn(move || lock.write([n, n]))
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let last = lock.try_read();
        assert!(
            last == Some([1, 1]) || last == Some([2, 2]),
            "after both writers finished, try_read returned {last:?}: two writers wrote at \
             once (or left `seq` odd); a writer must wait while another is writing"
        );
    });
}

#[test]
fn read_waits_out_a_write_in_progress() {
    shim::model(|| {
        let lock = Arc::new(SeqLock::new([0, 0]));
        let writer = {
            let lock = lock.clone();
            thread::spawn(move || lock.write([1, 1]))
        };
        assert_whole(lock.read(), &[0, 1]);
        writer.join().unwrap();
    });
}
