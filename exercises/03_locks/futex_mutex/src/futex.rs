//! A futex, as the kernel offers one, emulated so that every checker can run it.
//!
//! (Given: you do not need to change this file.) Linux's `futex(2)` lets a thread sleep *on a
//! 32-bit word*: `wait(word, expected)` goes to sleep only if the word still holds `expected`
//! (checked atomically with going to sleep, so a wake-up in between cannot be missed), and
//! `wake_one(word)` wakes one sleeper. Here the same contract is built from a mutex and a
//! condition variable, so that loom and shuttle can run it too; like a real futex, a `wait`
//! may also return for no reason (spuriously). It counts every sleep and every wake call,
//! which is how the tests see that your mutex sleeps instead of spinning, and that an
//! uncontended unlock makes no wake call (on Linux, a system call).

use shim::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use shim::sync::{Condvar, Mutex};

#[derive(Debug)]
pub struct Futex {
    /// The word threads sleep on: your mutex's state.
    pub word: AtomicU32,
    /// Held while checking the word before sleeping, and while waking: no lost wake-ups.
    sleepers: Mutex<()>,
    woken: Condvar,
    sleeps: AtomicUsize,
    wake_calls: AtomicUsize,
}

impl Futex {
    pub fn new(value: u32) -> Self {
        Futex {
            word: AtomicU32::new(value),
            sleepers: Mutex::new(()),
            woken: Condvar::new(),
            sleeps: AtomicUsize::new(0),
            wake_calls: AtomicUsize::new(0),
        }
    }

    /// Sleeps while `word` holds `expected`: returns at once if it does not, and otherwise
    /// when woken by `wake_one` (or spuriously). Always re-check your condition afterwards.
    pub fn wait(&self, expected: u32) {
        let guard = self
            .sleepers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Relaxed: the mutex orders this check against `wake_one`; callers synchronise
        // through their own operations on the word.
        if self.word.load(Ordering::Relaxed) != expected {
            return;
        }
        // Relaxed: a statistic, read by tests after the threads are joined or in a loop.
        self.sleeps.fetch_add(1, Ordering::Relaxed);
        drop(self.woken.wait(guard));
    }

    /// Wakes one thread sleeping in `wait`, if there is one.
    pub fn wake_one(&self) {
        self.wake_calls.fetch_add(1, Ordering::Relaxed);
        let _guard = self
            .sleepers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.woken.notify_one();
    }

    /// How many times a thread went to sleep in `wait`.
    pub fn sleeps(&self) -> usize {
        self.sleeps.load(Ordering::Relaxed)
    }

    /// How many times `wake_one` was called (each would be a system call on Linux).
    pub fn wake_calls(&self) -> usize {
        self.wake_calls.load(Ordering::Relaxed)
    }
}
