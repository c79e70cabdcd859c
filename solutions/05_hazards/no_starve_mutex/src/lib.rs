//! A mutex that never lets a waiting thread starve.
//!
//! Taking the lock is two steps, like a deli counter: `arrive` takes your place in line (it
//! never waits), `wait` waits until it is your turn and gives you the value. `lock` does both.
//!
//! Reference solution: a ticket line. `arrive` takes the next ticket; the holder's guard, when
//! dropped, serves the next ticket and wakes the waiters; each waiter goes in only when its
//! own ticket is served. Threads go in in the order they arrived, so while a thread waits,
//! every other thread goes in at most once before it: bounded bypass.

use shim::sync::{Condvar, Mutex, MutexGuard};

pub struct FairMutex<T> {
    /// The protected value. Its own mutex keeps it exclusive; the line decides who goes next.
    value: Mutex<T>,
    line: Mutex<Line>,
    /// Notified whenever a new ticket is served.
    turn: Condvar,
}

/// The deli counter's two numbers.
struct Line {
    /// The ticket the next thread to arrive will take.
    next_ticket: u64,
    /// The ticket whose holder may go in (or is in).
    now_serving: u64,
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
                now_serving: 0,
            }),
            turn: Condvar::new(),
        }
    }

    /// Takes the calling thread's place in line. A few steps, and never waits.
    pub fn arrive(&self) -> Arrival<'_, T> {
        let mut line = lock(&self.line);
        let ticket = line.next_ticket;
        line.next_ticket += 1;
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
        let line = lock(&self.lock.line);
        // `while`, not `if`: every serving wakes every waiter, and a wait may also end
        // spuriously; only the thread whose ticket is served goes on.
        let line = self
            .lock
            .turn
            .wait_while(line, |line| line.now_serving != self.ticket)
            .expect("the line's lock is poisoned: a thread panicked while holding it");
        drop(line);
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
        lock(&self.lock.line).now_serving += 1;
        // Every waiter, not one: `notify_one` could wake a thread whose turn it is not, and the
        // one whose turn it is would sleep on. (The value's own mutex is unlocked just after
        // this, when the `value` field is dropped.)
        self.lock.turn.notify_all();
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
