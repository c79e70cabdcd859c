//! A bounded queue: `push` waits while it is full, `pop` waits while it is empty.
//!
//! Another correct shape: one condition variable, "the queue changed", for both kinds of
//! waiter, so every change must wake them all.

use std::collections::VecDeque;

use shim::sync::{Condvar, Mutex, MutexGuard};

pub struct BoundedQueue<T> {
    items: Mutex<VecDeque<T>>,
    capacity: usize,
    /// Notified whenever an item goes in or out.
    changed: Condvar,
}

// The fixed interface has `len` and no `is_empty`.
#[allow(clippy::len_without_is_empty)]
impl<T> BoundedQueue<T> {
    pub fn new(capacity: usize) -> Self {
        assert!(
            capacity > 0,
            "a queue of capacity 0 could never take an item"
        );
        BoundedQueue {
            items: Mutex::new(VecDeque::with_capacity(capacity)),
            capacity,
            changed: Condvar::new(),
        }
    }

    pub fn push(&self, item: T) {
        let mut items = self.lock();
        while items.len() == self.capacity {
            items = self.wait(items);
        }
        items.push_back(item);
        drop(items);
        // Producers and consumers sleep on the same condvar: wake them all, so that the one
        // who can go on (a consumer) is among them.
        self.changed.notify_all();
    }

    pub fn pop(&self) -> T {
        let mut items = self.lock();
        while items.is_empty() {
            items = self.wait(items);
        }
        let item = items
            .pop_front()
            .expect("the loop above waited until it was not empty");
        drop(items);
        // As in `push`: all of them, or a consumer might be the only one woken.
        self.changed.notify_all();
        item
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<T>> {
        self.items
            .lock()
            .expect("the queue's lock is poisoned: a thread panicked holding it")
    }

    fn wait<'a>(&self, items: MutexGuard<'a, VecDeque<T>>) -> MutexGuard<'a, VecDeque<T>> {
        self.changed
            .wait(items)
            .expect("the queue's lock is poisoned: a thread panicked holding it")
    }
}
