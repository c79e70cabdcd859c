//! Helpers for stress tests: real threads on real hardware, for a bounded time.

use std::time::{Duration, Instant};

/// How long a stress test should run, as set by the exercise's manifest.
pub fn duration() -> Duration {
    crate::settings::stress_duration()
}

/// Runs `round` again and again until the stress duration is over; returns how many rounds ran.
///
/// Every stress test must end by itself: the checker's time limit is a backstop, not a plan.
pub fn repeat_for_duration(mut round: impl FnMut(u64)) -> u64 {
    let deadline = Instant::now() + duration();
    let mut rounds = 0;
    while rounds == 0 || Instant::now() < deadline {
        round(rounds);
        rounds += 1;
    }
    rounds
}

/// A deadline `duration()` from now.
pub fn deadline() -> Instant {
    Instant::now() + duration()
}
