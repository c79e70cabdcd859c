//! A parallel sum: split the numbers into chunks and let one thread add up each chunk.
//!
//! Reference solution: scoped threads borrow the numbers and `value` straight from the
//! caller, with no copy and no `Arc`, because the scope waits for them before it returns.

use std::thread;

/// The sum of `value(n)` for every `n` in `numbers`, computed on at most `threads` threads
/// (`threads == 0` counts as 1) that share the work evenly and run at the same time.
///
/// Each number is passed to `value` exactly once. `value` is called from the threads you
/// start, so it is shared between them: that is why it must be `Sync`.
pub fn parallel_sum(numbers: &[u64], threads: usize, value: impl Fn(u64) -> u64 + Sync) -> u64 {
    // Round up, so that `threads` chunks cover every number; at least 1, because `chunks(0)`
    // panics (an empty slice gives no chunk at all, and the sum is 0).
    let size = numbers.len().div_ceil(threads.max(1)).max(1);
    // Every thread shares one `value`: a reference to a `Sync` closure may cross threads.
    let value = &value;
    thread::scope(|scope| {
        // Start every thread first; joining inside this loop would run them one at a time.
        let handles: Vec<_> = numbers
            .chunks(size)
            .map(|chunk| scope.spawn(move || chunk.iter().map(|&n| value(n)).sum::<u64>()))
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a summing thread panicked"))
            .sum()
    })
}
