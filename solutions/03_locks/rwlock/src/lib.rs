//! A read-write lock: any number of readers at once, or one writer alone. Writer-preferring:
//! once a writer waits, new readers wait too.
//!
//! Reference solution: the state under a mutex, a condition variable for each kind of waiter.
//! The mutex also orders memory: every guard is made and dropped through it, so whatever a
//! writer did happens-before whatever the next reader or writer does.

use std::ops::{Deref, DerefMut};

use shim::cell::UnsafeCell;
use shim::sync::{Condvar, Mutex, MutexGuard};

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
        let mut state = self.lock_state();
        // A waiting writer keeps new readers out, or a stream of readers could starve it.
        // `while`: a wait can end spuriously, or a writer may have come in first.
        while state.writing || state.writers_waiting > 0 {
            state = wait(&self.readers_turn, state);
        }
        state.readers += 1;
        ReadGuard { lock: self }
    }

    /// Shared access if it can be had right now: `None` while a writer is inside or waiting.
    pub fn try_read(&self) -> Option<ReadGuard<'_, T>> {
        let mut state = self.lock_state();
        if state.writing || state.writers_waiting > 0 {
            return None;
        }
        state.readers += 1;
        Some(ReadGuard { lock: self })
    }

    /// Exclusive access: waits until nobody else is inside. New readers wait meanwhile.
    pub fn write(&self) -> WriteGuard<'_, T> {
        let mut state = self.lock_state();
        // Counted as waiting at once, under the same lock: from here on no new reader enters.
        state.writers_waiting += 1;
        while state.writing || state.readers > 0 {
            state = wait(&self.writer_turn, state);
        }
        state.writers_waiting -= 1;
        state.writing = true;
        WriteGuard { lock: self }
    }

    fn lock_state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .expect("the rwlock's state is poisoned: a thread panicked holding it")
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
        let mut state = self.lock.lock_state();
        state.readers -= 1;
        let last_reader_out = state.readers == 0;
        drop(state);
        if last_reader_out {
            // Waiting readers need no wake-up from us (no writer is inside); one waiting
            // writer can go in now, and only one.
            self.lock.writer_turn.notify_one();
        }
    }
}

impl<T> Drop for WriteGuard<'_, T> {
    fn drop(&mut self) {
        self.lock.lock_state().writing = false;
        // The next writer, if one waits, goes first (the readers re-check and see it waiting).
        // Otherwise *all* waiting readers may go in together: `notify_all`, since a
        // `notify_one` would leave all but one asleep with the lock free for them.
        self.lock.writer_turn.notify_one();
        self.lock.readers_turn.notify_all();
    }
}

/// Unlocks `state`, sleeps until `turn` is notified (or spuriously), and relocks.
fn wait<'a>(turn: &Condvar, state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
    turn.wait(state)
        .expect("the rwlock's state is poisoned: a thread panicked holding it")
}
