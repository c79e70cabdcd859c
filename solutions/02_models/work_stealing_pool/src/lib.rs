//! A work-stealing thread pool: one queue per worker; a worker runs its own tasks first, and
//! when its queue is empty it steals from another worker's. Dropping the pool (or calling
//! `shutdown`) runs every task still queued and joins every worker.
//!
//! Read README.md first; run `threadlings hint` when stuck.

use std::collections::VecDeque;

use shim::sync::atomic::{AtomicBool, Ordering};
use shim::sync::{Arc, Mutex};
use shim::thread::{self, JoinHandle};

/// A task: it is told the index of the worker that runs it.
type Task = Box<dyn FnOnce(usize) + Send + 'static>;

/// What the workers share: their queues, and whether the pool is closing.
struct Shared {
    queues: Vec<Mutex<VecDeque<Task>>>,
    closing: AtomicBool,
}

impl Shared {
    /// The owner takes from the back of its own queue (the task it pushed last).
    fn pop_own(&self, me: usize) -> Option<Task> {
        self.queues[me].lock().unwrap().pop_back()
    }

    /// A thief takes from the front of another worker's queue, one task, trying the workers
    /// after `me` in turn. Each queue is locked alone, so a task is in exactly one place.
    fn steal(&self, me: usize) -> Option<Task> {
        let n = self.queues.len();
        (1..n).find_map(|offset| self.queues[(me + offset) % n].lock().unwrap().pop_front())
    }
}

/// A pool of worker threads that steal each other's tasks.
pub struct Pool {
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
}

impl Pool {
    /// Starts `workers` threads (at least one), each with an empty queue.
    pub fn new(workers: usize) -> Pool {
        let shared = Arc::new(Shared {
            queues: (0..workers.max(1))
                .map(|_| Mutex::new(VecDeque::new()))
                .collect(),
            closing: AtomicBool::new(false),
        });
        let workers = (0..workers.max(1))
            .map(|me| {
                let shared = Arc::clone(&shared);
                thread::spawn(move || work(me, &shared))
            })
            .collect();
        Pool { shared, workers }
    }

    /// How many workers the pool has.
    pub fn workers(&self) -> usize {
        self.workers.len()
    }

    /// Queues `task` on worker `worker`'s queue (modulo the number of workers).
    pub fn spawn_on(&self, worker: usize, task: impl FnOnce(usize) + Send + 'static) {
        let queue = &self.shared.queues[worker % self.workers.len()];
        queue.lock().unwrap().push_back(Box::new(task));
    }

    /// Runs every queued task, then joins every worker. (Dropping the pool does the same.)
    pub fn shutdown(self) {
        drop(self);
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // Release: a worker that sees `closing` also sees every task queued before it.
        self.shared.closing.store(true, Ordering::Release);
        for worker in self.workers.drain(..) {
            // A task that panicked took its worker down: the other tasks still ran.
            let _ = worker.join();
        }
    }
}

/// A worker's life: its own tasks first, then stolen ones; it ends when the pool is closing
/// and there is no task left anywhere.
fn work(me: usize, shared: &Shared) {
    loop {
        // Read the flag *before* looking for work: if it was already set, every task was
        // queued before it (Acquire pairs with the Release in `drop`), so finding none means
        // none is left.
        let closing = shared.closing.load(Ordering::Acquire);
        match shared.pop_own(me).or_else(|| shared.steal(me)) {
            Some(task) => task(me),
            None if closing => return,
            None => thread::yield_now(),
        }
    }
}
