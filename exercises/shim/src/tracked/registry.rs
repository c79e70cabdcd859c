//! The records the tracked locks keep: who holds what, who waits for what, and what a thread
//! did when it could not get a lock.
//!
//! One global table behind a `std` mutex. It is never held across a loom or shuttle operation
//! (each update runs between two of them), so the model checkers never see it: it adds no
//! interleavings and no synchronisation. Under loom it is exact at every scheduling point: a
//! lock's holder is recorded right after the model's lock returns and cleared right after the
//! model's unlock, with no scheduling point in between. On real threads it lags the truth by a
//! few instructions, which is enough to draw a deadlock (a deadlock stands still).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::identity::{self, ThreadId};

/// A tracked lock. Numbered from 1 in the order the locks were made; the numbering starts again
/// once every tracked lock has been dropped (so each loom execution counts from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LockId(pub u64);

impl fmt::Display for LockId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "lock {}", self.0)
    }
}

/// What the tracked locks saw threads do, summed over everything recorded since the last
/// [`reset_evidence`] (under loom: over every execution explored).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Evidence {
    /// Locks taken, by `lock` or by a `try_lock` that succeeded.
    pub acquisitions: u64,
    /// Of those, the ones taken while the taker already held another tracked lock.
    pub acquisitions_while_holding: u64,
    /// Calls of `lock()` made while the caller held another tracked lock.
    pub requests_while_holding: u64,
    /// Of those, the calls that found the lock held by another thread: the caller waited for
    /// a lock while it held one (hold and wait).
    pub waits_while_holding: u64,
    /// `try_lock()` calls that failed while the caller held another tracked lock.
    pub failed_tries_while_holding: u64,
    /// After such a failure, the caller let go of every lock it held before it took or asked
    /// for any lock again: it gave up what it held (it let itself be preempted).
    pub gave_up: u64,
    /// After such a failure, the caller tried or waited for a lock again while still holding
    /// what it held: it kept its locks and went on waiting for the rest.
    pub kept: u64,
    /// The first wait while holding, in words.
    pub first_wait_while_holding: Option<String>,
    /// The first failure after which the caller kept what it held, in words.
    pub first_kept: Option<String>,
}

impl Evidence {
    const NONE: Evidence = Evidence {
        acquisitions: 0,
        acquisitions_while_holding: 0,
        requests_while_holding: 0,
        waits_while_holding: 0,
        failed_tries_while_holding: 0,
        gave_up: 0,
        kept: 0,
        first_wait_while_holding: None,
        first_kept: None,
    };

    /// Whether some thread waited for a lock, blocked or retrying, while it held another.
    pub fn waited_while_holding(&self) -> bool {
        self.waits_while_holding > 0 || self.kept > 0
    }
}

/// The state of every tracked lock and of every thread that holds or waits for one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    /// Threads that hold a tracked lock or wait for one, by id.
    pub threads: Vec<ThreadState>,
    /// Every tracked lock alive, by id.
    pub locks: Vec<LockState>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadState {
    pub thread: ThreadId,
    pub name: Option<String>,
    /// The locks it holds, in the order it took them.
    pub holds: Vec<LockId>,
    /// The lock it is blocked on in `lock()`, if any.
    pub waits_for: Option<LockId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockState {
    pub lock: LockId,
    pub name: Option<String>,
    pub holder: Option<ThreadId>,
}

#[derive(Debug)]
struct LockRecord {
    name: Option<String>,
    holder: Option<ThreadId>,
}

#[derive(Debug, Default)]
struct ThreadRecord {
    name: Option<String>,
    held: Vec<LockId>,
    waits_for: Option<LockId>,
    /// What it held when a `try_lock` failed, until it lets all of it go (or takes more).
    failed_try_holding: Option<Vec<LockId>>,
}

impl ThreadRecord {
    fn is_idle(&self) -> bool {
        self.held.is_empty() && self.waits_for.is_none() && self.failed_try_holding.is_none()
    }
}

#[derive(Debug)]
struct Registry {
    next_lock: u64,
    locks: BTreeMap<LockId, LockRecord>,
    threads: BTreeMap<ThreadId, ThreadRecord>,
    evidence: Evidence,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    next_lock: 1,
    locks: BTreeMap::new(),
    threads: BTreeMap::new(),
    evidence: Evidence::NONE,
});

fn registry() -> MutexGuard<'static, Registry> {
    // Nothing panics while holding it; if something did, the records are still usable.
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the tracked locks saw, since the last reset.
pub fn evidence() -> Evidence {
    registry().evidence.clone()
}

/// Forgets the evidence gathered so far (not the state of locks alive now).
pub fn reset_evidence() {
    registry().evidence = Evidence::NONE;
}

/// Who holds and who waits for which tracked lock, now.
pub fn snapshot() -> Snapshot {
    let registry = registry();
    Snapshot {
        threads: registry
            .threads
            .iter()
            .filter(|(_, record)| !record.held.is_empty() || record.waits_for.is_some())
            .map(|(thread, record)| ThreadState {
                thread: *thread,
                name: record.name.clone(),
                holds: record.held.clone(),
                waits_for: record.waits_for,
            })
            .collect(),
        locks: registry
            .locks
            .iter()
            .map(|(lock, record)| LockState {
                lock: *lock,
                name: record.name.clone(),
                holder: record.holder,
            })
            .collect(),
    }
}

pub(super) fn register(name: Option<String>) -> LockId {
    let mut registry = registry();
    let lock = LockId(registry.next_lock);
    registry.next_lock += 1;
    registry
        .locks
        .insert(lock, LockRecord { name, holder: None });
    lock
}

