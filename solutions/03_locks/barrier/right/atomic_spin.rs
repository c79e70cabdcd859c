//! A reusable barrier: `parties` threads wait for each other, round after round.
//!
//! Another correct shape: two atomics, and waiters spin (yielding the CPU as they do).

use shim::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

pub struct Barrier {
    parties: usize,
    /// Threads that have arrived in the current round.
    arrived: AtomicUsize,
    /// How many rounds have been completed.
    round: AtomicU64,
}

impl Barrier {
    pub fn new(parties: usize) -> Self {
        assert!(parties > 0, "a barrier needs at least one party");
        Barrier {
            parties,
            arrived: AtomicUsize::new(0),
            round: AtomicU64::new(0),
        }
    }

    pub fn wait(&self) -> bool {
        // Acquire: we must read the round number of the round we are arriving in. It pairs
        // with the Release of the previous round's last arrival (whose count we then see reset).
        let round = self.round.load(Ordering::Acquire);
        // AcqRel: Release publishes what we did before the barrier to the last arrival, and
        // the last arrival's Acquire sees every earlier arrival's writes (the fetch_adds form
        // one release sequence).
        if self.arrived.fetch_add(1, Ordering::AcqRel) + 1 == self.parties {
            // Relaxed: published by the Release below, before anybody can arrive again.
            self.arrived.store(0, Ordering::Relaxed);
            // Release: hands everything every party did before the barrier to all waiters.
            self.round.fetch_add(1, Ordering::Release);
            return true;
        }
        // Acquire: pairs with the last arrival's Release, so we see what everybody wrote.
        while self.round.load(Ordering::Acquire) == round {
            shim::hint::spin_loop();
            // With more parties than cores, pure spinning can keep the last arrival off the
            // CPU for whole time slices: give it the core.
            shim::thread::yield_now();
        }
        false
    }
}
