//! `std::sync`, `loom::sync` or `shuttle::sync`, by `cfg`.

#[cfg(loom)]
pub use crate::mutex::{Mutex, MutexGuard};
#[cfg(loom)]
pub use loom::sync::{Arc, RwLock};
#[cfg(loom)]
pub use loom_condvar::Condvar;

/// Loom's atomics, fair to a spinning thread (see `crate::fairness`).
#[cfg(loom)]
pub mod atomic {
    pub use crate::atomic::*;
}
#[cfg(all(shuttle, not(loom)))]
pub use shuttle::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock, atomic};
#[cfg(not(any(loom, shuttle)))]
pub use std::sync::{Arc, Mutex, MutexGuard, RwLock, atomic};

#[cfg(not(any(loom, shuttle)))]
pub use spurious::Condvar;

/// Channels: `std::sync::mpsc`, or shuttle's copy of it, which shuttle schedules (a blocking
/// `recv` is a point where another thread runs, and a disconnect wakes the receiver).
#[cfg(all(shuttle, not(loom)))]
pub use shuttle::sync::mpsc;
#[cfg(not(any(loom, shuttle)))]
pub use std::sync::mpsc;

/// Under loom there are no channels: code that makes one does not compile, and says why.
///
/// loom 0.7's own `mpsc` is a stub that never disconnects (a `recv` after the last sender
/// is gone waits for ever) and has no `sync_channel`, so it would turn every correct close
/// into a false deadlock. Channel code is model-checked by shuttle instead. The types are
/// std's, so code that only names them still compiles; making a channel is what fails, with
/// the message below. (No type implements the sealed trait: these functions never run.)
#[cfg(loom)]
pub mod mpsc {
    pub use std::sync::mpsc::{
        IntoIter, Iter, Receiver, RecvError, RecvTimeoutError, SendError, Sender, SyncSender,
        TryIter, TryRecvError, TrySendError,
    };

    /// Not under loom: see the module's documentation.
    pub fn channel<T: sealed::HasLoomModel>() -> (Sender<T>, Receiver<T>) {
        std::sync::mpsc::channel()
    }

    /// Not under loom: see the module's documentation.
    pub fn sync_channel<T: sealed::HasLoomModel>(bound: usize) -> (SyncSender<T>, Receiver<T>) {
        std::sync::mpsc::sync_channel(bound)
    }

    mod sealed {
        #[diagnostic::on_unimplemented(
            message = "`shim::sync::mpsc` has no loom model: a channel cannot be made under loom",
            label = "a channel made in a `--cfg loom` build",
            note = "loom's own channel never disconnects, so a receiver would wait for ever after \
                    a correct close; check channel code with shuttle (tests/shuttle.rs) and on \
                    std threads, and keep channels out of the exercise's loom tests"
        )]
        pub trait HasLoomModel {}
    }
}

/// Loom's `Condvar` with the rest of std's API: loom 0.7 has no `wait_while`, and a correct
/// answer that uses it must not fail to build under loom. Its waits and notifications are told
/// in the story of a failure, as the shim's mutex's locks are (`crate::mutex`).
#[cfg(loom)]
mod loom_condvar {
    use std::panic::Location;
    use std::sync::LockResult;
    use std::time::Duration;

    use crate::mutex::{MutexGuard, map_lock, record};

    #[derive(Debug, Default)]
    pub struct Condvar(loom::sync::Condvar);

    impl Condvar {
        pub fn new() -> Self {
            Condvar(loom::sync::Condvar::new())
        }

        fn address(&self) -> usize {
            self as *const Self as usize
        }

        #[track_caller]
        pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
            let at = Location::caller();
            let (inner, relock) = guard.into_loom();
            record("wait", self.address(), "unlocks, sleeps", at);
            let result = self.0.wait(inner);
            record("woken", self.address(), "", at);
            record("lock", relock.address(), "", at);
            map_lock(result, |inner| relock.guard(inner))
        }

        #[track_caller]
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

        #[track_caller]
        pub fn wait_timeout<'a, T>(
            &self,
            guard: MutexGuard<'a, T>,
            timeout: Duration,
        ) -> LockResult<(MutexGuard<'a, T>, loom::sync::WaitTimeoutResult)> {
            let at = Location::caller();
            let (inner, relock) = guard.into_loom();
            record("wait", self.address(), "unlocks, sleeps", at);
            let result = self.0.wait_timeout(inner, timeout);
            record("woken", self.address(), "", at);
            record("lock", relock.address(), "", at);
            map_lock(result, |(inner, timed_out)| {
                (relock.guard(inner), timed_out)
            })
        }

        #[track_caller]
        pub fn notify_one(&self) {
            record("notify_one", self.address(), "", Location::caller());
            self.0.notify_one();
        }

        #[track_caller]
        pub fn notify_all(&self) {
            record("notify_all", self.address(), "", Location::caller());
            self.0.notify_all();
        }
    }
}

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
        /// Wake spuriously once in this many waits; `None`: as the environment says.
        one_in: Option<u64>,
    }

    impl Condvar {
        pub const fn new() -> Self {
            Condvar {
                inner: std::sync::Condvar::new(),
                one_in: None,
            }
        }

        /// A condvar that wakes spuriously once in `one_in` waits, whatever the environment
        /// says (0: never). For tests of the test support itself.
        pub const fn with_spurious_wakeups(one_in: u64) -> Self {
            Condvar {
                inner: std::sync::Condvar::new(),
                one_in: Some(one_in),
            }
        }

        pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
            if crate::settings::inject_spurious_wakeup(self.one_in) {
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

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::{Condvar, Mutex};
    use std::sync::Arc;
    use std::time::Duration;

    /// Waits once with `if` (wrongly): returns whether the wait ended with the condition false.
    fn if_wait_returns_early(condvar: Arc<Condvar>) -> bool {
        let ready = Arc::new(Mutex::new(false));
        let waiter = {
            let (ready, condvar) = (ready.clone(), condvar.clone());
            std::thread::spawn(move || {
                let guard = ready.lock().unwrap();
                let guard = if !*guard {
                    condvar.wait(guard).unwrap()
                } else {
                    guard
                };
                !*guard
            })
        };
        // Give a spurious wake-up time to happen, then wake the waiter for real.
        std::thread::sleep(Duration::from_millis(50));
        *ready.lock().unwrap() = true;
        condvar.notify_all();
        waiter.join().unwrap()
    }

    #[test]
    fn an_if_around_a_wait_is_caught_by_injected_spurious_wakeups() {
        let early = (0..20)
            .filter(|_| if_wait_returns_early(Arc::new(Condvar::with_spurious_wakeups(2))))
            .count();
        assert!(
            early > 0,
            "one wait in two must wake spuriously, but none of 20 did"
        );
    }

    #[test]
    fn without_injection_a_wait_ends_only_when_notified() {
        let early = (0..5)
            .filter(|_| if_wait_returns_early(Arc::new(Condvar::with_spurious_wakeups(0))))
            .count();
        assert_eq!(early, 0);
    }

    #[test]
    fn wait_while_rechecks_its_condition_after_spurious_wakeups() {
        let state = Arc::new((Mutex::new(0u32), Condvar::with_spurious_wakeups(1)));
        let setter = {
            let state = state.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(20));
                *state.0.lock().unwrap() = 3;
                state.1.notify_all();
            })
        };
        let guard = state
            .1
            .wait_while(state.0.lock().unwrap(), |value| *value != 3)
            .unwrap();
        assert_eq!(*guard, 3);
        drop(guard);
        setter.join().unwrap();
    }
}
