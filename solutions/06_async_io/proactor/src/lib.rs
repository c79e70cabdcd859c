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
//!
//! Reference solution.

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

    pub fn push(&self, item: T) {
        let mut items = self.items.lock().unwrap_or_else(|p| p.into_inner());
        items.push_back(item);
        // Under the lock: a popper is either before its check (and will see the item) or
        // already asleep in `wait` (and is woken); it cannot be in between.
        self.not_empty.notify_one();
    }

    pub fn pop(&self) -> T {
        let mut items = self.items.lock().unwrap_or_else(|p| p.into_inner());
        // `while`, not `if`: a wait may end with nothing pushed (a spurious wake-up). The
        // check and the wait are under the same lock, so no push slips in between them.
        loop {
            if let Some(item) = items.pop_front() {
                return item;
            }
            items = self
                .not_empty
                .wait(items)
                .unwrap_or_else(|p| p.into_inner());
        }
    }
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Queue::new()
    }
}

/// Does the operation with a blocking call, on the calling thread.
fn perform(mut op: Op) -> Completion {
    let result = match op.kind {
        Kind::Read => rustix::io::read(&op.fd, op.buf.as_mut_slice()),
        Kind::Write => rustix::io::write(&op.fd, &op.buf),
    };
    op.complete(result.map_err(io::Error::from))
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
    pub fn new(workers: usize) -> ThreadPool {
        let jobs: Arc<Queue<Option<Op>>> = Arc::new(Queue::new());
        let completions = Arc::new(Queue::new());
        let workers = (0..workers.max(1))
            .map(|_| {
                let (jobs, completions) = (jobs.clone(), completions.clone());
                thread::spawn(move || {
                    while let Some(op) = jobs.pop() {
                        completions.push(perform(op));
                    }
                })
            })
            .collect();
        ThreadPool {
            jobs,
            completions,
            workers,
            in_flight: 0,
        }
    }
}

impl Proactor for ThreadPool {
    fn submit(&mut self, op: Op) -> io::Result<()> {
        self.jobs.push(Some(op));
        self.in_flight += 1;
        Ok(())
    }

    fn wait(&mut self) -> io::Result<Option<Completion>> {
        if self.in_flight == 0 {
            return Ok(None);
        }
        let completion = self.completions.pop();
        self.in_flight -= 1;
        Ok(Some(completion))
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
        fn submit(&mut self, mut op: Op) -> io::Result<()> {
            let slot = match self.in_flight.iter().position(Option::is_none) {
                Some(free) => free,
                None => {
                    self.in_flight.push(None);
                    self.in_flight.len() - 1
                }
            };
            let fd = types::Fd(op.fd.as_raw_fd());
            let len = u32::try_from(op.buf.len()).unwrap_or(u32::MAX);
            // Offset -1: at the fd's current position, as read(2) and write(2) do.
            let entry = match op.kind {
                Kind::Read => opcode::Read::new(fd, op.buf.as_mut_ptr(), len)
                    .offset(u64::MAX)
                    .build(),
                Kind::Write => opcode::Write::new(fd, op.buf.as_ptr(), len)
                    .offset(u64::MAX)
                    .build(),
            }
            .user_data(slot as u64);
            if self.ring.submission().is_full() {
                // Hand the queued entries to the kernel to make room.
                self.ring.submit()?;
            }
            // Safety: the entry points into `op.buf`'s heap memory and names `op.fd`. Right
            // below, `op` moves into `in_flight[slot]` (moving a Vec does not move its heap
            // memory), and that slot is neither touched nor freed until `wait` has reaped the
            // completion carrying `slot`: only then does the kernel let go of both. `Drop`
            // waits for every completion before it frees anything.
            unsafe { self.ring.submission().push(&entry) }
                .map_err(|_| io::Error::other("the submission queue is full"))?;
            self.in_flight[slot] = Some(op);
            // Enter the kernel now, so the operation starts before anyone waits for it.
            self.ring.submit()?;
            Ok(())
        }

        fn wait(&mut self) -> io::Result<Option<Completion>> {
            while self.in_flight.iter().any(Option::is_some) {
                let Some(entry) = self.ring.completion().next() else {
                    match self.ring.submit_and_wait(1) {
                        Err(e) if e.kind() != io::ErrorKind::Interrupted => return Err(e),
                        _ => continue,
                    }
                };
                // By `user_data`, never by position: operations finish in any order.
                let slot = usize::try_from(entry.user_data()).unwrap_or(usize::MAX);
                let Some(op) = self.in_flight.get_mut(slot).and_then(Option::take) else {
                    continue; // a cancel request's own completion
                };
                let result = match entry.result() {
                    error if error < 0 => Err(io::Error::from_raw_os_error(-error)),
                    done => Ok(done as usize),
                };
                return Ok(Some(op.complete(result)));
            }
            Ok(None)
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
