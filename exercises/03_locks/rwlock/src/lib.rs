//! A read-write lock: any number of readers at once, or one writer alone. Writer-preferring:
//! once a writer waits, new readers wait too.
//!
//! Read README.md first; run `threadlings hint` when stuck.

use std::ops::{Deref, DerefMut};

use shim::cell::UnsafeCell;
use shim::sync::{Condvar, Mutex};

/// Who is inside, and who waits to be.
struct State {
    /// Readers holding a `ReadGuard`.
    readers: usize,
    /// Whether a writer holds the `WriteGuard`.
    writing: bool,
    /// Writers waiting in `write`.
    writers_waiting: usize,
}

pub struct RwLock<T> {
    state: Mutex<State>,
    /// Waiting readers sleep here.
    readers_turn: Condvar,
    /// Waiting writers sleep here.
    writer_turn: Condvar,
    value: UnsafeCell<T>,
}

// Safety: readers on several threads share `&T` at once (so `T: Sync`), and a writer may
// change the value from any thread, or another thread may drop it (so `T: Send`).
unsafe impl<T: Send + Sync> Sync for RwLock<T> {}

impl<T> RwLock<T> {
    pub fn new(value: T) -> Self {
        RwLock {
            state: Mutex::new(State {
                readers: 0,
                writing: false,
                writers_waiting: 0,
            }),
            readers_turn: Condvar::new(),
            writer_turn: Condvar::new(),
            value: UnsafeCell::new(value),
        }
    }

    /// Shared access: waits while a writer is inside or waiting.
    pub fn read(&self) -> ReadGuard<'_, T> {
        todo!("wait while a writer is inside or waiting, then count yourself in")
    }

    /// Shared access if it can be had right now: `None` while a writer is inside or waiting.
    pub fn try_read(&self) -> Option<ReadGuard<'_, T>> {
        todo!("enter as a reader only if no writer is inside or waiting")
    }

    /// Exclusive access: waits until nobody else is inside. New readers wait meanwhile.
    pub fn write(&self) -> WriteGuard<'_, T> {
        todo!("count yourself as waiting, wait until nobody is inside, then go in")
    }
}

/// Shared access to the value; dropping it leaves.
pub struct ReadGuard<'a, T> {
    lock: &'a RwLock<T>,
}

/// Exclusive access to the value; dropping it leaves.
pub struct WriteGuard<'a, T> {
    lock: &'a RwLock<T>,
}

// Safety: a shared guard hands out only `&T`, so sharing it is sharing `&T`: needs `T: Sync`.
// (The auto impl would ask for `T: Send + Sync` through `&RwLock<T>`, wrongly for neither.)
unsafe impl<T: Sync> Sync for ReadGuard<'_, T> {}
// Safety: through `&WriteGuard` one gets only `&T` (`DerefMut` needs `&mut WriteGuard`).
unsafe impl<T: Sync> Sync for WriteGuard<'_, T> {}

impl<T> Deref for ReadGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // Safety: while a reader is inside no writer is, so nobody changes the value.
        self.lock.value.with(|value| unsafe { &*value })
    }
}

impl<T> Deref for WriteGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // Safety: the writer is alone inside.
        self.lock.value.with(|value| unsafe { &*value })
    }
}

impl<T> DerefMut for WriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // Safety: the writer is alone inside, and `&mut self` makes this the only access.
        self.lock.value.with_mut(|value| unsafe { &mut *value })
    }
}

impl<T> Drop for ReadGuard<'_, T> {
    fn drop(&mut self) {
        todo!("leave; the last reader out wakes a waiting writer")
    }
}

impl<T> Drop for WriteGuard<'_, T> {
    fn drop(&mut self) {
        todo!("leave, and wake whoever may go in now")
    }
}
