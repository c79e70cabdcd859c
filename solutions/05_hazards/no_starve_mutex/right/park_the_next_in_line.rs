//! A mutex that never lets a waiting thread starve.
//!
//! Taking the lock is two steps, like a deli counter: `arrive` takes your place in line (it
//! never waits), `wait` waits until it is your turn and gives you the value. `lock` does both.
//!
//! RIGHT (fixture): a queue of waiting threads. `arrive` puts the calling thread at the back;
//! the guard's `drop` wakes exactly the thread at the front (`unpark`), and a thread goes in
//! only when it is at the front and nobody is inside.

use std::collections::VecDeque;

use shim::sync::{Mutex, MutexGuard};
use shim::thread::{self, Thread};

pub struct FairMutex<T> {
    /// The protected value. Its own mutex keeps it exclusive; the line decides who goes next.
    value: Mutex<T>,
    line: Mutex<Line>,
}

struct Line {
    /// The ticket the next thread to arrive will take.
    next_ticket: u64,
    /// Whether a thread is inside (between `wait` and the guard's drop).
    busy: bool,
    /// The threads that have arrived and not gone in, first come first.
    waiting: VecDeque<(u64, Thread)>,
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
            line: Mutex::new(Line {
                next_ticket: 0,
                busy: false,
                waiting: VecDeque::new(),
            }),
        }
    }

    /// Takes the calling thread's place in line. A few steps, and never waits.
    pub fn arrive(&self) -> Arrival<'_, T> {
        let mut line = lock(&self.line);
        let ticket = line.next_ticket;
        line.next_ticket += 1;
        line.waiting.push_back((ticket, thread::current()));
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
        loop {
            let mut line = lock(&self.lock.line);
            let at_front = line.waiting.front().map(|(ticket, _)| *ticket) == Some(self.ticket);
            if at_front && !line.busy {
                line.waiting.pop_front();
                line.busy = true;
                break;
            }
            drop(line);
            // A loop: `park` may return with no `unpark`, and an `unpark` meant for an earlier
            // turn may be left over. Each pass checks the line again.
            thread::park();
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
        let mut line = lock(&self.lock.line);
        line.busy = false;
        // Wake the one thread whose turn it is. An `unpark` before its `park` is not lost: the
        // `park` returns at once. (The value's own mutex is unlocked just after this.)
        if let Some((_, next)) = line.waiting.front() {
            next.unpark();
        }
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
