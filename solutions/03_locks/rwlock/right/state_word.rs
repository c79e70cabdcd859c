//! A read-write lock: any number of readers at once, or one writer alone. Writer-preferring:
//! once a writer waits, new readers wait too.
//!
//! Another correct shape: the whole state in one atomic word, and waiters spin and yield.

use std::ops::{Deref, DerefMut};

use shim::cell::UnsafeCell;
use shim::sync::atomic::{AtomicU32, Ordering};

/// Each reader inside adds `READER` to the state; a waiting writer sets the low bit, so an odd
/// state turns new readers away. `WRITING` (odd too) means a writer is inside.
const READER: u32 = 2;
const WRITER_WAITING: u32 = 1;
const WRITING: u32 = u32::MAX;

pub struct RwLock<T> {
    state: AtomicU32,
    value: UnsafeCell<T>,
}

// Safety: readers on several threads share `&T` at once (so `T: Sync`), and a writer may
// change the value from any thread (so `T: Send`).
unsafe impl<T: Send + Sync> Sync for RwLock<T> {}

impl<T> RwLock<T> {
    pub fn new(value: T) -> Self {
        RwLock {
            state: AtomicU32::new(0),
            value: UnsafeCell::new(value),
        }
    }

    pub fn read(&self) -> ReadGuard<'_, T> {
        loop {
            if let Some(guard) = self.try_read() {
                return guard;
            }
            // Then give the CPU away: with more waiters than cores, a waiter that only spins
            // burns the time slices the threads inside need to finish and let us in.
            shim::hint::spin_loop();
            shim::thread::yield_now();
        }
    }

    pub fn try_read(&self) -> Option<ReadGuard<'_, T>> {
        // Relaxed: a first look, only to choose the value to compare against.
        let mut state = self.state.load(Ordering::Relaxed);
        while state.is_multiple_of(2) {
            assert!(state < WRITING - READER, "too many readers");
            // Acquire on success: pairs with the last writer's Release in its guard's drop,
            // so we see what it wrote. Relaxed on failure: we only look again.
            match self.state.compare_exchange_weak(
                state,
                state + READER,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(ReadGuard { lock: self }),
                Err(now) => state = now,
            }
        }
        None
    }

    pub fn write(&self) -> WriteGuard<'_, T> {
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            // Nobody inside (at most a waiting writer's mark, maybe ours): go in. Acquire:
            // pairs with the Release of every reader's exit and the last writer's, so their
            // reads and writes happen-before ours.
            if state <= WRITER_WAITING {
                match self.state.compare_exchange(
                    state,
                    WRITING,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => return WriteGuard { lock: self },
                    Err(now) => state = now,
                }
                continue;
            }
            // Readers inside: mark a writer as waiting so that no new reader enters. Relaxed:
            // the mark publishes no data, it only turns readers away.
            if state.is_multiple_of(2)
                && let Err(now) = self.state.compare_exchange(
                    state,
                    state + WRITER_WAITING,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
            {
                state = now;
                continue;
            }
            // As in `read`: spin, then let the threads inside run.
            shim::hint::spin_loop();
            shim::thread::yield_now();
            state = self.state.load(Ordering::Relaxed);
        }
    }
}

pub struct ReadGuard<'a, T> {
    lock: &'a RwLock<T>,
}

pub struct WriteGuard<'a, T> {
    lock: &'a RwLock<T>,
}

// Safety: a shared guard hands out only `&T`, so sharing it is sharing `&T`: needs `T: Sync`.
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
        // Release: our reads happen-before the next writer's Acquire, so it cannot change the
        // value under us.
        self.lock.state.fetch_sub(READER, Ordering::Release);
    }
}

impl<T> Drop for WriteGuard<'_, T> {
    fn drop(&mut self) {
        // Release: publishes what we wrote to whoever goes in next. A `swap` where a `store`
        // would do: under loom 0.7 a plain store can slip between the read and the write of
        // another thread's read-modify-write (tokio-rs/loom#254), which no hardware does.
        self.lock.state.swap(0, Ordering::Release);
    }
}
