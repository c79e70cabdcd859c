//! Unit tests: what the high-water mark and the id allocator do, on real threads.

use std::collections::HashSet;
use std::sync::Arc;

use cas_patterns::{HighWater, IdAllocator};
use static_assertions::{assert_impl_all, assert_not_impl_any};

// Both are shared between threads by reference; neither may be duplicated behind its users'
// backs (a copied allocator would hand out every id twice).
assert_impl_all!(HighWater: Send, Sync);
assert_impl_all!(IdAllocator: Send, Sync);
assert_not_impl_any!(HighWater: Clone);
assert_not_impl_any!(IdAllocator: Clone);

#[test]
fn record_keeps_the_largest_value_and_returns_the_one_before() {
    let high = HighWater::new(10);
    assert_eq!(high.get(), 10, "a new HighWater holds its initial value");
    assert_eq!(
        high.record(15),
        10,
        "record(15) over 10 must return 10, the max before it"
    );
    assert_eq!(high.get(), 15);
    assert_eq!(
        high.record(12),
        15,
        "record(12) under 15 changes nothing and returns 15"
    );
    assert_eq!(
        high.get(),
        15,
        "a smaller value must never lower the maximum"
    );
    assert_eq!(
        high.record(15),
        15,
        "recording the maximum again changes nothing"
    );
    assert_eq!(high.record(u64::MAX), 15);
    assert_eq!(high.get(), u64::MAX);
}

#[test]
fn threads_recording_at_once_lose_no_maximum() {
    const THREADS: u64 = 4;
    const VALUES: u64 = 10_000;
    let high = Arc::new(HighWater::new(0));
    let threads: Vec<_> = (0..THREADS)
        .map(|thread| {
            let high = high.clone();
            // Each thread climbs through its own values, so every record races the others.
            std::thread::spawn(move || {
                for step in 0..VALUES {
                    high.record(step * THREADS + thread);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("a thread panicked while recording");
    }
    assert_eq!(
        high.get(),
        VALUES * THREADS - 1,
        "the largest recorded value was lost: a racing record overwrote it with a smaller one"
    );
}

#[test]
fn ids_come_out_in_order_then_none() {
    let ids = IdAllocator::new(5..8);
    let handed_out: Vec<_> = (0..3).map(|_| ids.allocate()).collect();
    assert_eq!(
        handed_out,
        [Some(5), Some(6), Some(7)],
        "the ids of 5..8, in order"
    );
    assert_eq!(ids.allocate(), None, "every id of 5..8 was handed out");
    assert_eq!(
        IdAllocator::new(3..3).allocate(),
        None,
        "an empty range has no ids"
    );
}

#[test]
fn an_exhausted_allocator_stays_exhausted_at_the_top_of_the_range() {
    // The last ids a u32 can hold: one step past them, a counter wraps around to 0.
    let ids = IdAllocator::new(u32::MAX - 2..u32::MAX);
    assert_eq!(ids.allocate(), Some(u32::MAX - 2));
    assert_eq!(ids.allocate(), Some(u32::MAX - 1));
    for call in 1..=3 {
        let id = ids.allocate();
        assert_eq!(
            id, None,
            "call {call} after the range ran out returned {id:?}: the counter went past the \
             end of the range and wrapped around; refuse *before* you move the counter"
        );
    }
}

#[test]
fn threads_allocating_at_once_get_every_id_exactly_once() {
    const THREADS: usize = 4;
    const IDS: u32 = 20_000;
    let ids = Arc::new(IdAllocator::new(0..IDS));
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let ids = ids.clone();
            std::thread::spawn(move || std::iter::from_fn(|| ids.allocate()).collect::<Vec<_>>())
        })
        .collect();
    let mut seen = HashSet::new();
    for thread in threads {
        for id in thread.join().expect("a thread panicked while allocating") {
            assert!(id < IDS, "id {id} is outside the range 0..{IDS}");
            assert!(seen.insert(id), "id {id} was handed out twice");
        }
    }
    assert_eq!(
        seen.len(),
        IDS as usize,
        "some ids of the range were never handed out"
    );
}