pub(super) fn forget(lock: LockId) {
    let mut registry = registry();
    registry.locks.remove(&lock);
    if registry.locks.is_empty() {
        registry.next_lock = 1;
    }
}

/// The caller is about to call the model's (or std's) `lock()`.
pub(super) fn wants(lock: LockId) {
    let me = identity::current();
    let mut registry = registry();
    let holder = registry.holder(lock);
    let holding = registry
        .threads
        .get(&me)
        .is_some_and(|record| !record.held.is_empty());
    let waits = holding && holder.is_some_and(|holder| holder != me);
    // Asking for a lock after a failed try, still holding what it held then: it kept them.
    let kept = registry
        .threads
        .get_mut(&me)
        .is_some_and(|record| record.failed_try_holding.take().is_some());
    if holding {
        registry.evidence.requests_while_holding += 1;
    }
    if waits {
        registry.evidence.waits_while_holding += 1;
        if registry.evidence.first_wait_while_holding.is_none() {
            let wait = registry.describe_wait(me, lock, holder);
            registry.evidence.first_wait_while_holding = Some(wait);
        }
    }
    if kept {
        registry.evidence.kept += 1;
        if registry.evidence.first_kept.is_none() {
            let wait = registry.describe_wait(me, lock, holder);
            registry.evidence.first_kept = Some(format!("after a failed try, {wait}"));
        }
    }
    thread_record(&mut registry.threads, me).waits_for = Some(lock);
}

/// The caller now holds `lock` (from `lock()` or a `try_lock()` that succeeded).
pub(super) fn acquired(lock: LockId) {
    let me = identity::current();
    let mut registry = registry();
    let Registry {
        locks,
        threads,
        evidence,
        ..
    } = &mut *registry;
    if let Some(record) = locks.get_mut(&lock) {
        record.holder = Some(me);
    }
    evidence.acquisitions += 1;
    let record = thread_record(threads, me);
    record.waits_for = None;
    if !record.held.is_empty() {
        evidence.acquisitions_while_holding += 1;
    }
    if record.failed_try_holding.take().is_some() {
        // It took another lock while still holding what it held when its try failed.
        evidence.kept += 1;
        let held = list(&record.held);
        evidence.first_kept.get_or_insert_with(|| {
            format!("{me} held {held}, failed to get a lock, and took {lock} without letting go")
        });
    }
    record.held.push(lock);
}

/// A `try_lock()` of the caller's failed because another thread holds `lock`.
pub(super) fn try_failed(lock: LockId) {
    let me = identity::current();
    let mut registry = registry();
    let Some(held) = registry
        .threads
        .get(&me)
        .map(|record| record.held.clone())
        .filter(|held| !held.is_empty())
    else {
        return;
    };
    registry.evidence.failed_tries_while_holding += 1;
    let record = thread_record(&mut registry.threads, me);
    // A second failure while still holding: it spins for the lock, holding on to the others.
    let spinning = record.failed_try_holding.replace(held).is_some();
    if spinning {
        registry.evidence.kept += 1;
        if registry.evidence.first_kept.is_none() {
            let holder = registry.holder(lock);
            let wait = registry.describe_wait(me, lock, holder);
            registry.evidence.first_kept = Some(format!("{wait}, trying again and again"));
        }
    }
}

/// The holder of `lock` let it go.
pub(super) fn released(lock: LockId) {
    let mut registry = registry();
    let Registry {
        locks,
        threads,
        evidence,
        ..
    } = &mut *registry;
    let Some(holder) = locks.get_mut(&lock).and_then(|record| record.holder.take()) else {
        return;
    };
    let Some(record) = threads.get_mut(&holder) else {
        return;
    };
    record.held.retain(|held| *held != lock);
    if let Some(keeping) = &mut record.failed_try_holding {
        keeping.retain(|held| *held != lock);
        if keeping.is_empty() {
            record.failed_try_holding = None;
            evidence.gave_up += 1;
        }
    }
    if record.is_idle() {
        threads.remove(&holder);
    }
}

fn thread_record(
    threads: &mut BTreeMap<ThreadId, ThreadRecord>,
    me: ThreadId,
) -> &mut ThreadRecord {
    threads.entry(me).or_insert_with(|| ThreadRecord {
        name: identity::current_name(),
        ..ThreadRecord::default()
    })
}

impl Registry {
    fn holder(&self, lock: LockId) -> Option<ThreadId> {
        self.locks.get(&lock).and_then(|record| record.holder)
    }

    /// "thread 2 held lock 1 and waited for lock 3, held by thread 1", for the evidence.
    fn describe_wait(&self, me: ThreadId, lock: LockId, holder: Option<ThreadId>) -> String {
        let held = self
            .threads
            .get(&me)
            .map(|record| list(&record.held))
            .unwrap_or_default();
        let lock_name = self.lock_name(lock);
        match holder {
            Some(holder) => {
                format!("{me} held {held} and waited for {lock_name}, held by {holder}")
            }
            None => format!("{me} held {held} and asked for {lock_name}"),
        }
    }

    fn lock_name(&self, lock: LockId) -> String {
        match self
            .locks
            .get(&lock)
            .and_then(|record| record.name.as_deref())
        {
            Some(name) => format!("{lock} ({name})"),
            None => lock.to_string(),
        }
    }
}

fn list(locks: &[LockId]) -> String {
    let names: Vec<String> = locks.iter().map(LockId::to_string).collect();
    names.join(" and ")
}
