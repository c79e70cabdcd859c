//! The nodes' memory, with a use-after-free detector.
//!
//! A slot of the arena is reused after it is freed, as an allocator reuses memory. Every
//! pointer carries the *generation* of the slot it was allocated in, and freeing a node bumps
//! its slot's generation. Every access checks the pointer's generation against the slot's,
//! before and after it reads, so a read of a freed node, or of a node freed while it was being
//! read, is a panic that names the node. Every field is an atomic: even a read of freed memory
//! is a plain (wrong) value here, never undefined behaviour.

use shim::sync::Mutex;
use shim::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// A pointer to a node: a slot's index and the generation it was allocated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ptr {
    index: u32,
    generation: u32,
}

impl Ptr {
    pub const NULL: Ptr = Ptr {
        index: u32::MAX,
        generation: 0,
    };

    pub fn is_null(self) -> bool {
        self.index == u32::MAX
    }

    /// The pointer as one word, to keep in an `AtomicU64`.
    pub fn pack(self) -> u64 {
        (u64::from(self.generation) << 32) | u64::from(self.index)
    }

    pub fn unpack(word: u64) -> Ptr {
        Ptr {
            index: word as u32,
            generation: (word >> 32) as u32,
        }
    }
}

struct Slot {
    /// Bumped by every free: a pointer whose generation differs names a freed node.
    generation: AtomicU32,
    value: AtomicU64,
    /// A packed `Ptr`: the node below this one.
    next: AtomicU64,
}

pub struct Arena {
    slots: Box<[Slot]>,
    /// The indices of the free slots.
    free: Mutex<Vec<u32>>,
}

impl Arena {
    pub fn with_capacity(capacity: usize) -> Self {
        assert!(
            capacity < u32::MAX as usize,
            "a slot index must fit in 32 bits"
        );
        Arena {
            slots: (0..capacity)
                .map(|_| Slot {
                    generation: AtomicU32::new(0),
                    value: AtomicU64::new(0),
                    next: AtomicU64::new(Ptr::NULL.pack()),
                })
                .collect(),
            free: Mutex::new((0..capacity as u32).rev().collect()),
        }
    }

    /// A new node holding `value`, or `None` when every slot is in use.
    pub fn alloc(&self, value: u64) -> Option<Ptr> {
        let index = self.free_slots().pop()?;
        let slot = &self.slots[index as usize];
        // Relaxed: the slot is ours alone until we publish the pointer, and publishing it
        // (a Release store or swap) orders these writes before it.
        slot.value.store(value, Ordering::Relaxed);
        slot.next.store(Ptr::NULL.pack(), Ordering::Relaxed);
        Some(Ptr {
            index,
            generation: slot.generation.load(Ordering::Relaxed),
        })
    }

    /// The value of a live node.
    pub fn value(&self, node: Ptr) -> u64 {
        let slot = self.check(node, "read the value of");
        let value = slot.value.load(Ordering::Relaxed);
        self.check(node, "read the value of");
        value
    }

    /// The `next` pointer of a live node.
    pub fn next(&self, node: Ptr) -> Ptr {
        let slot = self.check(node, "read `next` of");
        let next = Ptr::unpack(slot.next.load(Ordering::Relaxed));
        self.check(node, "read `next` of");
        next
    }

    /// Sets the `next` pointer of a live node that only the caller can reach (not yet published).
    pub fn set_next(&self, node: Ptr, next: Ptr) {
        let slot = self.check(node, "write `next` of");
        slot.next.store(next.pack(), Ordering::Relaxed);
    }

    /// Frees a node: its slot may be handed out again by the next `alloc`.
    pub fn free(&self, node: Ptr) {
        assert!(!node.is_null(), "free of a null pointer");
        let slot = &self.slots[node.index as usize];
        // AcqRel: a later access that sees the new generation also sees this free, and the
        // free comes after every access that happened before it.
        if let Err(now) = slot.generation.compare_exchange(
            node.generation,
            node.generation.wrapping_add(1),
            Ordering::AcqRel,
            Ordering::Acquire,
        ) {
            panic!(
                "double free: node {} (generation {}) was freed again; its slot is at \
                 generation {now}",
                node.index, node.generation
            );
        }
        self.free_slots().push(node.index);
    }

    /// How many nodes are allocated and not yet freed.
    pub fn live(&self) -> usize {
        self.slots.len() - self.free_slots().len()
    }

    fn check(&self, node: Ptr, access: &str) -> &Slot {
        assert!(!node.is_null(), "tried to {access} a null pointer");
        let slot = &self.slots[node.index as usize];
        // Acquire: pairs with the free's AcqRel, so a free we see is a free that happened.
        let now = slot.generation.load(Ordering::Acquire);
        assert!(
            now == node.generation,
            "use after free: tried to {access} node {} of generation {}, but it has been freed \
             (its slot is at generation {now}). A node was freed while a thread could still \
             read it: it was freed although a hazard named it, or the reader's hazard came too \
             late (published after the reclaimer's scan, and never checked)",
            node.index,
            node.generation
        );
        slot
    }

    fn free_slots(&self) -> shim::sync::MutexGuard<'_, Vec<u32>> {
        self.free
            .lock()
            .expect("the arena's free list is poisoned: a thread panicked while holding it")
    }
}
