//! Unit tests: the stack's behaviour on one thread, and that it can be shared.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use static_assertions::{assert_impl_all, assert_not_impl_any};
use treiber_stack::Stack;

/// A value that counts how many times it is dropped.
struct Counted {
    id: usize,
    drops: Arc<AtomicUsize>,
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn pops_come_back_in_reverse_order_of_pushes() {
    let stack = Stack::with_capacity(4);
    for value in 1..=4 {
        assert!(
            stack.push(value).is_ok(),
            "push {value} into a stack of capacity 4 with room left must succeed"
        );
    }
    let popped: Vec<i32> = std::iter::from_fn(|| stack.pop()).collect();
    assert_eq!(
        popped,
        vec![4, 3, 2, 1],
        "a stack is last-in, first-out: pops must return the pushes in reverse order"
    );
}

#[test]
fn popping_an_empty_stack_gives_none() {
    let stack: Stack<String> = Stack::with_capacity(2);
    assert!(stack.pop().is_none(), "a new stack must be empty");
    stack.push("only".to_string()).unwrap();
    assert_eq!(stack.pop().as_deref(), Some("only"));
    assert!(
        stack.pop().is_none(),
        "after popping the only value the stack must be empty again"
    );
}

#[test]
fn a_full_stack_gives_the_value_back() {
    let stack = Stack::with_capacity(2);
    stack.push("a".to_string()).unwrap();
    stack.push("b".to_string()).unwrap();
    assert_eq!(
        stack.push("c".to_string()),
        Err("c".to_string()),
        "every node of the arena is in use: push must return Err(value) with the same value"
    );
    assert_eq!(
        stack.pop().as_deref(),
        Some("b"),
        "a refused push must leave the stack unchanged"
    );
}

#[test]
fn a_stack_of_capacity_zero_refuses_every_push() {
    let stack = Stack::with_capacity(0);
    assert_eq!(
        stack.push(7),
        Err(7),
        "with no nodes at all, push must hand the value back"
    );
    assert_eq!(stack.pop(), None);
}

#[test]
fn popped_nodes_are_reused() {
    let stack = Stack::with_capacity(2);
    for round in 0..1_000 {
        stack.push(round).unwrap_or_else(|_| {
            panic!("push {round} failed: a popped node must go back to the free list")
        });
        stack.push(round + 1).unwrap();
        assert_eq!(stack.pop(), Some(round + 1));
        assert_eq!(stack.pop(), Some(round));
        assert_eq!(
            stack.pop(),
            None,
            "the stack must be empty after round {round}"
        );
    }
}

#[test]
fn interleaved_pushes_and_pops_keep_the_stack_order() {
    let stack = Stack::with_capacity(3);
    stack.push(1).unwrap();
    stack.push(2).unwrap();
    assert_eq!(stack.pop(), Some(2));
    stack.push(3).unwrap();
    stack.push(4).unwrap();
    assert_eq!(
        stack.push(5),
        Err(5),
        "three values in a stack of capacity 3: the arena is full"
    );
    let rest: Vec<i32> = std::iter::from_fn(|| stack.pop()).collect();
    assert_eq!(
        rest,
        vec![4, 3, 1],
        "the stack lost track of its order across pushes and pops"
    );
}

#[test]
fn every_value_is_dropped_exactly_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let counted = |id| Counted {
        id,
        drops: drops.clone(),
    };
    let stack = Stack::with_capacity(4);
    for id in 0..4 {
        assert!(stack.push(counted(id)).is_ok());
    }
    let refused = stack
        .push(counted(99))
        .expect_err("the arena is full: push must refuse");
    assert_eq!(refused.id, 99, "push must give back the value it refused");
    drop(refused);
    assert_eq!(
        drops.load(Ordering::SeqCst),
        1,
        "the stack must not drop a value it refused"
    );

    let popped = stack.pop().expect("the stack holds four values");
    assert_eq!(popped.id, 3);
    drop(popped);
    assert_eq!(
        drops.load(Ordering::SeqCst),
        2,
        "a popped value belongs to the caller: the stack must not drop it as well"
    );

    // Reuse the freed node, then drop the stack with four values still in it.
    assert!(stack.push(counted(4)).is_ok());
    drop(stack);
    assert_eq!(
        drops.load(Ordering::SeqCst),
        6,
        "dropping the stack must drop each value still on it exactly once \
         (and never a value already popped)"
    );
}

// The auto traits, checked when this file compiles. A stack moves each value from the thread
// that pushes it to the thread that pops it and never shares one, so it may be shared whenever
// its values may be sent (`T: Send`), even `Cell`s; an `Rc` must never reach another thread.
// (For a `not_impl` line rustc says "type annotations needed": the type *does* implement it.)
assert_impl_all!(Stack<String>: Send, Sync);
assert_impl_all!(Stack<Cell<u8>>: Send, Sync);
assert_not_impl_any!(Stack<Rc<u8>>: Send, Sync); // an `Rc` could be popped on another thread

#[test]
fn the_stack_can_be_shared_between_threads() {
    let stack = Arc::new(Stack::with_capacity(8));
    let pushers: Vec<_> = (0..4)
        .map(|thread| {
            let stack = stack.clone();
            std::thread::spawn(move || {
                stack.push(2 * thread).unwrap();
                stack.push(2 * thread + 1).unwrap();
            })
        })
        .collect();
    for pusher in pushers {
        pusher.join().expect("a pusher panicked");
    }
    let mut all: Vec<i32> = std::iter::from_fn(|| stack.pop()).collect();
    all.sort_unstable();
    assert_eq!(
        all,
        (0..8).collect::<Vec<_>>(),
        "eight values pushed from four threads must all be popped, once each"
    );
}
