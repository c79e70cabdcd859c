//! A parallel sum: split the numbers into chunks and let one thread add up each chunk.
//!
//! Another correct answer: split by index so that chunk sizes differ by at most one, start a
//! thread for every chunk but the last, and let the calling thread add up the last one
//! itself while the others run.

use std::thread;

pub fn parallel_sum(numbers: &[u64], threads: usize, value: impl Fn(u64) -> u64 + Sync) -> u64 {
    let chunks = threads.max(1).min(numbers.len());
    if chunks == 0 {
        return 0;
    }
    // Chunk `i` is `numbers[i * len / chunks..(i + 1) * len / chunks]`: sizes differ by one at most.
    let bounds = |i: usize| i * numbers.len() / chunks;
    let sum_of = |part: &[u64]| part.iter().map(|&n| value(n)).sum::<u64>();
    thread::scope(|scope| {
        let sum_of = &sum_of;
        let others: Vec<_> = (0..chunks - 1)
            .map(|i| scope.spawn(move || sum_of(&numbers[bounds(i)..bounds(i + 1)])))
            .collect();
        let mine = sum_of(&numbers[bounds(chunks - 1)..]);
        mine + others
            .into_iter()
            .map(|handle| handle.join().expect("a summing thread panicked"))
            .sum::<u64>()
    })
}
