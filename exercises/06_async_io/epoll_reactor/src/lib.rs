//! `Reactor`: epoll, edge-triggered, turning readiness into wake-ups.
//!
//! A future that reads a socket must not wait in `read`: it reads until `WouldBlock`, leaves
//! its task's `Waker` with the reactor and returns `Pending`. The reactor sleeps in
//! `epoll_wait` on every registered socket at once and, when one of them has news, wakes the
//! task waiting on it. Registered edge-triggered, a socket is reported once per arrival of
//! data (or of its end), not on every turn while data is left: so a reader drains it.
//!
//! epoll is Linux's: on other systems this crate is empty and its checks say they skipped.
//!
//! Your task: `register`, `wake_when_readable`, `turn` and the future's `poll` (see the
//! README).
#![cfg(target_os = "linux")]

use std::collections::HashMap;
use std::future::Future;
use std::io::{self, Read};
use std::os::fd::{AsFd, OwnedFd};
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use rustix::event::epoll;

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
        // TODO: take a fresh token (from `next_token`), then `epoll::add` the source with
        // `EventData::new_u64(token.0)` and the flags `IN | ET` (edge-triggered).
        let _ = (source, &self.epoll, self.state().next_token);
        todo!("register the source, edge-triggered, under a fresh token")
    }

    /// Leaves `waker` to be woken at the next event of `token`'s source, in place of the
    /// waker left before, if any.
    pub fn wake_when_readable(&self, token: Token, waker: &Waker) {
        // TODO: keep a clone of `waker` in `waiting`, under `token`.
        let _ = (token, waker, &self.state().waiting);
        todo!("leave the waker with the reactor")
    }

    /// Waits in `epoll_wait` until an event comes (`None`) or `timeout` passes, wakes the task
    /// waiting on each source that had an event, and returns how many events came.
    pub fn turn(&self, timeout: Option<Duration>) -> io::Result<usize> {
        // TODO: `epoll::wait(&self.epoll, spare_capacity(&mut events), timeout.as_ref())`,
        // with `let mut events = Vec::with_capacity(64)` (`rustix::buffer::spare_capacity`)
        // and the timeout made a `rustix::event::Timespec` (`Timespec::try_from`); on
        // `Errno::INTR`, wait again. Each event's token is `event.data.u64()`: take that
        // token's waker out of `waiting` and wake it (after letting go of the lock). Return
        // how many events came.
        let _ = timeout;
        todo!("wait in epoll_wait, then wake the task waiting on each source")
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
        // TODO: read `this.source` into a buffer, keeping each part in `this.bytes`. A read of
        // 0 bytes is the end: Ready with the bytes. On WouldBlock, leave `cx.waker()` with
        // the reactor for `this.token` and return Pending. With edge-triggered epoll, when
        // must the reading stop?
        let _ = (
            &mut this.source,
            &mut this.bytes,
            this.reactor,
            this.token,
            cx,
        );
        todo!("read until WouldBlock, then wait for the reactor's wake-up")
    }
}
