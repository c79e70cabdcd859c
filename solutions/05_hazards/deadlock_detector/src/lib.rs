//! A deadlock detector: the wait-for graph of a set of locks, and the cycle behind a deadlock.
//!
//! The graph's facts come from the shim's tracked locks (`shim::tracked::snapshot()`: which
//! thread holds which lock, which thread waits for which) or from a test that states them
//! one by one.
//!
//! Reference solution: from each blocked thread in turn, follow the single wait out of it.

use std::collections::BTreeMap;

use shim::tracked::{LockId, Snapshot, ThreadId};

/// One wait of a deadlock: `thread` waits for `lock`, which `holder` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait {
    pub thread: ThreadId,
    pub lock: LockId,
    pub holder: ThreadId,
}

/// Waits that close into a cycle: each wait's `holder` is the next wait's `thread`, and the
/// last wait's `holder` is the first wait's `thread`. It starts at its lowest-numbered thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub waits: Vec<Wait>,
}

/// Who holds which lock and who waits for which.
///
/// A lock has at most one holder, and a blocked thread waits for exactly one lock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WaitForGraph {
    /// Each held lock's holder.
    holders: BTreeMap<LockId, ThreadId>,
    /// Each blocked thread's lock.
    waiting: BTreeMap<ThreadId, LockId>,
}

impl WaitForGraph {
    /// A graph with no locks held and nobody waiting.
    pub fn new() -> Self {
        WaitForGraph::default()
    }

    /// Records that `thread` holds `lock` (replacing any earlier holder of it).
    pub fn holds(&mut self, thread: ThreadId, lock: LockId) {
        self.holders.insert(lock, thread);
    }

    /// Records that `thread` is blocked waiting for `lock` (replacing what it waited for).
    pub fn waits_for(&mut self, thread: ThreadId, lock: LockId) {
        self.waiting.insert(thread, lock);
    }

    /// The graph of the tracked locks as `snapshot` saw them.
    pub fn from_snapshot(snapshot: &Snapshot) -> Self {
        let mut graph = WaitForGraph::new();
        for thread in &snapshot.threads {
            for lock in &thread.holds {
                graph.holds(thread.thread, *lock);
            }
            if let Some(lock) = thread.waits_for {
                graph.waits_for(thread.thread, lock);
            }
        }
        graph
    }

    /// The wait that blocks `thread`: the lock it waits for and that lock's holder. `None`
    /// if it waits for nothing, or for a lock nobody holds (it will get it).
    pub fn blocked_by(&self, thread: ThreadId) -> Option<Wait> {
        let lock = *self.waiting.get(&thread)?;
        let holder = *self.holders.get(&lock)?;
        Some(Wait {
            thread,
            lock,
            holder,
        })
    }

    /// A cycle of waits, if there is one: the threads in it are deadlocked. When there are
    /// several, the one that holds the lowest-numbered thread of all the cycles.
    pub fn find_cycle(&self) -> Option<Cycle> {
        // In increasing order, so the first thread on a cycle is the lowest of all of them.
        let start = self
            .waiting
            .keys()
            .copied()
            .find(|thread| self.comes_back_to(*thread))?;
        let mut waits = Vec::new();
        let mut at = start;
        loop {
            let wait = self.blocked_by(at)?;
            waits.push(wait);
            at = wait.holder;
            if at == start {
                return Some(Cycle { waits });
            }
        }
    }

    /// Whether following the waits out of `start` leads back to it.
    fn comes_back_to(&self, start: ThreadId) -> bool {
        // One wait out of each thread: a path longer than the blocked threads has repeated
        // one, so that many steps decide it (and a tail into a cycle never comes back).
        let mut at = start;
        for _ in 0..self.waiting.len() {
            match self.blocked_by(at) {
                Some(wait) if wait.holder == start => return true,
                Some(wait) => at = wait.holder,
                None => return false,
            }
        }
        false
    }
}
