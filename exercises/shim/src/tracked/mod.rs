//! Instrumented locks: a `Mutex` that records who holds it and who waits for it.
//!
//! `shim::tracked::Mutex` has the shape of `shim::sync::Mutex` (`new`, `lock`, `try_lock`,
//! `into_inner`, `get_mut`, a guard that unlocks on drop) and wraps it, so it runs on `std`,
//! under loom and under shuttle. Every lock, unlock and failed `try_lock` also goes into one
//! global table ([`snapshot`], [`evidence`]); thread identities come from the model's own
//! threads under loom and shuttle (`identity`), so the records mean the same in every build.
//!
//! From the records:
//! - [`snapshot`]: the wait-for graph now (which thread holds which lock, which waits for
//!   which), to find a deadlock's cycle;
//! - [`evidence`]: whether a thread ever waited for a lock while holding another (hold and
//!   wait), and whether a thread whose `try_lock` failed gave up what it held (no preemption);
//! - [`judge`]: whether a claim "this code breaks Coffman condition X" fits that evidence.
//!
//! The table is global: a process runs one test at a time under the checker, which is what
//! makes [`evidence`] mean "what this test saw".

mod claim;
mod deadlock;
mod identity;
mod registry;

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{LockResult, PoisonError, TryLockError, TryLockResult};

#[cfg(loom)]
use loom::sync::atomic::Ordering::Relaxed;

pub use claim::{Condition, judge};
pub(crate) use deadlock::describe_cycle;
pub use identity::ThreadId;
pub use registry::{
    Evidence, LockId, LockState, Snapshot, ThreadState, evidence, reset_evidence, snapshot,
};

/// A mutual-exclusion lock that records its holders and waiters (see the module docs).
pub struct Mutex<T> {
    id: Registration,
    inner: crate::sync::Mutex<T>,
    /// Under loom: whether the lock is held, as an atomic the model checker can see (below).
    #[cfg(loom)]
    held: loom::sync::atomic::AtomicBool,
}

/// A lock's entry in the records, removed when the lock is dropped.
struct Registration(LockId);

impl Drop for Registration {
    fn drop(&mut self) {
        registry::forget(self.0);
    }
}

/// Holds a [`Mutex`] until dropped.
pub struct MutexGuard<'a, T> {
    id: LockId,
    #[cfg(loom)]
    held: &'a loom::sync::atomic::AtomicBool,
    /// Always `Some` until `drop` takes it, so the unlock happens before the record of it.
    inner: Option<crate::sync::MutexGuard<'a, T>>,
}

impl<T> Mutex<T> {
    pub fn new(value: T) -> Self {
        Mutex {
            id: Registration(registry::register(None)),
            inner: crate::sync::Mutex::new(value),
            #[cfg(loom)]
            held: loom::sync::atomic::AtomicBool::new(false),
        }
    }

    /// A lock with a name, which the wait-for graph and the evidence show.
    pub fn named(name: impl Into<String>, value: T) -> Self {
        Mutex {
            id: Registration(registry::register(Some(name.into()))),
            inner: crate::sync::Mutex::new(value),
            #[cfg(loom)]
            held: loom::sync::atomic::AtomicBool::new(false),
        }
    }

    /// This lock's number in the records.
    pub fn id(&self) -> LockId {
        self.id.0
    }

    /// Waits until the lock is free, then takes it.
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        self.look_at_holder();
        registry::wants(self.id.0);
        let locked = self.inner.lock();
        registry::acquired(self.id.0);
        match locked {
            Ok(guard) => Ok(self.guard(guard)),
            Err(poisoned) => Err(PoisonError::new(self.guard(poisoned.into_inner()))),
        }
    }

    /// Takes the lock if it is free; never waits.
    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        self.look_at_holder();
        match self.inner.try_lock() {
            Ok(guard) => {
                registry::acquired(self.id.0);
                Ok(self.guard(guard))
            }
            Err(TryLockError::Poisoned(poisoned)) => {
                registry::acquired(self.id.0);
                let guard = self.guard(poisoned.into_inner());
                Err(TryLockError::Poisoned(PoisonError::new(guard)))
            }
            Err(TryLockError::WouldBlock) => {
                registry::try_failed(self.id.0);
                Err(TryLockError::WouldBlock)
            }
        }
    }

    pub fn into_inner(self) -> LockResult<T> {
        let Mutex { id, inner, .. } = self;
        drop(id);
        inner.into_inner()
    }

    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.inner.get_mut()
    }

    fn guard<'a>(&'a self, inner: crate::sync::MutexGuard<'a, T>) -> MutexGuard<'a, T> {
        #[cfg(loom)]
        self.held.swap(true, Relaxed);
        MutexGuard {
            id: self.id.0,
            #[cfg(loom)]
            held: &self.held,
            inner: Some(inner),
        }
    }

    /// Under loom, a step that the model checker sees, just before asking for the lock.
    ///
    /// Loom explores the orders of *its* operations that can matter, not every interleaving:
    /// a lock's holder changing between this thread's previous operation and its `lock()` is
    /// an order it need not try, so the records would never see a thread ask for a lock that
    /// another holds. Each tracked lock therefore writes whether it is held into an atomic
    /// (when taken, and before it is let go), and reads it here: these accesses conflict, so
    /// loom also runs this thread's request while another thread holds the lock. Relaxed
    /// read-modify-writes: they always see the newest value and add no synchronisation that
    /// could hide an ordering bug in the code under test.
    fn look_at_holder(&self) {
        #[cfg(loom)]
        self.held.fetch_or(false, Relaxed);
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

impl<T> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("tracked::Mutex")
            .field("id", &self.id.0)
            .finish_non_exhaustive()
    }
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match &self.inner {
            Some(guard) => guard,
            None => unreachable!("a guard is only emptied by its drop"),
        }
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        match &mut self.inner {
            Some(guard) => guard,
            None => unreachable!("a guard is only emptied by its drop"),
        }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // Unlock first, then record it: under loom no other thread runs in between, so the
        // records never show a lock free that is still held.
        #[cfg(loom)]
        self.held.swap(false, Relaxed);
        drop(self.inner.take());
        registry::released(self.id);
    }
}

impl<T: fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
