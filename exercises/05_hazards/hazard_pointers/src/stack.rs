//! A Treiber stack over the arena, whose popped nodes are reclaimed with hazard pointers.
//!
//! This file is the judge's (the checker uses its own copy): it uses the hazard pointers the
//! way the README describes. Your file is `src/hazard.rs`.

use shim::sync::atomic::{AtomicU64, Ordering};

use crate::arena::{Arena, Ptr};
use crate::hazard::{Domain, Participant};

pub struct Stack {
    arena: Arena,
    domain: Domain,
    /// The top node (a packed `Ptr`), or null.
    head: AtomicU64,
}

/// One thread's access to the stack. Each thread makes its own with `Stack::handle`.
pub struct Handle<'a> {
    stack: &'a Stack,
    participant: Participant<'a>,
}

impl Stack {
    /// A stack of at most `capacity` nodes, popped and retired ones included.
    pub fn with_capacity(capacity: usize) -> Self {
        Stack {
            arena: Arena::with_capacity(capacity),
            domain: Domain::new(),
            head: AtomicU64::new(Ptr::NULL.pack()),
        }
    }

    /// Joins the stack's hazard domain (at most `PARTICIPANTS` handles at a time).
    pub fn handle(&self) -> Handle<'_> {
        Handle {
            stack: self,
            participant: self.domain.register(),
        }
    }

    /// How many nodes are allocated: on the stack, or popped and not yet freed.
    pub fn live_nodes(&self) -> usize {
        self.arena.live()
    }

    /// How many popped nodes wait to be freed.
    pub fn retired_nodes(&self) -> usize {
        self.domain.retired()
    }
}

impl Handle<'_> {
    /// Pushes `value`, or gives it back when every node is in use.
    pub fn push(&self, value: u64) -> Result<(), u64> {
        let Some(node) = self.stack.arena.alloc(value) else {
            return Err(value);
        };
        // Relaxed: we only copy the head into our own node; we read nothing through it.
        let mut top = self.stack.head.load(Ordering::Relaxed);
        loop {
            self.stack.arena.set_next(node, Ptr::unpack(top));
            // Release: whoever reads this head sees the node's value and `next`.
            match self.stack.head.compare_exchange_weak(
                top,
                node.pack(),
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Ok(()),
                Err(now) => {
                    top = now;
                    shim::hint::spin_loop();
                }
            }
        }
    }

    /// Pops the value pushed last, or `None` when the stack is empty.
    pub fn pop(&self) -> Option<u64> {
        loop {
            let top = self.participant.protect(&self.stack.head);
            if top.is_null() {
                self.participant.clear();
                return None;
            }
            // Safe to read: `top` is protected, so nobody frees it while we look.
            let next = self.stack.arena.next(top);
            // Acquire on success: as for the head we protected. Relaxed on failure: we retry.
            if self
                .stack
                .head
                .compare_exchange(
                    top.pack(),
                    next.pack(),
                    Ordering::Acquire,
                    Ordering::Relaxed,
                )
                .is_ok()
            {
                // Unlinked by us, so the value is ours; read it before we let the node go.
                let value = self.stack.arena.value(top);
                self.participant.clear();
                self.participant.retire(top, &self.stack.arena);
                return Some(value);
            }
            shim::hint::spin_loop();
        }
    }

    /// Frees every node this handle retired that no hazard names any more.
    pub fn reclaim(&self) {
        self.participant.reclaim(&self.stack.arena);
    }
}
