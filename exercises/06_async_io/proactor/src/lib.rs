//! A proactor: submit an operation with its buffer, be told when it is done, get the buffer back.
//!
//! A reactor (poll, epoll) says "this socket is ready: you may read now", and the program then
//! does the read itself. A proactor takes the whole operation ("read this fd into this
//! buffer") and says "done: here are the bytes". Two back ends behind one `Proactor` trait:
//! - `ThreadPool`, anywhere: worker threads do the blocking calls and push completions onto a
//!   `Queue` that the caller waits on;
//! - `Uring`, on Linux: the kernel does the operations (io_uring), and completions come back on
//!   its completion queue.
//!
//! Either way the operation owns its buffer and its fd until its completion hands them back:
//! the worker (or the kernel) writes into that buffer while the caller goes on with other work.
// Until your code uses them, the fields, imports and helpers given here are unused.
#![allow(dead_code, unused_imports)]

use std::collections::VecDeque;
use std::io;
use std::os::fd::OwnedFd;

use shim::sync::{Arc, Condvar, Mutex};
use shim::thread::{self, JoinHandle};

/// What an operation does with its buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Read up to `buf.len()` bytes into `buf`, as `read(2)` does.
    Read,
    /// Write the bytes of `buf` (perhaps only some of them), as `write(2)` does.
    Write,
}

/// An operation handed to a proactor: it owns everything the I/O touches until it is done.
#[derive(Debug)]
pub struct Op {
    pub kind: Kind,
    pub fd: OwnedFd,
    pub buf: Vec<u8>,
    /// The caller's name for this operation, returned in its completion; distinct among the
    /// operations in flight.
    pub user_data: u64,
}

/// A finished operation: its result, and the fd and buffer handed back.
#[derive(Debug)]
pub struct Completion {
    pub user_data: u64,
    /// The bytes read or written (`Ok(0)` from a read: the end), or the error.
    pub result: io::Result<usize>,
    pub fd: OwnedFd,
    /// The very buffer that was submitted; after a read of `n` bytes, `buf[..n]` holds them.
    pub buf: Vec<u8>,
}

impl Op {
    pub fn read(fd: OwnedFd, buf: Vec<u8>, user_data: u64) -> Op {
        Op {
            kind: Kind::Read,
            fd,
            buf,
            user_data,
        }
    }

    pub fn write(fd: OwnedFd, buf: Vec<u8>, user_data: u64) -> Op {
        Op {
            kind: Kind::Write,
            fd,
            buf,
            user_data,
        }
    }

    /// The completion of this operation, handing its fd and buffer back.
    pub fn complete(self, result: io::Result<usize>) -> Completion {
        Completion {
            user_data: self.user_data,
            result,
            fd: self.fd,
            buf: self.buf,
        }
    }
}

/// Completion-based I/O: operations go in, completions come out, in the order they finish.
pub trait Proactor {
    /// Starts `op`; it runs while the caller does other things. Its buffer and fd are the
    /// proactor's until `wait` hands them back.
    fn submit(&mut self, op: Op) -> io::Result<()>;

    /// The next operation to finish, waiting for one if none has; `None` if none is in flight.
    fn wait(&mut self) -> io::Result<Option<Completion>>;
}

/// A blocking queue: `push` from any thread, `pop` waits until there is something to take.
pub struct Queue<T> {
    items: Mutex<VecDeque<T>>,
    not_empty: Condvar,
}

impl<T> Queue<T> {
    pub fn new() -> Queue<T> {
        Queue {
            items: Mutex::new(VecDeque::new()),
            not_empty: Condvar::new(),
        }
    }

    /// Adds `item` and wakes a thread waiting in `pop`, if one is.
    pub fn push(&self, item: T) {
        // TODO: push `item` at the back under the lock, and notify the condition variable.
        let _ = item;
        todo!("push and wake a waiter")
    }

    /// Takes the oldest item, waiting for one while there is none.
    pub fn pop(&self) -> T {
        // TODO: under the lock, take the front item if there is one; otherwise wait on the
        // condition variable and look again (a wait can end with nothing there).
        todo!("take an item, waiting while there is none")
    }
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Queue::new()
    }
}

/// Does the operation with a blocking call, on the calling thread.
fn perform(op: Op) -> Completion {
    // TODO: `rustix::io::read(&op.fd, op.buf.as_mut_slice())` or `rustix::io::write(&op.fd,
    // &op.buf)`, by `op.kind`; then `op.complete(result)` (rustix's error converts into
    // `io::Error` with `io::Error::from`).
    let _ = op;
    todo!("do the read or the write with a blocking call")
}

