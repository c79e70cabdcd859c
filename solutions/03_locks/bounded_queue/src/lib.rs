//! A bounded queue: `push` waits while it is full, `pop` waits while it is empty.
//!
//! Reference solution: the items under one mutex, and one condition variable per condition
//! that a thread may wait for.

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
        // `while`, not `if`: the wait may end spuriously, or another producer may have taken
        // the free slot before we got the lock back.
        while items.len() == self.capacity {
            items = self.wait(&self.not_full, items);
        }
        items.push_back(item);
        drop(items);
        // Only consumers sleep on `not_empty`, and one item lets exactly one of them go on.
        self.not_empty.notify_one();
    }

    /// Takes the item at the front, waiting while the queue is empty.
    pub fn pop(&self) -> T {
        let mut items = self.lock();
        loop {
            // Re-checked after every wake-up, for the same reasons as in `push`.
            if let Some(item) = items.pop_front() {
                drop(items);
                // Only producers sleep on `not_full`, and one free slot lets one of them go on.
                self.not_full.notify_one();
                return item;
            }
            items = self.wait(&self.not_empty, items);
        }
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

    /// Unlocks, sleeps until `condition` is notified (or a spurious wake-up), and relocks.
    fn wait<'a>(
        &self,
        condition: &Condvar,
        items: MutexGuard<'a, VecDeque<T>>,
    ) -> MutexGuard<'a, VecDeque<T>> {
        condition
            .wait(items)
            .expect("the queue's lock is poisoned: a thread panicked holding it")
    }
}
