//! Unit tests: the stack and the hazard pointers on one thread, and the arena's detector.

use std::panic::{AssertUnwindSafe, catch_unwind};

use hazard_pointers::{Arena, Domain, PARTICIPANTS, Ptr, Stack};
use shim::sync::atomic::{AtomicU64, Ordering};

#[test]
fn pops_come_back_in_reverse_order_of_pushes() {
    let stack = Stack::with_capacity(4);
    let handle = stack.handle();
    for value in 1..=4 {
        assert_eq!(
            handle.push(value),
            Ok(()),
            "push {value} must fit in 4 nodes"
        );
    }
    assert_eq!(
        handle.push(5),
        Err(5),
        "every node is in use: push must give the value back"
    );
    let popped: Vec<u64> = std::iter::from_fn(|| handle.pop()).collect();
    assert_eq!(popped, [4, 3, 2, 1], "a stack is last-in, first-out");
}

#[test]
fn a_popped_node_nobody_reads_is_freed_at_once() {
    let stack = Stack::with_capacity(4);
    let handle = stack.handle();
    for value in 0..3 {
        handle.push(value).unwrap();
    }
    assert_eq!(handle.pop(), Some(2));
    assert_eq!(
        (stack.live_nodes(), stack.retired_nodes()),
        (2, 0),
        "no hazard names the popped node, so retiring it must free it at once"
    );
    for round in 0..100 {
        handle
            .push(round)
            .unwrap_or_else(|_| panic!("push {round} failed: popped nodes are never freed"));
        assert_eq!(handle.pop(), Some(round));
    }
}

#[test]
fn a_protected_node_is_freed_only_after_its_hazard_is_cleared() {
    let arena = Arena::with_capacity(2);
    let domain = Domain::new();
    let node = arena.alloc(7).unwrap();
    let shared = AtomicU64::new(node.pack());
    let reader = domain.register();
    let reclaimer = domain.register();
    assert_eq!(
        reader.protect(&shared),
        node,
        "protect must return the node the shared pointer names"
    );
    // The node is unlinked and retired while the reader still protects it.
    shared.store(Ptr::NULL.pack(), Ordering::SeqCst);
    reclaimer.retire(node, &arena);
    assert_eq!(
        (arena.live(), domain.retired()),
        (1, 1),
        "a retired node that a hazard names must be kept, not freed"
    );
    assert_eq!(
        arena.value(node),
        7,
        "the protected node must still be readable"
    );
    reader.clear();
    reclaimer.reclaim(&arena);
    assert_eq!(
        (arena.live(), domain.retired()),
        (0, 0),
        "once no hazard names it, the next reclaim must free it"
    );
}

#[test]
fn a_participant_that_leaves_frees_its_slot() {
    let domain = Domain::new();
    let mut participants: Vec<_> = (0..PARTICIPANTS).map(|_| domain.register()).collect();
    participants.pop();
    let again = domain.register();
    drop(again);
    drop(participants);
    let all: Vec<_> = (0..PARTICIPANTS).map(|_| domain.register()).collect();
    assert_eq!(all.len(), PARTICIPANTS);
}

#[test]
fn the_arena_catches_a_use_after_free() {
    // The detector the other tests rely on: a read of a freed node is a panic, not a value.
    let arena = Arena::with_capacity(1);
    let node = arena.alloc(1).unwrap();
    arena.free(node);
    let reused = arena.alloc(2).unwrap();
    let read = catch_unwind(AssertUnwindSafe(|| arena.value(node)));
    let message = read
        .expect_err("reading a freed node must panic")
        .downcast::<String>()
        .map(|message| *message)
        .unwrap_or_default();
    assert!(message.contains("use after free"), "{message}");
    assert_eq!(arena.value(reused), 2, "the slot's new node is fine");
}
