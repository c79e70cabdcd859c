//! Stress test: real threads pinning and collecting values as fast as they can, for a fixed
//! time, under a watchdog.
//!
//! On x86 this almost never catches a missing fence (the loom stage does); it checks that the
//! board works on real hardware at full speed: readers see every value, and only whole ones.

use std::sync::{Arc, Barrier};
use std::time::Duration;

use fences::Board;
use shim::watchdog::Watchdog;

const SLOTS: usize = 32;
const READERS: usize = 2;

fn value(round: u64, slot: usize) -> u64 {
    (round << 32 | slot as u64) ^ 0xA5A5_A5A5_0000_0001
}

#[test]
fn readers_chasing_the_writer_see_only_pinned_values() {
    let watchdog = Watchdog::start("readers waiting for pinned values", Duration::from_secs(5));
    let rounds = shim::stress::repeat_for_duration(|round| {
        let board = Arc::new(Board::new(SLOTS));
        let start = Arc::new(Barrier::new(READERS + 1));
        let writer = {
            let (board, start) = (board.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                for slot in 0..SLOTS {
                    board.pin(slot, value(round, slot));
                }
            })
        };
        let readers: Vec<_> = (0..READERS)
            .map(|_| {
                let (board, start, watchdog) = (board.clone(), start.clone(), watchdog.handle());
                std::thread::spawn(move || {
                    start.wait();
                    loop {
                        let seen = board.read_all();
                        for (slot, seen) in seen.iter().enumerate() {
                            if let Some(seen) = seen {
                                assert_eq!(
                                    *seen,
                                    value(round, slot),
                                    "round {round}, slot {slot}: a value that was not pinned"
                                );
                            }
                        }
                        if seen.iter().all(Option::is_some) {
                            break;
                        }
                        watchdog.progress();
                        std::thread::yield_now();
                    }
                })
            })
            .collect();
        writer.join().expect("the writer thread panicked");
        for reader in readers {
            reader
                .join()
                .expect("a reader thread panicked (see its message above)");
        }
    });
    assert!(rounds > 0);
}
