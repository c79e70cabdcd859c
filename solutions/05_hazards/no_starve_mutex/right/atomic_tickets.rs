//! A mutex that never lets a waiting thread starve.
//!
//! Taking the lock is two steps, like a deli counter: `arrive` takes your place in line (it
//! never waits), `wait` waits until it is your turn and gives you the value. `lock` does both.
//!
//! RIGHT (fixture): the ticket line in two atomics, and waiters spin until their ticket is
//! served. The value keeps its own mutex, so the atomics only decide the order.

use shim::sync::atomic::{AtomicU64, Ordering};
use shim::sync::{Mutex, MutexGuard};

pub struct FairMutex<T> {
    /// The protected value. Its own mutex keeps it exclusive; the line decides who goes next.
    value: Mutex<T>,
    /// The ticket the next thread to arrive will take.
    next_ticket: AtomicU64,
    /// The ticket whose holder may go in (or is in).
    now_serving: AtomicU64,
}

/// A thread's place in line: taken by `arrive`, redeemed by `wait`.
///
/// Every arrival must be waited on, as every ticket at a counter must be served: a thread
/// that takes a place and walks away would hold up everyone behind it.
#[must_use = "a place in line must be waited on, or everyone behind it waits for ever"]
pub struct Arrival<'a, T> {
    lock: &'a FairMutex<T>,
    ticket: u64,
}

/// Access to the value while the lock is held; dropping it lets the next thread in line go.
pub struct FairGuard<'a, T> {
    value: MutexGuard<'a, T>,
    lock: &'a FairMutex<T>,
}

impl<T> FairMutex<T> {
    pub fn new(value: T) -> Self {
        FairMutex {
            value: Mutex::new(value),
            next_ticket: AtomicU64::new(0),
            now_serving: AtomicU64::new(0),
        }
    }

    /// Takes the calling thread's place in line. A few steps, and never waits.
    pub fn arrive(&self) -> Arrival<'_, T> {
        // Relaxed: the ticket only has to be unique; the value's mutex orders the data.
        let ticket = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        Arrival { lock: self, ticket }
    }

    /// Waits for the calling thread's turn and takes the lock.
    pub fn lock(&self) -> FairGuard<'_, T> {
        self.arrive().wait()
    }
}

impl<'a, T> Arrival<'a, T> {
    /// Waits until it is this arrival's turn, then takes the lock.
    pub fn wait(self) -> FairGuard<'a, T> {
        // Acquire: pairs with the Release in `drop`, so we go on only after the previous
        // holder is done (the value's mutex would order the data anyway).
        while self.lock.now_serving.load(Ordering::Acquire) != self.ticket {
            shim::hint::spin_loop();
        }
        // Our turn: the previous holder has let go of the value, or is just about to.
        FairGuard {
            value: lock(&self.lock.value),
            lock: self.lock,
        }
    }
}

impl<T> std::ops::Deref for FairGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> std::ops::DerefMut for FairGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T> Drop for FairGuard<'_, T> {
    fn drop(&mut self) {
        // Release: the next ticket's holder sees that we are done. Only the holder writes
        // `now_serving`. (The value's own mutex is unlocked just after this.)
        self.lock.now_serving.fetch_add(1, Ordering::Release);
    }
}

/// Locks one of our inner mutexes.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Poisoned means a thread panicked while holding the lock: stop rather than go on with a
    // value or a line that may be half-updated.
    mutex
        .lock()
        .expect("a lock is poisoned: a thread panicked while holding it")
}
