//! A lock-free (Treiber) stack over a fixed arena of nodes.
//!
//! WRONG (fixture): `put_node` swaps the head in with Relaxed, so nothing publishes the value
//! written into the node: the popper may read it before it is written.
//!
//! The nodes live in one slice allocated up front and name each other by index. Two Treiber
//! stacks of node indices share the arena: the *stack* (nodes holding values) and the *free
//! list* (nodes ready for reuse). A `push` pops a node off the free list, fills it and pushes it
//! onto the stack; a `pop` does the reverse. Each list head is an `AtomicU64` that packs a
//! version tag (high 32 bits) with the index of the top node (low 32 bits); every successful
//! compare-and-swap bumps the tag, so a head that went A → B → A no longer compares equal.

use shim::cell::UnsafeCell;
use shim::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// The index that means "no node": the end of a list, or an empty list.
const EMPTY: u32 = u32::MAX;

/// One slot of the arena.
struct Node<T> {
    /// The index of the node below this one, in whichever list the node is on now.
    next: AtomicU32,
    /// `Some` while the node is on the stack, `None` while it is on the free list.
    value: UnsafeCell<Option<T>>,
}

/// A list head: a version tag and the index of the top node, compared and swapped as one word.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Head {
    tag: u32,
    index: u32,
}

impl Head {
    fn unpack(word: u64) -> Head {
        Head {
            tag: (word >> 32) as u32,
            index: word as u32,
        }
    }

    fn pack(self) -> u64 {
        (u64::from(self.tag) << 32) | u64::from(self.index)
    }

    /// The head that replaces this one: a new top node and the next version.
    /// The tag wraps after 2^32 changes; a thread would have to sleep through exactly that
    /// many of them between its load and its compare-and-swap to be fooled.
    fn replaced_by(self, index: u32) -> Head {
        Head {
            tag: self.tag.wrapping_add(1),
            index,
        }
    }
}

pub struct Stack<T> {
    nodes: Box<[Node<T>]>,
    /// The top of the stack of nodes that hold values.
    head: AtomicU64,
    /// The top of the stack of unused nodes.
    free: AtomicU64,
}

// Safety: a node's value is touched only by the one thread that has just taken the node off a
// list (see `push` and `pop`), so sharing the stack only moves values between threads.
unsafe impl<T: Send> Sync for Stack<T> {}

impl<T> Stack<T> {
    /// A stack that can hold up to `capacity` values; all its memory is allocated here.
    pub fn with_capacity(capacity: usize) -> Self {
        assert!(
            capacity < EMPTY as usize,
            "a node index must fit in 32 bits"
        );
        // At first every node is free, linked 0 → 1 → … → capacity - 1.
        let nodes = (0..capacity)
            .map(|i| Node {
                next: AtomicU32::new(if i + 1 < capacity {
                    (i + 1) as u32
                } else {
                    EMPTY
                }),
                value: UnsafeCell::new(None),
            })
            .collect();
        let first_free = if capacity > 0 { 0 } else { EMPTY };
        Stack {
            nodes,
            head: AtomicU64::new(
                Head {
                    tag: 0,
                    index: EMPTY,
                }
                .pack(),
            ),
            free: AtomicU64::new(
                Head {
                    tag: 0,
                    index: first_free,
                }
                .pack(),
            ),
        }
    }

    /// Pushes `value`, or gives it back as `Err(value)` when every node is in use.
    pub fn push(&self, value: T) -> Result<(), T> {
        let Some(index) = self.take_node(&self.free) else {
            return Err(value);
        };
        // Safety: we took the node off the free list, so no other thread can reach its value
        // until we push it onto the stack below.
        self.nodes[index as usize]
            .value
            .with_mut(|slot| unsafe { *slot = Some(value) });
        self.put_node(&self.head, index);
        Ok(())
    }

    /// Pops the value pushed last, or `None` when the stack is empty.
    pub fn pop(&self) -> Option<T> {
        let index = self.take_node(&self.head)?;
        // Safety: we took the node off the stack, so no other thread can reach its value
        // until we push it onto the free list below.
        let value = self.nodes[index as usize]
            .value
            .with_mut(|slot| unsafe { (*slot).take() });
        self.put_node(&self.free, index);
        Some(value.expect("a node on the stack always holds a value"))
    }

    /// Pops the top node off `list` (the stack or the free list) and returns its index.
    fn take_node(&self, list: &AtomicU64) -> Option<u32> {
        loop {
            // Acquire: pairs with the Release in `put_node`, so we see the node's `next` and
            // value as they were when it was put on this list.
            let head = Head::unpack(list.load(Ordering::Acquire));
            if head.index == EMPTY {
                return None;
            }
            // Relaxed: the Acquire load above already orders this read after the put. If the
            // node has moved on since, `next` may be stale, and then the tag makes the
            // compare-and-swap below fail.
            let next = self.nodes[head.index as usize].next.load(Ordering::Relaxed);
            // Acquire on success: we are about to use the node that this head names. Relaxed
            // on failure: we start over with a fresh Acquire load.
            if list
                .compare_exchange(
                    head.pack(),
                    head.replaced_by(next).pack(),
                    Ordering::Acquire,
                    Ordering::Relaxed,
                )
                .is_ok()
            {
                return Some(head.index);
            }
        }
    }

    /// Pushes the node `index`, which this thread owns, onto `list`.
    fn put_node(&self, list: &AtomicU64, index: u32) {
        // Relaxed: we only copy the top index into our own node; we read nothing through it.
        let mut head = Head::unpack(list.load(Ordering::Relaxed));
        loop {
            // Relaxed: published by the Release compare-and-swap below.
            self.nodes[index as usize]
                .next
                .store(head.index, Ordering::Relaxed);
            // Relaxed: the popper's Acquire is enough to see what we wrote.
            match list.compare_exchange_weak(
                head.pack(),
                head.replaced_by(index).pack(),
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(current) => head = Head::unpack(current),
            }
        }
    }
}
