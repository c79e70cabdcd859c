//! Loom models: every interleaving of two threads popping (and pushing) on a tiny stack.
//!
//! The dangerous moment is in `pop`: a thread reads the head, and before its hazard pointer is
//! published and checked, the other thread pops that very node and frees it. The arena panics
//! with "use after free" when a freed node is read, so loom's search turns that schedule into a
//! failure.
#![cfg(loom)]

use hazard_pointers::Stack;
use shim::sync::Arc;
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

#[test]
fn a_pop_racing_two_pops_never_reads_a_freed_node() {
    shim::model(|| {
        let (stack, other) = stack_and_one_popper(3, &[1, 2, 3]);
        // The other thread may protect the top node, see the head move on (we popped it) and
        // go on with the next node, which we pop and free next. The yields let loom run the
        // other thread between our steps without spending a preemption on it.
        let handle = stack.handle();
        thread::yield_now();
        let mut popped: Vec<u64> = handle.pop().into_iter().collect();
        thread::yield_now();
        popped.extend(handle.pop());
        drop(handle);
        popped.extend(other.join().unwrap());
        every_value_exactly_once(
            &stack,
            popped,
            &[1, 2, 3],
            "one thread popped while another popped twice",
        );
    });
}
