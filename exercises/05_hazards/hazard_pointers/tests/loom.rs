//! Loom models: every interleaving of two threads popping (and pushing) on a tiny stack.
//!
//! The dangerous moment is in `pop`: a thread reads the head, and before its hazard pointer is
//! published and checked, the other thread pops that very node and frees it. The arena panics
//! with "use after free" when a freed node is read, so loom's search turns that schedule into a
//! failure. The last model checks `protect` alone, on a pointer that moves on twice.
#![cfg(loom)]

use hazard_pointers::{Arena, Domain, Ptr, Stack};
use shim::sync::Arc;
use shim::sync::atomic::{AtomicU64, Ordering};
use shim::thread;

/// Checks that `popped` plus what is left on the stack is each of `expected` exactly once,
/// and that every node is accounted for: on the stack, or retired and waiting to be freed.
fn every_value_exactly_once(stack: &Stack, mut popped: Vec<u64>, expected: &[u64], what: &str) {
    let handle = stack.handle();
    popped.extend(std::iter::from_fn(|| handle.pop()));
    drop(handle);
    popped.sort_unstable();
    let mut expected = expected.to_vec();
    expected.sort_unstable();
    assert_eq!(popped, expected, "{what}: values were lost or popped twice");
    assert_eq!(
        stack.live_nodes(),
        stack.retired_nodes(),
        "{what}: the stack is empty, so every allocated node must be retired (waiting for a \
         hazard to be cleared) or freed: a node leaked"
    );
}

/// A stack of `capacity` nodes holding `values` (the last on top), and a thread popping once.
fn stack_and_one_popper(
    capacity: usize,
    values: &[u64],
) -> (Arc<Stack>, thread::JoinHandle<Option<u64>>) {
    let stack = Arc::new(Stack::with_capacity(capacity));
    {
        let handle = stack.handle();
        for &value in values {
            handle.push(value).unwrap();
        }
    }
    let other = {
        let stack = stack.clone();
        thread::spawn(move || stack.handle().pop())
    };
    (stack, other)
}

#[test]
fn two_pops_never_read_a_freed_node() {
    shim::model(|| {
        let (stack, other) = stack_and_one_popper(2, &[1, 2]);
        let handle = stack.handle();
        let mut popped: Vec<u64> = handle.pop().into_iter().collect();
        drop(handle);
        popped.extend(other.join().unwrap());
        every_value_exactly_once(&stack, popped, &[1, 2], "two threads popped at once");
    });
}

#[test]
fn a_pop_racing_pop_then_push_never_reads_a_freed_node() {
    shim::model(|| {
        let (stack, other) = stack_and_one_popper(2, &[1, 2]);
        // Our pop frees the top node (unless the other thread protects it) and our push may
        // take the same slot again: a reader that did not protect it reads a reused node.
        let handle = stack.handle();
        let mut popped: Vec<u64> = handle.pop().into_iter().collect();
        thread::yield_now();
        let mut expected = vec![1, 2];
        if handle.push(3).is_ok() {
            expected.push(3);
        }
        drop(handle);
        popped.extend(other.join().unwrap());
        every_value_exactly_once(
            &stack,
            popped,
            &expected,
            "one thread popped while another popped and pushed",
        );
    });
}

/// A shared pointer, the nodes it may name, and the domain that protects them.
struct Shared {
    arena: Arena,
    domain: Domain,
    source: AtomicU64,
}

#[test]
fn protect_never_returns_a_node_that_moved_on_unprotected() {
    shim::model(|| {
        let arena = Arena::with_capacity(3);
        let nodes: Vec<Ptr> = (1..=3).map(|value| arena.alloc(value).unwrap()).collect();
        let shared = Arc::new(Shared {
            source: AtomicU64::new(nodes[0].pack()),
            arena,
            domain: Domain::new(),
        });
        // The reader protects whatever the pointer names and reads it.
        let reader = {
            let shared = shared.clone();
            thread::spawn(move || {
                let reader = shared.domain.register();
                let node = reader.protect(&shared.source);
                let value = shared.arena.value(node);
                reader.clear();
                value
            })
        };
        // The pointer moves on twice; each node it leaves is retired (and freed unless a
        // hazard names it). The node `protect` returns must be the one its hazard names.
        let writer = shared.domain.register();
        for step in 0..2 {
            // AcqRel: the unlink, as a pop's compare-and-swap would do it.
            let old = shared.source.swap(nodes[step + 1].pack(), Ordering::AcqRel);
            writer.retire(Ptr::unpack(old), &shared.arena);
            thread::yield_now();
        }
        let value = reader.join().unwrap();
        assert!(
            (1..=3).contains(&value),
            "the reader read {value}, which nobody wrote"
        );
        writer.reclaim(&shared.arena);
        assert_eq!(
            shared.arena.live(),
            1,
            "once the reader is done, the two nodes the pointer left must be freed"
        );
    });
}
