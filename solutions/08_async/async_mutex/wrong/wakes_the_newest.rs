//! `async_mutex`: a mutex whose `lock()` is a future: a task that must wait returns `Pending`
//! and lets its thread run other tasks, instead of blocking the thread.
//!
//! Waiters queue up in order; unlocking hands the lock straight to the first of them (fair,
//! FIFO) and wakes it. A waiter may be dropped (cancelled) at any time: if it was handed the
//! lock before it was dropped, it must pass the lock on, or every waiter behind it sleeps for
//! ever.

use std::collections::VecDeque;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use shim::cell::UnsafeCell;
use shim::sync::Mutex as StateLock;

/// One task waiting for the lock, in the queue.
struct Waiter {
    id: u64,
    waker: Waker,
    /// Set by `unlock`: the lock is now this waiter's (it was handed over, never released).
    granted: bool,
}

struct State {
    locked: bool,
    /// Waiting tasks, first come first.
    waiters: VecDeque<Waiter>,
    next_id: u64,
}

/// A mutex for async code.
pub struct Mutex<T> {
    state: StateLock<State>,
    value: UnsafeCell<T>,
}

// Safety: the value is reached only through a `MutexGuard`, and only one guard exists at a
// time (the `locked` flag, changed under `state`), so sharing the mutex shares `T` with one
// thread at a time: `T: Send` is enough.
unsafe impl<T: Send> Sync for Mutex<T> {}

impl<T> Mutex<T> {
    pub fn new(value: T) -> Self {
        Mutex {
            state: StateLock::new(State {
                locked: false,
                waiters: VecDeque::new(),
                next_id: 0,
            }),
            value: UnsafeCell::new(value),
        }
    }

    /// A future that is ready with a guard once this task holds the lock.
    pub fn lock(&self) -> Lock<'_, T> {
        Lock {
            mutex: self,
            id: None,
        }
    }

    /// Releases the lock: hands it to the first waiter and wakes it, or unlocks if none waits.
    fn unlock(&self) {
        let waker = {
            let mut state = self.state.lock().unwrap();
            // Wrong: serves the newest waiter first (a stack, not a queue): not fair.
            match state
                .waiters
                .iter_mut()
                .rev()
                .find(|waiter| !waiter.granted)
            {
                // Hand over: `locked` stays true, so no newcomer can barge in before it.
                Some(first) => {
                    first.granted = true;
                    Some(first.waker.clone())
                }
                None => {
                    state.locked = false;
                    None
                }
            }
        };
        // Woken outside the state lock: the task may run (and lock `state`) at once.
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

/// The future returned by [`Mutex::lock`].
pub struct Lock<'a, T> {
    mutex: &'a Mutex<T>,
    /// Our place in the queue, once we wait.
    id: Option<u64>,
}

impl<'a, T> Future for Lock<'a, T> {
    type Output = MutexGuard<'a, T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<MutexGuard<'a, T>> {
        let mutex = self.mutex;
        let mut state = mutex.state.lock().unwrap();
        match self.id {
            None if !state.locked && state.waiters.is_empty() => {
                state.locked = true;
            }
            None => {
                let id = state.next_id;
                state.next_id += 1;
                state.waiters.push_back(Waiter {
                    id,
                    waker: cx.waker().clone(),
                    granted: false,
                });
                self.id = Some(id);
                return Poll::Pending;
            }
            Some(id) => {
                let place = state.waiters.iter().position(|waiter| waiter.id == id);
                let place = place.expect("a waiting Lock is in the queue");
                if !state.waiters[place].granted {
                    // Polled again without the lock: keep the newest waker.
                    state.waiters[place].waker.clone_from(cx.waker());
                    return Poll::Pending;
                }
                state.waiters.remove(place);
                self.id = None;
            }
        }
        Poll::Ready(MutexGuard { mutex })
    }
}

impl<T> Drop for Lock<'_, T> {
    fn drop(&mut self) {
        let Some(id) = self.id else { return };
        let granted = {
            let mut state = self.mutex.state.lock().unwrap();
            let place = state.waiters.iter().position(|waiter| waiter.id == id);
            let place = place.expect("a waiting Lock is in the queue");
            state
                .waiters
                .remove(place)
                .is_some_and(|waiter| waiter.granted)
        };
        // Cancelled after the lock was handed to us: pass it on, or the next waiter's
        // wake-up is lost with us.
        if granted {
            self.mutex.unlock();
        }
    }
}

/// Access to the value while the lock is held; dropping it unlocks.
pub struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // Safety: this guard holds the lock, so no one else reaches the value.
        self.mutex.value.with(|value| unsafe { &*value })
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // Safety: this guard holds the lock, so no one else reaches the value.
        self.mutex.value.with_mut(|value| unsafe { &mut *value })
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        self.mutex.unlock();
    }
}
