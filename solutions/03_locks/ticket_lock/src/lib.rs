//! A ticket lock: a spin lock that lets threads in in the order they arrived.
//!
//! Reference solution.

use std::ops::{Deref, DerefMut};

use shim::cell::UnsafeCell;
use shim::sync::atomic::{AtomicUsize, Ordering};

pub struct TicketLock<T> {
    /// The ticket the next thread to arrive will get.
    next_ticket: AtomicUsize,
    /// The ticket whose holder may be inside.
    now_serving: AtomicUsize,
    value: UnsafeCell<T>,
}

// Safety: the lock hands out the value to one thread at a time, so sharing a `TicketLock`
// between threads only ever moves access to the `T` from thread to thread: `T: Send` suffices.
unsafe impl<T: Send> Sync for TicketLock<T> {}

impl<T> TicketLock<T> {
    pub fn new(value: T) -> Self {
        TicketLock {
            next_ticket: AtomicUsize::new(0),
            now_serving: AtomicUsize::new(0),
            value: UnsafeCell::new(value),
        }
    }

    /// Takes a ticket, waits until it is served, and returns a guard that gives access to the
    /// value.
    pub fn lock(&self) -> TicketGuard<'_, T> {
        // Relaxed: the ticket only has to be unique, and `fetch_add` is one indivisible step
        // whatever its ordering; it publishes nothing and reads nothing we rely on.
        let ticket = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        // Acquire: the load that sees our ticket pairs with the previous holder's Release in
        // `drop`, so we see every write it made to the value.
        while self.now_serving.load(Ordering::Acquire) != ticket {
            shim::hint::spin_loop();
        }
        TicketGuard { lock: self }
    }
}

/// Access to the value while the lock is held; dropping it serves the next ticket.
pub struct TicketGuard<'a, T> {
    lock: &'a TicketLock<T>,
}

// Safety: sharing `&TicketGuard` between threads shares only `&T` (through `Deref`), which is
// sound exactly when `T: Sync`. Without this impl the guard would be `Sync` whenever the lock
// is, and two threads could race on a `TicketGuard<Cell<u8>>` in safe code.
unsafe impl<T: Sync> Sync for TicketGuard<'_, T> {}

impl<T> Deref for TicketGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // Safety: a guard exists only while its thread holds the lock, so nobody writes meanwhile.
        self.lock.value.with(|value| unsafe { &*value })
    }
}

impl<T> DerefMut for TicketGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // Safety: holding the lock (and `&mut` to the guard) means we are the only user.
        self.lock.value.with_mut(|value| unsafe { &mut *value })
    }
}

impl<T> Drop for TicketGuard<'_, T> {
    fn drop(&mut self) {
        // Release: publishes our writes to the value to the holder of the next ticket, whose
        // Acquire load sees this increment. (Only the holder ever writes `now_serving`.)
        self.lock.now_serving.fetch_add(1, Ordering::Release);
    }
}
