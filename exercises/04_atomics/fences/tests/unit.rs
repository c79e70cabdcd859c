//! Unit tests: what a notice board does, on real threads.
//!
//! These pass even with no fences: on x86 the hardware keeps stores in order and loads in
//! order, so the bug almost never shows here. The loom stage is where it shows.

use std::sync::Arc;
use std::time::Duration;

use fences::Board;
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};

assert_impl_all!(Board: Send, Sync);
// One board is one place in memory: a copy would let two writers pin "the same" slot.
assert_not_impl_any!(Board: Clone);

#[test]
fn a_new_board_is_empty() {
    assert_eq!(Board::new(3).read_all(), [None, None, None]);
    assert!(Board::new(0).read_all().is_empty());
}

#[test]
fn pinned_values_are_read_back_in_their_slots() {
    let board = Board::new(3);
    board.pin(2, 20);
    assert_eq!(board.read_all(), [None, None, Some(20)]);
    board.pin(0, 0);
    board.pin(1, u64::MAX);
    assert_eq!(
        board.read_all(),
        [Some(0), Some(u64::MAX), Some(20)],
        "every pinned value, in its own slot (0 and u64::MAX are values like any other)"
    );
}

#[test]
fn a_reader_on_another_thread_sees_every_pinned_value() {
    const SLOTS: usize = 64;
    let board = Arc::new(Board::new(SLOTS));
    let watchdog = Watchdog::start("a reader waiting for pinned values", Duration::from_secs(5));
    let writer = {
        let board = board.clone();
        std::thread::spawn(move || {
            for slot in 0..SLOTS {
                board.pin(slot, 1000 + slot as u64);
            }
        })
    };
    loop {
        let seen = board.read_all();
        for (slot, value) in seen.iter().enumerate() {
            if let Some(value) = value {
                assert_eq!(*value, 1000 + slot as u64, "slot {slot} held a wrong value");
            }
        }
        if seen.iter().all(Option::is_some) {
            break;
        }
        watchdog.progress();
        std::hint::spin_loop();
    }
    writer.join().expect("the writer thread panicked");
}
