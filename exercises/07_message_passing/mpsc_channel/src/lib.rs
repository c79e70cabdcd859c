//! A bounded multi-producer, single-consumer channel, rendezvous when the capacity is 0.
//!
//! Make `send`, `recv` and both `Drop`s work. Read README.md first; run `threadlings hint`
//! when stuck.

use std::collections::VecDeque;

use shim::sync::{Arc, Condvar, Mutex, MutexGuard};

/// What `send` returns when the receiver is gone: the value, back to its owner.
#[derive(Debug, PartialEq, Eq)]
pub struct Disconnected<T>(pub T);

struct State<T> {
    /// Messages not yet received, each with its ticket (tickets grow in sending order).
    queue: VecDeque<(u64, T)>,
    /// The ticket the next message gets.
    next_ticket: u64,
    /// Every message with a ticket below this one has been received.
    received_below: u64,
    senders: usize,
    receiver_alive: bool,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    /// The receiver sleeps here while the queue is empty.
    message_sent: Condvar,
    /// Senders sleep here while the queue is full, or (capacity 0) until their message is taken.
    message_taken: Condvar,
    capacity: usize,
}

pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

/// A channel that holds up to `capacity` messages; with capacity 0 every `send` waits until
/// the receiver has taken its message (a rendezvous).
pub fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::new(),
            next_ticket: 0,
            received_below: 0,
            senders: 1,
            receiver_alive: true,
        }),
        message_sent: Condvar::new(),
        message_taken: Condvar::new(),
        capacity,
    });
    (
        Sender {
            shared: Arc::clone(&shared),
        },
        Receiver { shared },
    )
}

impl<T> Shared<T> {
    /// The state, even after a panic elsewhere: every change to it is whole.
    fn state(&self) -> MutexGuard<'_, State<T>> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits on `condvar`; a wait may end spuriously, so every caller loops.
    fn wait<'a>(
        &self,
        condvar: &Condvar,
        state: MutexGuard<'a, State<T>>,
    ) -> MutexGuard<'a, State<T>> {
        condvar
            .wait(state)
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<T> Sender<T> {
    /// Sends `value`, waiting while the channel is full (with capacity 0: until the receiver
    /// takes it). `Err` gives the value back if the receiver is gone.
    pub fn send(&self, value: T) -> Result<(), Disconnected<T>> {
        // TODO: wait while the channel is full (a capacity-0 channel has one slot to hand a
        // message over in), give the value back if the receiver is gone, queue it with its
        // ticket and wake the receiver. With capacity 0, also wait until it has been taken.
        let _ = value;
        todo!("send a message")
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.shared.state().senders += 1;
        Sender {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // TODO: one sender fewer. When the last one goes, a receiver waiting on an empty queue
        // must wake up and see that nothing more will come.
    }
}

impl<T> Receiver<T> {
    /// The next message, waiting while there is none; `None` once every sender is gone and
    /// every message has been received.
    pub fn recv(&self) -> Option<T> {
        // TODO: take the oldest message (and record that its ticket was received, then wake
        // the senders), or return `None` once the queue is empty and no sender is left;
        // otherwise wait for a message, `while`, not `if`.
        todo!("receive a message")
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        // TODO: mark the receiver gone and wake the senders that wait for room or for their
        // message to be taken: they must return `Err` now instead of waiting for ever.
    }
}
