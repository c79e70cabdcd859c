//! A counting semaphore: at most N holders at once.
//!
//! Reference solution: the count of free permits under a mutex, and a condition variable to
//! sleep on while it is zero.

use shim::sync::{Condvar, Mutex, MutexGuard};

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
        let mut free = self.count();
        // `while`, not `if`: a wait may end spuriously, or another thread may have taken the
        // returned permit before we got the lock back. Check again every time.
        while *free == 0 {
            free = self
                .permit_returned
                .wait(free)
                .expect("the semaphore's lock is poisoned: a thread panicked holding it");
        }
        *free -= 1;
        Permit { semaphore: self }
    }

    /// Takes a permit if one is free right now; never waits.
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        let mut free = self.count();
        if *free == 0 {
            return None;
        }
        *free -= 1;
        Some(Permit { semaphore: self })
    }

    /// How many permits are free right now (already stale when you read it, if others run).
    pub fn available(&self) -> usize {
        *self.count()
    }

    /// Locks the count. The mutex also orders memory: whatever a thread did before returning
    /// a permit happens-before whatever the next taker does after taking it.
    fn count(&self) -> MutexGuard<'_, usize> {
        self.permits
            .lock()
            .expect("the semaphore's lock is poisoned: a thread panicked holding it")
    }
}

/// A permit to go on; dropping it gives it back to the semaphore.
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.semaphore.count() += 1;
        // One permit came back, so one waiter can go on: `notify_one` is enough. (The guard
        // above is already dropped: the woken thread does not wake into a held lock.)
        self.semaphore.permit_returned.notify_one();
    }
}
