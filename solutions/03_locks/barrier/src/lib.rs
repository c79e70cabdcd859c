//! A reusable barrier: `parties` threads wait for each other, round after round.
//!
//! Reference solution: a count and a round number under a mutex; the last thread to arrive
//! starts the next round and wakes everybody. The mutex orders memory: what every thread did
//! before `wait` happens-before what any thread does after it.

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
        let mut state = self.state.lock().expect(POISONED);
        // The round we arrived in. Waiting for *it* to end, not for the count to reach some
        // value, keeps a fast thread that starts the next round from confusing a slow one.
        let round = state.round;
        state.arrived += 1;
        if state.arrived == self.parties {
            state.arrived = 0;
            state.round += 1;
            drop(state);
            // Every other party is waiting: wake them all.
            self.round_over.notify_all();
            return true;
        }
        // `while`: a wait can end spuriously; only a new round number lets us go.
        while state.round == round {
            state = self.round_over.wait(state).expect(POISONED);
        }
        false
    }
}

const POISONED: &str = "the barrier's lock is poisoned: a thread panicked holding it";
