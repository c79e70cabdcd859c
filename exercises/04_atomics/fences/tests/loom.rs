//! Loom model: every interleaving of writers pinning values and a reader collecting them,
//! with weak memory.
//!
//! Loom tracks each access to a slot's value (through `shim::cell::UnsafeCell`). When a reader
//! reads a value with no happens-before edge from the write, loom stops with a "Causality
//! violation". With Relaxed flags, only the pair of fences makes that edge: a Release fence
//! before the flag store in `pin`, an Acquire fence after the flag loads in `read_all`.
#![cfg(loom)]

use fences::Board;
use shim::sync::Arc;
use shim::thread;

fn assert_values(seen: &[Option<u64>], values: &[u64]) {
    for (slot, (seen, value)) in seen.iter().zip(values).enumerate() {
        assert!(
            seen.is_none() || *seen == Some(*value),
            "slot {slot} returned {seen:?}, but only {value} was ever pinned there"
        );
    }
}

#[test]
fn a_reader_racing_the_writer_sees_only_whole_values() {
    shim::model(|| {
        let board = Arc::new(Board::new(2));
        let writer = {
            let board = board.clone();
            thread::spawn(move || {
                board.pin(0, 10);
                board.pin(1, 11);
            })
        };
        for _ in 0..2 {
            assert_values(&board.read_all(), &[10, 11]);
            thread::yield_now();
        }
        writer.join().unwrap();
        assert_eq!(board.read_all(), [Some(10), Some(11)]);
    });
}

#[test]
fn one_read_collects_values_from_two_writers() {
    shim::model(|| {
        let board = Arc::new(Board::new(2));
        let writers: Vec<_> = [0, 1]
            .into_iter()
            .map(|slot| {
                let board = board.clone();
                thread::spawn(move || board.pin(slot, 20 + slot as u64))
            })
            .collect();
        assert_values(&board.read_all(), &[20, 21]);
        for writer in writers {
            writer.join().unwrap();
        }
        assert_eq!(board.read_all(), [Some(20), Some(21)]);
    });
}
