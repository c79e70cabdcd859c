//! The knobs the checker turns, read from the environment.
//!
//! The checker reads an exercise's manifest and passes its stage settings to the test
//! processes as environment variables; run by hand (`cargo test`), the defaults apply.

use std::time::Duration;

/// Loom: how many times a thread may be preempted in one execution (manifest
/// `stages.loom.preemption_bound`). Small bounds find nearly every real bug quickly.
pub const LOOM_PREEMPTIONS: &str = "THREADLINGS_LOOM_PREEMPTIONS";
/// Shuttle: how many random schedules to run (`stages.shuttle.iterations`).
pub const SHUTTLE_ITERATIONS: &str = "THREADLINGS_SHUTTLE_ITERATIONS";
/// Shuttle: the seed of the first schedule, so a failure can be replayed (`stages.shuttle.seed`).
pub const SHUTTLE_SEED: &str = "THREADLINGS_SHUTTLE_SEED";
/// Stress: how long each stress test hammers the code, in milliseconds
/// (`stages.stress.duration_ms`).
pub const STRESS_MS: &str = "THREADLINGS_STRESS_MS";
/// `Condvar::wait` returns spuriously once in this many calls (unset or 0: never).
pub const SPURIOUS_WAKEUPS: &str = "THREADLINGS_SPURIOUS_WAKEUPS";

pub const DEFAULT_LOOM_PREEMPTIONS: usize = 3;
pub const DEFAULT_SHUTTLE_ITERATIONS: usize = 1000;
pub const DEFAULT_SHUTTLE_SEED: u64 = 0x7e11_a5ee;
pub const DEFAULT_STRESS: Duration = Duration::from_millis(500);

fn number<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok()?.trim().parse().ok()
}

pub fn loom_preemptions() -> usize {
    number(LOOM_PREEMPTIONS).unwrap_or(DEFAULT_LOOM_PREEMPTIONS)
}

pub fn shuttle_iterations() -> usize {
    number(SHUTTLE_ITERATIONS).unwrap_or(DEFAULT_SHUTTLE_ITERATIONS)
}

pub fn shuttle_seed() -> u64 {
    number(SHUTTLE_SEED).unwrap_or(DEFAULT_SHUTTLE_SEED)
}

pub fn stress_duration() -> Duration {
    number(STRESS_MS)
        .map(Duration::from_millis)
        .unwrap_or(DEFAULT_STRESS)
}

#[cfg(not(any(loom, shuttle)))]
/// Decides whether this `Condvar::wait` should pretend to be woken spuriously.
pub(crate) fn inject_spurious_wakeup(one_in: Option<u64>) -> bool {
    use std::cell::Cell;
    use std::sync::OnceLock;

    static FROM_ENVIRONMENT: OnceLock<u64> = OnceLock::new();
    let one_in = one_in
        .unwrap_or_else(|| *FROM_ENVIRONMENT.get_or_init(|| number(SPURIOUS_WAKEUPS).unwrap_or(0)));
    if one_in == 0 {
        return false;
    }
    thread_local! {
        // A tiny per-thread xorshift generator: good enough to pick waits at random,
        // and different in every thread so they do not all wake in lock-step.
        static STATE: Cell<u64> = Cell::new(seed_for_this_thread());
    }
    STATE.with(|state| {
        let mut x = state.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        state.set(x);
        x % one_in == 0
    })
}

#[cfg(not(any(loom, shuttle)))]
fn seed_for_this_thread() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    // `RandomState` is seeded randomly per thread; never zero, or xorshift would stay at zero.
    RandomState::new().hash_one(std::thread::current().id()) | 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_settings_fall_back_to_defaults() {
        assert_eq!(number::<usize>("THREADLINGS_SURELY_UNSET_VARIABLE"), None);
        assert!(DEFAULT_STRESS > Duration::ZERO);
    }
}
