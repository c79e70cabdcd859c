//! A bounded queue: `push` waits while it is full, `pop` waits while it is empty.
//!
//! Read README.md first; run `threadlings hint` when stuck.
//! As shipped, `push` and `pop` never wait: make them.

use std::collections::VecDeque;

use shim::sync::{Condvar, Mutex, MutexGuard};

pub struct BoundedQueue<T> {
    items: Mutex<VecDeque<T>>,
    capacity: usize,
    /// Notified when an item is popped: a producer waiting for room may go on.
    not_full: Condvar,
    /// Notified when an item is pushed: a consumer waiting for an item may go on.
    not_empty: Condvar,
}

// The fixed interface has `len` and no `is_empty`: an emptiness test is stale at once anyway.
#[allow(clippy::len_without_is_empty)]
impl<T> BoundedQueue<T> {
    /// A queue that holds at most `capacity` items (at least one).
    pub fn new(capacity: usize) -> Self {
        assert!(
            capacity > 0,
            "a queue of capacity 0 could never take an item"
        );
        BoundedQueue {
            items: Mutex::new(VecDeque::with_capacity(capacity)),
            capacity,
            not_full: Condvar::new(),
            not_empty: Condvar::new(),
        }
    }

    /// Adds `item` at the back, waiting while the queue is full.
    pub fn push(&self, item: T) {
        let mut items = self.lock();
        // TODO: wait on `not_full` while the queue is full, and after pushing wake a consumer.
        items.push_back(item);
    }

    /// Takes the item at the front, waiting while the queue is empty.
    pub fn pop(&self) -> T {
        let mut items = self.lock();
        // TODO: wait on `not_empty` while the queue is empty, and after popping wake a producer.
        items.pop_front().expect("popped an empty queue")
    }

    /// How many items are in the queue right now (stale as soon as others run).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<T>> {
        self.items
            .lock()
            .expect("the queue's lock is poisoned: a thread panicked holding it")
    }
}
