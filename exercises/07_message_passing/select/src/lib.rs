//! `select`: wait on several channels at once, without spinning and without favourites.
//!
//! As shipped, `Selector::recv` works, but it spins while it waits, and it always looks at
//! the first channel first. Fix both. Read README.md first; run `threadlings hint` when stuck.

use std::collections::VecDeque;

use shim::sync::{Arc, Condvar, Mutex, MutexGuard};

/// Wakes one selecting thread: set by whoever makes a watched channel readable.
struct Signal {
    raised: Mutex<bool>,
    wake: Condvar,
}

impl Signal {
    fn new() -> Self {
        Signal {
            raised: Mutex::new(false),
            wake: Condvar::new(),
        }
    }

    fn raise(&self) {
        *lock(&self.raised) = true;
        self.wake.notify_one();
    }

    /// Waits until raised (by a raise before or during the wait), and lowers it again.
    fn wait(&self) {
        let mut raised = lock(&self.raised);
        while !*raised {
            raised = self
                .wake
                .wait(raised)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        *raised = false;
    }
}

/// A lock that a panic elsewhere does not make unusable: every change here is whole.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

struct Channel<T> {
    queue: VecDeque<T>,
    senders: usize,
    /// The selecting threads to wake when a message comes or the last sender leaves.
    watchers: Vec<Arc<Signal>>,
}

pub struct Sender<T> {
    channel: Arc<Mutex<Channel<T>>>,
}

pub struct Receiver<T> {
    channel: Arc<Mutex<Channel<T>>>,
}

/// An unbounded channel whose receiver can be selected on together with others.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let channel = Arc::new(Mutex::new(Channel {
        queue: VecDeque::new(),
        senders: 1,
        watchers: Vec::new(),
    }));
    (
        Sender {
            channel: Arc::clone(&channel),
        },
        Receiver { channel },
    )
}

/// Wakes every watcher of a channel whose state just changed.
fn wake_watchers(watchers: Vec<Arc<Signal>>) {
    for watcher in watchers {
        watcher.raise();
    }
}

impl<T> Sender<T> {
    pub fn send(&self, value: T) {
        let watchers = {
            let mut channel = lock(&self.channel);
            channel.queue.push_back(value);
            channel.watchers.clone()
        };
        // Raised outside the channel's lock: a watcher never waits on two locks at once.
        wake_watchers(watchers);
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        lock(&self.channel).senders += 1;
        Sender {
            channel: Arc::clone(&self.channel),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let watchers = {
            let mut channel = lock(&self.channel);
            channel.senders -= 1;
            if channel.senders > 0 {
                return;
            }
            channel.watchers.clone()
        };
        // The last sender leaving is news too: a selector waiting only on closed channels
        // must wake up and return `None`.
        wake_watchers(watchers);
    }
}

/// Receives from whichever of several channels has a message first.
pub struct Selector<'a, T> {
    receivers: Vec<&'a Receiver<T>>,
    /// Where the next scan starts: just after the channel that was served last.
    next: usize,
    signal: Arc<Signal>,
}

impl<'a, T> Selector<'a, T> {
    pub fn new(receivers: Vec<&'a Receiver<T>>) -> Self {
        Selector {
            receivers,
            next: 0,
            signal: Arc::new(Signal::new()),
        }
    }

    /// The next message from any of the channels, with the index of its channel; waits while
    /// none has one. `None` once every channel is empty and has no sender left.
    pub fn recv(&mut self) -> Option<(usize, T)> {
        // Polls every channel in turn, again and again, until one has a message.
        loop {
            let mut any_open = false;
            for (index, receiver) in self.receivers.iter().enumerate() {
                let mut channel = lock(&receiver.channel);
                if let Some(value) = channel.queue.pop_front() {
                    return Some((index, value));
                }
                any_open |= channel.senders > 0;
            }
            if !any_open {
                return None;
            }
            shim::thread::yield_now();
        }
    }
}
