//! `executor`: many tasks on one thread, each polled again only when its waker says so.
//!
//! `block_on` runs one future; an executor runs many. Each spawned future becomes a *task*;
//! the task itself is its waker (`Arc<Task>` through `std::task::Wake`), and waking it puts it
//! on the run queue. `run` takes tasks off the queue and polls them until every one is done.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Wake;

use shim::sync::atomic::AtomicBool;
use shim::sync::{Condvar, Mutex};

type BoxedFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The tasks waiting to be polled, and a condvar `run` sleeps on while there are none.
#[allow(dead_code)] // until your code uses it
struct RunQueue {
    tasks: Mutex<VecDeque<Arc<Task>>>,
    not_empty: Condvar,
}

impl RunQueue {
    fn push(&self, task: Arc<Task>) {
        self.tasks.lock().unwrap().push_back(task);
        self.not_empty.notify_one();
    }
}

/// One spawned future, and its place in the run queue.
#[allow(dead_code)] // until your code uses it
struct Task {
    /// `None` once the future is done: it must never be polled again.
    future: Mutex<Option<BoxedFuture>>,
    /// True while the task sits in the run queue (so a second wake does not add it again).
    queued: AtomicBool,
    queue: Arc<RunQueue>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        // TODO: put the task on the run queue, but not if it is already there: a task woken
        // twice before it runs must run once.
        todo!("queue the task, once")
    }
}

/// Runs spawned futures to completion on the thread that calls [`Executor::run`].
#[allow(dead_code)] // until your code uses it
pub struct Executor {
    queue: Arc<RunQueue>,
    /// Tasks spawned and not yet done.
    pending: usize,
}

impl Executor {
    /// An executor with no tasks.
    pub fn new() -> Self {
        Executor {
            queue: Arc::new(RunQueue {
                tasks: Mutex::new(VecDeque::new()),
                not_empty: Condvar::new(),
            }),
            pending: 0,
        }
    }

    /// Adds `future` as a task; it is first polled by [`Executor::run`].
    pub fn spawn(&mut self, future: impl Future<Output = ()> + Send + 'static) {
        let task = Arc::new(Task {
            future: Mutex::new(Some(Box::pin(future))),
            queued: AtomicBool::new(true),
            queue: self.queue.clone(),
        });
        self.pending += 1;
        self.queue.push(task);
    }

    /// Polls tasks as they are woken until every spawned task is done.
    ///
    /// While no task is queued but some are still pending (waiting for another thread to wake
    /// them), the thread sleeps; it never spins.
    pub fn run(self) {
        // TODO: while tasks are pending: take a task off the queue (sleep on `not_empty` while
        // it is empty), mark it no longer queued *before* polling it (so a wake during the
        // poll queues it again), poll it with a waker made from the task, and on `Ready` drop
        // the future and count the task done.
        // (`Waker::from(task.clone())` and `Context::from_waker(&waker)` make the context.)
        todo!("run every task to completion")
    }
}

impl Default for Executor {
    fn default() -> Self {
        Self::new()
    }
}
