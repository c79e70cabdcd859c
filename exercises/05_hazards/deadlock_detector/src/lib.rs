//! A deadlock detector: the wait-for graph of a set of locks, and the cycle behind a deadlock.
//!
//! The graph's facts come from the shim's tracked locks (`shim::tracked::snapshot()`: which
//! thread holds which lock, which thread waits for which) or from a test that states them
//! one by one. Read README.md.

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
        // TODO: every thread in `snapshot.threads` holds the locks in its `holds` and waits
        // for its `waits_for`, if any.
        let _ = snapshot;
        todo!("build the graph from a snapshot of the tracked locks")
    }

    /// The wait that blocks `thread`: the lock it waits for and that lock's holder. `None`
    /// if it waits for nothing, or for a lock nobody holds (it will get it).
    pub fn blocked_by(&self, thread: ThreadId) -> Option<Wait> {
        // TODO: look up what `thread` waits for, then who holds that.
        let _ = thread;
        todo!("the edge out of `thread` in the wait-for graph")
    }

    /// A cycle of waits, if there is one: the threads in it are deadlocked. When there are
    /// several, the one that holds the lowest-numbered thread of all the cycles.
    pub fn find_cycle(&self) -> Option<Cycle> {
        // TODO: each thread waits for at most one other, so from any thread there is one path
        // to follow. Follow it until it ends (no cycle from there) or comes back to a thread
        // it already passed (a cycle: but not every thread on the path is in it).
        todo!("find a cycle in the wait-for graph")
    }
}
