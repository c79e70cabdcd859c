//! Helpers for stress tests: real threads on real hardware, for a bounded time.

use std::hash::{BuildHasher, RandomState};
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

/// A source of random numbers for a stress test's choices: `next(bound)` is in `0..bound`.
///
/// Seeded afresh in every run, and differently for every `stream` (a worker's number), so
/// each run and each worker tries other interleavings. An xorshift: cheap enough not to change
/// the timing it is there to vary, and not for anything but tests.
pub fn random(stream: u64) -> impl FnMut(u64) -> u64 {
    // xorshift's state must never be zero: from zero it stays there.
    let mut state = RandomState::new().hash_one(stream) | 1;
    move |bound| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % bound
    }
}
