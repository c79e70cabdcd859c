//! A ticket lock: a spin lock that lets threads in in the order they arrived.
//!
//! Make `lock` take a ticket and wait for its turn, and `TicketGuard`'s `Drop` serve the next
//! ticket. Read README.md first; run `threadlings hint` when stuck.

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
        // TODO: take a ticket (every thread must get a different one), then spin, calling
        // `shim::hint::spin_loop()`, until `now_serving` shows it. Which `Ordering` on which
        // operation makes the previous holder's writes visible to us?
        todo!("take a ticket and wait for your turn")
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
        // TODO: serve the next ticket, so that its holder comes in and sees every write we made.
        todo!("serve the next ticket")
    }
}
