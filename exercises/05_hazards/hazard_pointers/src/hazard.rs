//! Hazard pointers: announce the node you are about to read, free only what nobody announces.
//!
//! Each participant (one per thread) owns a *hazard* slot. Before it reads a node it reached
//! through a shared pointer, it publishes the node there, then reads the shared pointer again:
//! if it still names the node, the node was not unlinked before the hazard was visible, so no
//! reclaimer will free it until the hazard is cleared. A node that is unlinked is *retired*;
//! the reclaimer frees each retired node that no hazard names and keeps the others for later.
//!
//! As shipped, `protect` publishes its hazard but never checks that it was in time: a node can
//! be freed between the moment it is read from the shared pointer and the moment the hazard
//! becomes visible. Read the README, then fix it.

use shim::sync::atomic::{AtomicBool, AtomicU64, Ordering, fence};
use shim::sync::{Mutex, MutexGuard};

use crate::arena::{Arena, Ptr};

/// How many participants (threads) a domain has room for.
pub const PARTICIPANTS: usize = 4;

pub struct Domain {
    /// Each participant's hazard: the node it may be reading, or null.
    hazards: [AtomicU64; PARTICIPANTS],
    /// Which participant slots are taken.
    in_use: [AtomicBool; PARTICIPANTS],
    /// Each participant's retired nodes: unlinked, waiting until no hazard names them.
    retired: [Mutex<Vec<Ptr>>; PARTICIPANTS],
}

/// One thread's membership of a domain: its hazard slot and its retired list.
pub struct Participant<'a> {
    domain: &'a Domain,
    slot: usize,
}

impl Default for Domain {
    fn default() -> Self {
        Self::new()
    }
}

impl Domain {
    pub fn new() -> Self {
        Domain {
            hazards: std::array::from_fn(|_| AtomicU64::new(Ptr::NULL.pack())),
            in_use: std::array::from_fn(|_| AtomicBool::new(false)),
            retired: std::array::from_fn(|_| Mutex::new(Vec::new())),
        }
    }

    /// Joins the domain. Panics if all `PARTICIPANTS` slots are taken.
    pub fn register(&self) -> Participant<'_> {
        for (slot, in_use) in self.in_use.iter().enumerate() {
            // Acquire: pairs with the Release when a participant leaves, so we take over its
            // slot (and its retired list) after it is done with them.
            if in_use
                .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                return Participant { domain: self, slot };
            }
        }
        panic!("a domain has room for {PARTICIPANTS} participants, and all are taken");
    }

    /// How many retired nodes are waiting to be freed.
    pub fn retired(&self) -> usize {
        self.retired.iter().map(|list| lock(list).len()).sum()
    }
}

impl Participant<'_> {
    /// Reads the pointer in `source` and protects the node it names: until `clear`, that node
    /// is not freed, so it is safe to read.
    pub fn protect(&self, source: &AtomicU64) -> Ptr {
        // Acquire: pairs with the Release that published the node, so we see its contents.
        let node = Ptr::unpack(source.load(Ordering::Acquire));
        // Relaxed: the fence below orders this store before anything we do next.
        self.hazard().store(node.pack(), Ordering::Relaxed);
        // SeqCst fence: our hazard is visible to every reclaimer that scans after this point.
        // (It pairs with the fence in `reclaim`.)
        fence(Ordering::SeqCst);
        // TODO: between our load of `source` and our store of the hazard, another thread may
        // have unlinked this node, scanned the hazards (not seeing ours yet) and freed it.
        // Check that `source` still names the node now that the hazard is visible; if not,
        // protect the new one instead.
        node
    }

    /// Withdraws this participant's hazard: the node it protected may be freed.
    pub fn clear(&self) {
        // Release: our reads of the node happen before a reclaimer that sees null frees it.
        self.hazard().store(Ptr::NULL.pack(), Ordering::Release);
    }

    /// Hands over a node that has been unlinked (no shared pointer names it any more): it is
    /// freed as soon as no hazard names it.
    pub fn retire(&self, node: Ptr, arena: &Arena) {
        lock(&self.domain.retired[self.slot]).push(node);
        self.reclaim(arena);
    }

    /// Frees each of this participant's retired nodes that no hazard names.
    pub fn reclaim(&self, arena: &Arena) {
        // SeqCst fence: pairs with the fence in `protect`. Every node on our list was unlinked
        // before this point, so a reader that published a hazard after it has seen the unlink
        // and will not use the node; a hazard published before it, we see below.
        fence(Ordering::SeqCst);
        let hazards: Vec<Ptr> = self
            .domain
            .hazards
            .iter()
            // Acquire: pairs with `clear`'s Release: a cleared hazard's reads are finished.
            .map(|hazard| Ptr::unpack(hazard.load(Ordering::Acquire)))
            .collect();
        lock(&self.domain.retired[self.slot]).retain(|node| {
            if hazards.contains(node) {
                return true; // someone may be reading it: keep it for a later scan
            }
            arena.free(*node);
            false
        });
    }

    fn hazard(&self) -> &AtomicU64 {
        &self.domain.hazards[self.slot]
    }
}

impl Drop for Participant<'_> {
    fn drop(&mut self) {
        self.clear();
        // Release: the next participant to take this slot sees our retired list as we left it.
        self.domain.in_use[self.slot].store(false, Ordering::Release);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .expect("a retired list is poisoned: a thread panicked while holding it")
}
