//! Under loom: loom's `Mutex`, its locks and unlocks told in the story of a failure.
//!
//! Each call forwards to loom's (`#[track_caller]`, so loom's reports, its deadlock report
//! among them, still name the learner's line). When the checker re-runs a failing test for its
//! story (`crate::trace`), taking the lock records a `lock` (or `try_lock`) step at the caller's
//! line and dropping the guard an `unlock` step. A `Drop` cannot know its line, so the unlock
//! is told at the line that took the lock ("unlocked (guard dropped)"). Unset, each call
//! pays one check of a `OnceLock`.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::panic::Location;
use std::sync::{LockResult, PoisonError, TryLockError, TryLockResult};

use crate::trace;

/// Loom's mutex, recorded in the trace.
pub struct Mutex<T: ?Sized> {
    inner: loom::sync::Mutex<T>,
}

/// A held lock; dropping it unlocks (and records the unlock).
pub struct MutexGuard<'a, T: ?Sized> {
    /// `None` only while a `Condvar` wait holds loom's guard (`into_loom`).
    inner: Option<loom::sync::MutexGuard<'a, T>>,
    address: usize,
    locked_at: &'static Location<'static>,
}

/// Records a step on the lock at `address` (no ordering: a lock is not an atomic).
pub(crate) fn record(operation: &str, address: usize, value: &str, at: &'static Location<'static>) {
    if trace::enabled() {
        trace::record(operation, address, "", value, at);
    }
}

/// `result` with its guard (or the poisoned one) turned into another type.
pub(crate) fn map_lock<A, B>(result: LockResult<A>, f: impl FnOnce(A) -> B) -> LockResult<B> {
    match result {
        Ok(guard) => Ok(f(guard)),
        Err(poisoned) => Err(PoisonError::new(f(poisoned.into_inner()))),
    }
}

impl<T> Mutex<T> {
    pub fn new(value: T) -> Self {
        Mutex {
            inner: loom::sync::Mutex::new(value),
        }
    }

    pub fn into_inner(self) -> LockResult<T> {
        self.inner.into_inner()
    }
}

impl<T: ?Sized> Mutex<T> {
    fn address(&self) -> usize {
        self as *const Self as *const u8 as usize
    }

    fn guard<'a>(
        &'a self,
        inner: loom::sync::MutexGuard<'a, T>,
        at: &'static Location<'static>,
    ) -> MutexGuard<'a, T> {
        MutexGuard {
            inner: Some(inner),
            address: self.address(),
            locked_at: at,
        }
    }

    #[track_caller]
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        let at = Location::caller();
        let result = self.inner.lock();
        // Recorded once taken: a thread that waits for the lock has not taken it yet.
        record("lock", self.address(), "", at);
        map_lock(result, |inner| self.guard(inner, at))
    }

    #[track_caller]
    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        let at = Location::caller();
        match self.inner.try_lock() {
            Ok(inner) => {
                record("try_lock", self.address(), "took it", at);
                Ok(self.guard(inner, at))
            }
            Err(TryLockError::WouldBlock) => {
                record("try_lock", self.address(), "held: gave up", at);
                Err(TryLockError::WouldBlock)
            }
            Err(TryLockError::Poisoned(poisoned)) => {
                record("try_lock", self.address(), "took it (poisoned)", at);
                let guard = self.guard(poisoned.into_inner(), at);
                Err(TryLockError::Poisoned(PoisonError::new(guard)))
            }
        }
    }

    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.inner.get_mut()
    }
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Mutex::new(T::default())
    }
}

impl<T> From<T> for Mutex<T> {
    fn from(value: T) -> Self {
        Mutex::new(value)
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

/// Where a guard came from, kept while a `Condvar` wait holds loom's own guard.
pub(crate) struct Relock {
    address: usize,
    locked_at: &'static Location<'static>,
}

impl Relock {
    pub(crate) fn address(&self) -> usize {
        self.address
    }

    /// The guard again, around the loom guard the wait gave back.
    pub(crate) fn guard<'a, T: ?Sized>(
        self,
        inner: loom::sync::MutexGuard<'a, T>,
    ) -> MutexGuard<'a, T> {
        MutexGuard {
            inner: Some(inner),
            address: self.address,
            locked_at: self.locked_at,
        }
    }
}

impl<'a, T: ?Sized> MutexGuard<'a, T> {
    /// Loom's guard, for a `Condvar` wait (which records what it does itself), and what it
    /// takes to make this guard again.
    pub(crate) fn into_loom(mut self) -> (loom::sync::MutexGuard<'a, T>, Relock) {
        let relock = Relock {
            address: self.address,
            locked_at: self.locked_at,
        };
        let inner = (self.inner.take()).expect("a guard holds loom's guard until it is dropped");
        (inner, relock)
    }
}

impl<T: ?Sized> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.inner
            .as_deref()
            .expect("a guard holds loom's guard until it is dropped")
    }
}

impl<T: ?Sized> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.inner
            .as_deref_mut()
            .expect("a guard holds loom's guard until it is dropped")
    }
}

impl<T: ?Sized> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(inner) = self.inner.take() {
            // Recorded first: once loom's guard is gone another thread may take the lock.
            record("unlock", self.address, "", self.locked_at);
            drop(inner);
        }
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}
