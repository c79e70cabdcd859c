//! Stress test: many sums of many sizes on real threads, each checked against a plain sum.

use std::time::Duration;

use scoped_sum::parallel_sum;
use shim::watchdog::Watchdog;

#[test]
fn many_sums_of_many_sizes_are_all_right() {
    let watchdog = Watchdog::start("parallel sums of many sizes", Duration::from_secs(5));
    let numbers: Vec<u64> = (0..20_000u64)
        .map(|i| i.wrapping_mul(2_654_435_761) % 1000)
        .collect();
    // A small generator of sizes and thread counts, the same on every run.
    let mut state = 12345u64;
    let mut next = |below: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 33) % below
    };
    shim::stress::repeat_for_duration(|_| {
        let len = next(numbers.len() as u64 + 1) as usize;
        let threads = 1 + next(8) as usize;
        let slice = &numbers[..len];
        let expected: u64 = slice.iter().map(|n| n * 3 + 1).sum();
        let got = parallel_sum(slice, threads, |n| n * 3 + 1);
        assert_eq!(
            got, expected,
            "the sum of {len} numbers on {threads} threads came out wrong"
        );
        watchdog.progress();
    });
}