/// The portable proactor: workers do the blocking calls and push what they finish.
///
/// Each operation in progress holds a worker for as long as it blocks (a read on an empty pipe,
/// for ever): with more of those than workers, the others wait their turn. The kernel's
/// proactor (io_uring, IOCP) has no such limit: waiting costs it no thread.
pub struct ThreadPool {
    /// `None` tells a worker to end.
    jobs: Arc<Queue<Option<Op>>>,
    completions: Arc<Queue<Completion>>,
    workers: Vec<JoinHandle<()>>,
    in_flight: usize,
}

impl ThreadPool {
    /// Starts `workers` worker threads (at least one).
    pub fn new(workers: usize) -> ThreadPool {
        // TODO: make both queues (in `Arc`s); start the workers, each looping: pop a job,
        // `perform` it, push its completion; a `None` job ends the loop.
        let _ = workers;
        todo!("start the workers")
    }
}

impl Proactor for ThreadPool {
    fn submit(&mut self, op: Op) -> io::Result<()> {
        // TODO: hand the job to the workers; count it in flight.
        let _ = op;
        todo!("queue the job for a worker")
    }

    fn wait(&mut self) -> io::Result<Option<Completion>> {
        // TODO: `None` when nothing is in flight; otherwise pop the next completion.
        todo!("wait for the next completion")
    }
}

impl Drop for ThreadPool {
    /// Ends the workers once the jobs before the `None`s are done (an operation that never
    /// finishes keeps its worker, and this drop, waiting).
    fn drop(&mut self) {
        for _ in &self.workers {
            self.jobs.push(None);
        }
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

#[cfg(target_os = "linux")]
pub use uring::Uring;

/// The kernel's proactor: io_uring (Linux 5.1 and later, where it is allowed).
#[cfg(target_os = "linux")]
mod uring {
    use std::io;
    use std::os::fd::AsRawFd;

    use io_uring::{IoUring, opcode, types};

    use super::{Completion, Kind, Op, Proactor};

    /// The `user_data` of a cancel request: no slot has it.
    const CANCEL: u64 = u64::MAX;

    /// Operations go to the kernel's submission queue and come back on its completion queue.
    pub struct Uring {
        ring: IoUring,
        /// The operations the kernel holds, by slot; a slot's index is its SQE's `user_data`,
        /// the one thing the completion carries back.
        in_flight: Vec<Option<Op>>,
    }

    impl Uring {
        /// A ring of `entries` submission slots; fails where the kernel has no io_uring or
        /// does not allow it (ENOSYS, EPERM).
        pub fn new(entries: u32) -> io::Result<Uring> {
            Ok(Uring {
                ring: IoUring::new(entries)?,
                in_flight: Vec::new(),
            })
        }
    }

    impl Proactor for Uring {
        fn submit(&mut self, op: Op) -> io::Result<()> {
            // TODO: choose a free slot of `in_flight`; build the SQE (`opcode::Read::new(
            // types::Fd(op.fd.as_raw_fd()), op.buf.as_mut_ptr(), len)` or `opcode::Write`,
            // `.offset(u64::MAX)`, `.build().user_data(slot as u64)`); push it on
            // `self.ring.submission()` (an `unsafe` call: say in a `// Safety:` comment why
            // the buffer outlives the operation); keep `op` in the slot; `self.ring.submit()`.
            let _ = op;
            todo!("hand the operation to the kernel")
        }

        fn wait(&mut self) -> io::Result<Option<Completion>> {
            // TODO: `None` when no slot is in use. Otherwise take the next entry of
            // `self.ring.completion()` (or `self.ring.submit_and_wait(1)` and look again);
            // its `user_data()` is the slot of the operation it completes; its `result()` is
            // the count, or `-errno` (`io::Error::from_raw_os_error`).
            todo!("reap the next completion from the kernel")
        }
    }

    impl Drop for Uring {
        /// The kernel may still write into buffers in flight: cancel them all, and free none
        /// before its completion is back.
        fn drop(&mut self) {
            for slot in 0..self.in_flight.len() {
                if self.in_flight[slot].is_some() {
                    let cancel = opcode::AsyncCancel::new(slot as u64)
                        .build()
                        .user_data(CANCEL);
                    if self.ring.submission().is_full() {
                        let _ = self.ring.submit();
                    }
                    // Safety: a cancel request points at no memory of ours.
                    let _ = unsafe { self.ring.submission().push(&cancel) };
                }
            }
            while self.in_flight.iter().any(Option::is_some) {
                match self.wait() {
                    Ok(Some(_)) => {}
                    Ok(None) => break,
                    Err(_) => {
                        // The ring failed: the kernel may still hold the buffers, so leak them
                        // rather than free memory it could write into.
                        std::mem::forget(std::mem::take(&mut self.in_flight));
                        break;
                    }
                }
            }
        }
    }
}
