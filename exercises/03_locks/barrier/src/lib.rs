//! A reusable barrier: `parties` threads wait for each other, round after round.
//!
//! Read README.md first; run `threadlings hint` when stuck.

use shim::sync::{Condvar, Mutex};

pub struct Barrier {
    parties: usize,
    state: Mutex<State>,
    /// Notified when the last thread of a round arrives.
    round_over: Condvar,
}

struct State {
    /// Threads that have arrived in the current round.
    arrived: usize,
    /// How many rounds have been completed.
    round: u64,
}

impl Barrier {
    /// A barrier for `parties` threads (at least one).
    pub fn new(parties: usize) -> Self {
        assert!(parties > 0, "a barrier needs at least one party");
        Barrier {
            parties,
            state: Mutex::new(State {
                arrived: 0,
                round: 0,
            }),
            round_over: Condvar::new(),
        }
    }

    /// Waits until `parties` threads have called `wait` in this round, then lets them all go.
    /// Returns `true` in exactly one thread of each round (the last to arrive), `false` in
    /// the others. The barrier can be used again for the next round at once.
    pub fn wait(&self) -> bool {
        todo!("count yourself in; the last to arrive starts the next round and wakes the rest")
    }
}
