//! `executor`: many tasks on one thread, each polled again only when its waker says so.
//!
//! `block_on` runs one future; an executor runs many. Each spawned future becomes a *task*;
//! the task itself is its waker (`Arc<Task>` through `std::task::Wake`), and waking it puts it
//! on the run queue. `run` takes tasks off the queue and polls them until every one is done.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Wake, Waker};

use shim::sync::atomic::{AtomicBool, Ordering};
use shim::sync::{Condvar, Mutex};

type BoxedFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The tasks waiting to be polled, and a condvar `run` sleeps on while there are none.
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
struct Task {
    /// `None` once the future is done: it must never be polled again.
    future: Mutex<Option<BoxedFuture>>,
    /// True while the task sits in the run queue (so a second wake does not add it again).
    queued: AtomicBool,
    queue: Arc<RunQueue>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // Only the wake that turns `queued` from false to true queues the task: a task woken
        // twice before it runs is in the queue once. Release: what the waker changed before
        // waking is seen by the poll after `run`'s Acquire swap.
        // Wrong: pushes the task on every wake, even when it is already in the queue.
        self.queued.store(true, Ordering::Release);
        self.queue.push(self.clone());
    }
}

/// Runs spawned futures to completion on the thread that calls [`Executor::run`].
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
        let mut pending = self.pending;
        while pending > 0 {
            let task = {
                let mut tasks = self.queue.tasks.lock().unwrap();
                loop {
                    match tasks.pop_front() {
                        Some(task) => break task,
                        // Pending tasks wait for wakes from other threads: sleep till one comes.
                        None => tasks = self.queue.not_empty.wait(tasks).unwrap(),
                    }
                }
            };
            // Off the queue *before* the poll: a wake during the poll queues the task again.
            // Acquire: pairs with the Release swap in `wake_by_ref`, so a wake that found the
            // task still queued made its changes visible to this poll.
            task.queued.swap(false, Ordering::Acquire);
            let mut slot = task.future.lock().unwrap();
            // A task woken after it finished may still be queued once: skip it.
            let Some(future) = slot.as_mut() else {
                continue;
            };
            let waker = Waker::from(task.clone());
            if future
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_ready()
            {
                *slot = None;
                pending -= 1;
            }
        }
    }
}

impl Default for Executor {
    fn default() -> Self {
        Self::new()
    }
}
