//! `std::sync`, `loom::sync` or `shuttle::sync`, by `cfg`.

#[cfg(loom)]
pub use loom::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock, atomic};
#[cfg(all(shuttle, not(loom)))]
pub use shuttle::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock, atomic};
#[cfg(not(any(loom, shuttle)))]
pub use std::sync::{Arc, Mutex, MutexGuard, RwLock, atomic};

#[cfg(not(any(loom, shuttle)))]
pub use spurious::Condvar;

#[cfg(not(any(loom, shuttle)))]
mod spurious {
    use std::sync::{LockResult, MutexGuard, PoisonError};
    use std::time::Duration;

    /// `std::sync::Condvar`, except that under the checker some waits return at once.
    ///
    /// POSIX and Rust both allow a condition variable to wake up with nobody having called
    /// `notify`, so a waiter must re-check its condition in a `while` loop. Real spurious
    /// wake-ups are rare, so a test would almost never catch an `if`. When
    /// `THREADLINGS_SPURIOUS_WAKEUPS=N` is set (the checker sets it), one wait in N releases
    /// the lock and returns immediately, exactly as a genuine spurious wake-up would.
    #[derive(Debug, Default)]
    pub struct Condvar {
        inner: std::sync::Condvar,
    }

    impl Condvar {
        pub const fn new() -> Self {
            Condvar {
                inner: std::sync::Condvar::new(),
            }
        }

        pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
            if crate::settings::inject_spurious_wakeup() {
                // A zero timeout still unlocks and relocks the mutex: other threads can run.
                return match self.inner.wait_timeout(guard, Duration::ZERO) {
                    Ok((guard, _)) => Ok(guard),
                    Err(poisoned) => Err(PoisonError::new(poisoned.into_inner().0)),
                };
            }
            self.inner.wait(guard)
        }

        pub fn wait_while<'a, T, F>(
            &self,
            mut guard: MutexGuard<'a, T>,
            mut condition: F,
        ) -> LockResult<MutexGuard<'a, T>>
        where
            F: FnMut(&mut T) -> bool,
        {
            while condition(&mut *guard) {
                guard = self.wait(guard)?;
            }
            Ok(guard)
        }

        pub fn wait_timeout<'a, T>(
            &self,
            guard: MutexGuard<'a, T>,
            timeout: Duration,
        ) -> LockResult<(MutexGuard<'a, T>, std::sync::WaitTimeoutResult)> {
            self.inner.wait_timeout(guard, timeout)
        }

        pub fn notify_one(&self) {
            self.inner.notify_one();
        }

        pub fn notify_all(&self) {
            self.inner.notify_all();
        }
    }
}
