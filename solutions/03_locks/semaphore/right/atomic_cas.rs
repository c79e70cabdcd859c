//! A counting semaphore: at most N holders at once.
//!
//! Another correct shape: the free permits in one atomic counter; waiters spin and yield.

use shim::sync::atomic::{AtomicUsize, Ordering};

pub struct Semaphore {
    /// How many permits are free.
    permits: AtomicUsize,
}

impl Semaphore {
    pub fn new(permits: usize) -> Self {
        Semaphore {
            permits: AtomicUsize::new(permits),
        }
    }

    /// Takes a permit, spinning while none is free.
    pub fn acquire(&self) -> Permit<'_> {
        loop {
            if let Some(permit) = self.try_acquire() {
                return permit;
            }
            // Then give the CPU away: with more waiters than cores, a waiter that only spins
            // burns the time slices the permit holders need to finish and give permits back.
            shim::hint::spin_loop();
            shim::thread::yield_now();
        }
    }

    /// Takes a permit if one is free right now; never waits.
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        // Relaxed: a first look, only to pick the value to compare against.
        let mut free = self.permits.load(Ordering::Relaxed);
        while free > 0 {
            // Acquire on success: pairs with the Release of the permit's last return, so we
            // see what its previous holder did. Relaxed on failure: we only retry.
            match self.permits.compare_exchange_weak(
                free,
                free - 1,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(Permit { semaphore: self }),
                Err(now) => free = now,
            }
        }
        None
    }

    /// How many permits are free right now.
    pub fn available(&self) -> usize {
        // Relaxed: a snapshot that publishes and takes nothing.
        self.permits.load(Ordering::Relaxed)
    }
}

/// A permit to go on; dropping it gives it back to the semaphore.
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        // Release: what we did while holding the permit happens-before the next taker's
        // Acquire.
        self.semaphore.permits.fetch_add(1, Ordering::Release);
    }
}
