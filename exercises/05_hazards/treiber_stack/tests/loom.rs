//! Loom models: every interleaving of two threads sharing a tiny stack.
//!
//! The first two models are the ABA scenarios, one for each list in the arena: a thread is
//! paused between reading a head and swapping it, while the other thread moves the same node
//! off the list and back on. The last two check the orderings: loom tracks every access to a
//! node's value (through `shim::cell::UnsafeCell`) and reports a "causality violation" when two
//! threads touch it with no happens-before edge between them.
//!
//! After each model the test accounts for every value (none lost, none popped twice) and checks
//! that the arena still works: all of its nodes can be filled again, and not one more.
#![cfg(loom)]

use shim::sync::Arc;
use shim::thread;
use treiber_stack::Stack;

fn s(text: &str) -> String {
    text.to_string()
}

/// Drains the stack, checks that `accounted` (every value that left the stack or was refused)
/// plus what was left holds each of `expected` exactly once, then checks the arena still works.
fn every_value_exactly_once(
    stack: &Stack<String>,
    capacity: usize,
    mut accounted: Vec<String>,
    expected: &[&str],
    scenario: &str,
) {
    for _ in 0..=capacity {
        match stack.pop() {
            Some(value) => accounted.push(value),
            None => break,
        }
    }
    assert!(
        stack.pop().is_none(),
        "{scenario}: the stack gave more values than its {capacity} nodes can hold: its \
         links form a cycle (a node is on a list twice)"
    );
    accounted.sort();
    let mut expected: Vec<String> = expected.iter().map(|v| v.to_string()).collect();
    expected.sort();
    for value in &expected {
        let times = accounted.iter().filter(|seen| *seen == value).count();
        assert!(
            times != 0,
            "{scenario}: the value {value:?} was lost (all values seen: {accounted:?}). \
             A compare-and-swap saw the head it expected and swapped in a stale `next`. \
             Either the node left the list and came back between the load and the swap \
             (ABA: give the head a version tag that every successful swap changes), or the \
             read of `next` was not ordered after the push that wrote it (load the head \
             with Acquire)."
        );
        assert!(
            times == 1,
            "{scenario}: the value {value:?} came out {times} times (all values seen: \
             {accounted:?}): a node was handed out twice, the mark of a swap that installed \
             a stale `next` (ABA: tag the head)"
        );
    }
    assert_eq!(
        accounted, expected,
        "{scenario}: values came out that nobody pushed"
    );

    // The arena must be intact: exactly `capacity` nodes free, each on the free list once.
    for i in 0..capacity {
        assert!(
            stack.push(format!("refill {i}")).is_ok(),
            "{scenario}: after draining, push {i} of {capacity} failed: a node was lost \
             from the free list. The free list is a Treiber stack too: its head needs the \
             same tag, and its `next` reads the same Acquire load"
        );
    }
    assert!(
        stack.push(s("one too many")).is_err(),
        "{scenario}: a stack of capacity {capacity} accepted {} values: a node was on the \
         free list twice. A swap on the free list's head installed a stale `next` that named a \
         node in use: the free list is a Treiber stack too, and its head needs the tag",
        capacity + 1
    );
    for i in (0..capacity).rev() {
        assert_eq!(
            stack.pop(),
            Some(format!("refill {i}")),
            "{scenario}: the refilled stack is out of order: its links are corrupt"
        );
    }
}

#[test]
fn a_pop_racing_with_pop_then_push_loses_nothing() {
    shim::model(|| {
        let stack = Arc::new(Stack::with_capacity(2));
        stack.push(s("b")).unwrap();
        stack.push(s("a")).unwrap();
        // This pop may read head = A and then be paused...
        let popper = {
            let stack = stack.clone();
            thread::spawn(move || stack.pop())
        };
        // ...while A is popped (it goes to the free list) and reused by a push: the head is A
        // again, but A's `next` changed in between. The yield lets loom run the paused pop
        // between our pop and our push without spending a preemption on it: with every ordering
        // SeqCst, loom finds the bug only that way within its preemption bound.
        let mut accounted: Vec<String> = stack.pop().into_iter().collect();
        thread::yield_now();
        if let Err(refused) = stack.push(s("c")) {
            accounted.push(refused);
        }
        accounted.extend(popper.join().unwrap());
        every_value_exactly_once(
            &stack,
            2,
            accounted,
            &["a", "b", "c"],
            "one thread popped while another popped and pushed",
        );
    });
}

#[test]
fn a_push_racing_with_push_then_pop_loses_nothing() {
    shim::model(|| {
        let stack = Arc::new(Stack::with_capacity(2));
        stack.push(s("b")).unwrap();
        // This push takes a node off the free list: it may read free = X and then be paused...
        let pusher = {
            let stack = stack.clone();
            thread::spawn(move || stack.push(s("c")).err())
        };
        // ...while X is taken by another push and given back by a pop: the free list's head is
        // X again, but X's `next` changed in between. (The yield: as in the test above.)
        let mut accounted: Vec<String> = Vec::new();
        if let Err(refused) = stack.push(s("d")) {
            accounted.push(refused);
        }
        thread::yield_now();
        accounted.extend(stack.pop());
        accounted.extend(pusher.join().unwrap());
        every_value_exactly_once(
            &stack,
            2,
            accounted,
            &["b", "c", "d"],
            "one thread pushed while another pushed and popped",
        );
    });
}

#[test]
fn a_value_pushed_on_one_thread_is_popped_whole_on_another() {
    shim::model(|| {
        let stack = Arc::new(Stack::with_capacity(2));
        stack.push(s("below")).unwrap();
        let pusher = {
            let stack = stack.clone();
            thread::spawn(move || stack.push(s("published")).unwrap())
        };
        // If this pop takes the new node, it must see the value and the `next` the pusher
        // wrote: the pusher publishes them with Release, the popper reads the head with Acquire.
        let accounted: Vec<String> = stack.pop().into_iter().collect();
        pusher.join().unwrap();
        every_value_exactly_once(
            &stack,
            2,
            accounted,
            &["below", "published"],
            "one thread pushed while another popped",
        );
    });
}

#[test]
fn a_node_freed_on_one_thread_is_reused_safely_on_another() {
    shim::model(|| {
        let stack = Arc::new(Stack::with_capacity(1));
        stack.push(s("old")).unwrap();
        let pusher = {
            let stack = stack.clone();
            thread::spawn(move || stack.push(s("new")).err())
        };
        // If the push gets the node this pop frees, our `take` of the old value must happen
        // before its write of the new one: the free list publishes with Release and is read
        // with Acquire, exactly like the stack.
        let mut accounted: Vec<String> = stack.pop().into_iter().collect();
        accounted.extend(pusher.join().unwrap());
        every_value_exactly_once(
            &stack,
            1,
            accounted,
            &["old", "new"],
            "one thread popped while another pushed into the freed node",
        );
    });
}
