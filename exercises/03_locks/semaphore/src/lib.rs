//! A counting semaphore: at most N holders at once.
//!
//! Make `acquire` wait for a permit, `try_acquire` take one only if it is free, and `Permit`'s
//! `Drop` give it back. Read README.md first; run `threadlings hint` when stuck.

use shim::sync::{Condvar, Mutex};

pub struct Semaphore {
    /// How many permits are free.
    permits: Mutex<usize>,
    /// Notified whenever a permit comes back.
    permit_returned: Condvar,
}

impl Semaphore {
    pub fn new(permits: usize) -> Self {
        Semaphore {
            permits: Mutex::new(permits),
            permit_returned: Condvar::new(),
        }
    }

    /// Takes a permit, waiting while none is free. The permit comes back when it is dropped.
    pub fn acquire(&self) -> Permit<'_> {
        // TODO: wait on `permit_returned` while no permit is free, then take one.
        // Can a wait end although there is still no permit?
        todo!("take a permit, waiting while there is none")
    }

    /// Takes a permit if one is free right now; never waits.
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        // TODO: take a permit only if one is free.
        todo!("take a free permit, or return None")
    }

    /// How many permits are free right now (already stale when you read it, if others run).
    pub fn available(&self) -> usize {
        // TODO
        todo!("count the free permits")
    }
}

/// A permit to go on; dropping it gives it back to the semaphore.
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        // TODO: give the permit back, and wake a thread waiting for one.
        todo!("return the permit")
    }
}
