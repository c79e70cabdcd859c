//! `Reactor`: epoll, edge-triggered, turning readiness into wake-ups.
//!
//! A future that reads a socket must not wait in `read`: it reads until `WouldBlock`, leaves
//! its task's `Waker` with the reactor and returns `Pending`. The reactor sleeps in
//! `epoll_wait` on every registered socket at once and, when one of them has news, wakes the
//! task waiting on it. Registered edge-triggered, a socket is reported once per arrival of
//! data (or of its end), not on every turn while data is left: so a reader drains it.
//!
//! epoll is Linux's: on other systems this crate is empty and its checks say they skipped.
#![cfg(target_os = "linux")]

use std::collections::HashMap;
use std::future::Future;
use std::io::{self, Read};
use std::os::fd::{AsFd, OwnedFd};
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use rustix::buffer::spare_capacity;
use rustix::event::{Timespec, epoll};

/// The name of a registered source: it comes back in that source's events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token(u64);

/// An epoll instance, and the tasks waiting for its sources to become readable.
pub struct Reactor {
    epoll: OwnedFd,
    state: Mutex<State>,
}

struct State {
    next_token: u64,
    /// The task waiting on each source, woken (and forgotten) at the source's next event.
    waiting: HashMap<Token, Waker>,
}

impl Reactor {
    /// A reactor with no source yet.
    pub fn new() -> io::Result<Reactor> {
        Ok(Reactor {
            epoll: epoll::create(epoll::CreateFlags::CLOEXEC)?,
            state: Mutex::new(State {
                next_token: 0,
                waiting: HashMap::new(),
            }),
        })
    }

    /// Watches `source` (a non-blocking socket) for readability, edge-triggered, and returns
    /// the token its events will carry.
    pub fn register(&self, source: &impl AsFd) -> io::Result<Token> {
        let token = {
            let mut state = self.state();
            state.next_token += 1;
            Token(state.next_token)
        };
        // ET: one event per arrival of data (or of the peer's end), not one on every turn
        // while data is left. Whoever is woken must read until WouldBlock.
        epoll::add(
            &self.epoll,
            source,
            epoll::EventData::new_u64(token.0),
            epoll::EventFlags::IN | epoll::EventFlags::ET,
        )?;
        Ok(token)
    }

    /// Leaves `waker` to be woken at the next event of `token`'s source, in place of the
    /// waker left before, if any.
    pub fn wake_when_readable(&self, token: Token, waker: &Waker) {
        self.state().waiting.insert(token, waker.clone());
    }

    /// Waits in `epoll_wait` until an event comes (`None`) or `timeout` passes, wakes the task
    /// waiting on each source that had an event, and returns how many events came.
    pub fn turn(&self, timeout: Option<Duration>) -> io::Result<usize> {
        let timeout = timeout
            .map(Timespec::try_from)
            .transpose()
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "timeout too long"))?;
        let mut events = Vec::with_capacity(64);
        loop {
            match epoll::wait(&self.epoll, spare_capacity(&mut events), timeout.as_ref()) {
                Ok(_) => break,
                // A signal cut the wait short: wait again.
                Err(rustix::io::Errno::INTR) => continue,
                Err(error) => return Err(error.into()),
            }
        }
        // Take the wakers under the lock, wake them after it: a waker may run code that
        // calls back into the reactor.
        let woken: Vec<Waker> = {
            let mut state = self.state();
            events
                .iter()
                .filter_map(|event| {
                    // A copy: `Event` is packed, so its fields cannot be borrowed.
                    let data = event.data;
                    state.waiting.remove(&Token(data.u64()))
                })
                .collect()
        };
        for waker in woken {
            waker.wake();
        }
        Ok(events.len())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // The state is never left half-changed by a panic: go on with it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Reads `source` to its end: a future, waiting on `reactor`, where `source` was registered
/// as `token`. It resolves to every byte read.
pub fn read_to_end<'a, S: Read>(
    reactor: &'a Reactor,
    token: Token,
    source: &'a mut S,
) -> ReadToEnd<'a, S> {
    ReadToEnd {
        reactor,
        token,
        source,
        bytes: Vec::new(),
    }
}

/// The future of [`read_to_end`].
pub struct ReadToEnd<'a, S> {
    reactor: &'a Reactor,
    token: Token,
    source: &'a mut S,
    bytes: Vec<u8>,
}

impl<S: Read> Future for ReadToEnd<'_, S> {
    type Output = io::Result<Vec<u8>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Only references and a Vec inside: nothing here cares whether it moves.
        let this = self.get_mut();
        let mut buf = [0u8; 4096];
        // Drain: with edge-triggered epoll, what is left now brings no new event.
        loop {
            match this.source.read(&mut buf) {
                Ok(0) => return Poll::Ready(Ok(std::mem::take(&mut this.bytes))),
                Ok(n) => this.bytes.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    // Drained: only new data brings an event now, and it will wake us.
                    this.reactor.wake_when_readable(this.token, cx.waker());
                    return Poll::Pending;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}
