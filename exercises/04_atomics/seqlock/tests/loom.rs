//! Loom model: every interleaving of readers and writers, with weak memory.
//!
//! The words are atomics, so loom reports no data race here: a wrong ordering shows as a
//! read that returns a pair no writer wrote (the old first word with the new second one), or
//! an old pair after the write was over. Each writer writes `[n, n]`, so a torn pair is two
//! different words.
//!
//! Some tests declare what a read may return (its litmus outcomes) and report what each read
//! returned: when such a test fails, `threadlings explain` shows how often each came up.
#![cfg(loom)]

use seqlock::SeqLock;
use shim::outcomes::{Litmus, Outcome, observe};
use shim::sync::Arc;
use shim::thread;

/// Why no read returns words of two different writes.
const NOT_TORN: &str = "a torn pair, one word from each write: the check of `seq` after the \
                        word loads must see the write that overlapped them, and throw them away";

fn assert_whole(seen: [u64; 2], written: &[u64]) {
    assert!(
        seen[0] == seen[1] && written.contains(&seen[0]),
        "a read returned {seen:?}, but only {written:?} (each as [n, n]) were ever written: \
         it mixed two writes, or saw words that no completed write left"
    );
}

#[test]
fn a_read_racing_a_write_returns_the_old_pair_the_new_pair_or_none() {
    const RACING_READ: Litmus = Litmus {
        observed: "what each try_read() returned, write([1, 1]) racing",
        outcomes: &[
            Outcome::allowed("None", "a write was in progress or overlapped the read"),
            Outcome::allowed("Some([0, 0])", "the pair from before the write"),
            Outcome::allowed("Some([1, 1])", "the pair the write left"),
            Outcome::forbidden("Some([0, 1])", NOT_TORN),
            Outcome::forbidden("Some([1, 0])", NOT_TORN),
        ],
    };
    shim::model(|| {
        let lock = Arc::new(SeqLock::new([0, 0]));
        let writer = {
            let lock = lock.clone();
            thread::spawn(move || lock.write([1, 1]))
        };
        for _ in 0..2 {
            let read = lock.try_read();
            observe(&RACING_READ, &read);
            if let Some(seen) = read {
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
    /// Why two writers' words never mix.
    const ONE_AT_A_TIME: &str = "both writers wrote at once: a writer must make `seq` odd only \
                                 when it was even, so the other waits";
    const AFTER_BOTH: Litmus = Litmus {
        observed: "what try_read() returned after write([1, 1]) and write([2, 2]) both ended",
        outcomes: &[
            Outcome::allowed("Some([1, 1])", "writer 1 took its turn last"),
            Outcome::allowed("Some([2, 2])", "writer 2 took its turn last"),
            Outcome::forbidden("None", "`seq` is odd with no write in progress"),
            Outcome::forbidden("Some([1, 2])", ONE_AT_A_TIME),
            Outcome::forbidden("Some([2, 1])", ONE_AT_A_TIME),
        ],
    };
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
        observe(&AFTER_BOTH, &last);
        assert!(
            last == Some([1, 1]) || last == Some([2, 2]),
            "after both writers finished, try_read returned {last:?}: two writers wrote at \
             once (or left `seq` odd); a writer must wait while another is writing"
        );
    });
}

#[test]
fn read_waits_out_a_write_in_progress() {
    const WAITED_READ: Litmus = Litmus {
        observed: "what read() returned, write([1, 1]) racing",
        outcomes: &[
            Outcome::allowed("[0, 0]", "the pair from before the write"),
            Outcome::allowed("[1, 1]", "the pair the write left"),
            Outcome::forbidden("[0, 1]", NOT_TORN),
            Outcome::forbidden("[1, 0]", NOT_TORN),
        ],
    };
    shim::model(|| {
        let lock = Arc::new(SeqLock::new([0, 0]));
        let writer = {
            let lock = lock.clone();
            thread::spawn(move || lock.write([1, 1]))
        };
        let seen = lock.read();
        observe(&WAITED_READ, &seen);
        assert_whole(seen, &[0, 1]);
        writer.join().unwrap();
    });
}
