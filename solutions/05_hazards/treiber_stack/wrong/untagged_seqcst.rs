//! A lock-free (Treiber) stack over a fixed arena of nodes.
//!
//! WRONG (fixture): the code as shipped with every ordering SeqCst: still no version tag, so
//! still ABA. Loom sees no stale reads under SeqCst and must find the real interleaving.
//!
//! The nodes live in one slice allocated up front and name each other by index. Two Treiber
//! stacks of node indices share the arena: the *stack* (nodes holding values) and the *free
//! list* (nodes ready for reuse). A `push` pops a node off the free list, fills it and pushes it
//! onto the stack; a `pop` does the reverse. Both lists use the same two helpers,
//! `take_node` and `put_node`, each a compare-and-swap loop on the list's head.
//!
//! This code works on one thread, and it is memory-safe: an index always names a real node.
//! But it has the ABA bug. Read the README, then fix it.

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

// TODO: a head that went A → B → A compares equal to the A it was, so a compare-and-swap
// cannot tell that the list changed under it. Make the head a pair (version tag, index) packed
// into the 64-bit word: the index in the low 32 bits, a tag in the high 32 bits that every
// successful compare-and-swap changes. A small `Head` type with `pack`/`unpack` helps.

pub struct Stack<T> {
    nodes: Box<[Node<T>]>,
    /// The top of the stack of nodes that hold values. For now: just the index of the top node.
    head: AtomicU64,
    /// The top of the stack of unused nodes. For now: just the index of the top node.
    free: AtomicU64,
}

// Safety: a node's value is touched only by the one thread that has just taken the node off a
// list (see `push` and `pop`), so sharing the stack only moves values between threads.
// (That promise is exactly what ABA breaks: two threads can end up "owning" the same node.)
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
            head: AtomicU64::new(u64::from(EMPTY)),
            free: AtomicU64::new(u64::from(first_free)),
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
        let value = value.expect("a popped node held no value: it was on both lists at once (ABA)");
        Some(value)
    }

    /// Pops the top node off `list` (the stack or the free list) and returns its index.
    fn take_node(&self, list: &AtomicU64) -> Option<u32> {
        loop {
            // SeqCst: the strongest ordering, surely enough.
            let top = list.load(Ordering::SeqCst) as u32;
            if top == EMPTY {
                return None;
            }
            // If we are paused right here, another thread may take `top` off this list, move
            // it around and put it back with a different `next`...
            let next = self.nodes[top as usize].next.load(Ordering::SeqCst);
            // ...and then this compare-and-swap still sees `top` and succeeds, installing a
            // stale `next`.
            // TODO: compare the whole (tag, index) head, and install (tag + 1, next).
            if list
                .compare_exchange(
                    u64::from(top),
                    u64::from(next),
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                )
                .is_ok()
            {
                return Some(top);
            }
        }
    }

    /// Pushes the node `index`, which this thread owns, onto `list`.
    fn put_node(&self, list: &AtomicU64, index: u32) {
        let mut top = list.load(Ordering::SeqCst) as u32;
        loop {
            self.nodes[index as usize].next.store(top, Ordering::SeqCst);
            // TODO: here too the head must carry a tag, and a successful swap must change it.
            match list.compare_exchange_weak(
                u64::from(top),
                u64::from(index),
                Ordering::SeqCst,
                Ordering::SeqCst,
            ) {
                Ok(_) => return,
                Err(current) => top = current as u32,
            }
        }
    }
}
