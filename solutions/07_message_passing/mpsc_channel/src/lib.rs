//! A bounded multi-producer, single-consumer channel, rendezvous when the capacity is 0.
//!
//! Reference solution.

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
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits on `condvar`; a wait may end spuriously, so every caller loops.
    fn wait<'a>(&self, condvar: &Condvar, state: MutexGuard<'a, State<T>>) -> MutexGuard<'a, State<T>> {
        condvar.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<T> Sender<T> {
    /// Sends `value`, waiting while the channel is full (with capacity 0: until the receiver
    /// takes it). `Err` gives the value back if the receiver is gone.
    pub fn send(&self, value: T) -> Result<(), Disconnected<T>> {
        let shared = &*self.shared;
        let mut state = shared.state();
        // A rendezvous channel still needs one slot to hand the message over in.
        while state.receiver_alive && state.queue.len() >= shared.capacity.max(1) {
            state = shared.wait(&shared.message_taken, state);
        }
        if !state.receiver_alive {
            return Err(Disconnected(value));
        }
        let ticket = state.next_ticket;
        state.next_ticket += 1;
        state.queue.push_back((ticket, value));
        shared.message_sent.notify_one();
        if shared.capacity == 0 {
            while state.receiver_alive && state.received_below <= ticket {
                state = shared.wait(&shared.message_taken, state);
            }
            if state.received_below <= ticket {
                // The receiver left before taking it: the message is still ours.
                let at = state.queue.iter().position(|(queued, _)| *queued == ticket);
                if let Some((_, value)) = at.and_then(|at| state.queue.remove(at)) {
                    return Err(Disconnected(value));
                }
            }
        }
        Ok(())
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
        let mut state = self.shared.state();
        state.senders -= 1;
        if state.senders == 0 {
            drop(state);
            // The receiver may be asleep on an empty queue: nothing more will come.
            self.shared.message_sent.notify_one();
        }
    }
}

impl<T> Receiver<T> {
    /// The next message, waiting while there is none; `None` once every sender is gone and
    /// every message has been received.
    pub fn recv(&self) -> Option<T> {
        let shared = &*self.shared;
        let mut state = shared.state();
        loop {
            if let Some((ticket, value)) = state.queue.pop_front() {
                state.received_below = ticket + 1;
                // Senders wait for two things here (room, or their message taken): wake them
                // all, and each one checks its own condition.
                shared.message_taken.notify_all();
                return Some(value);
            }
            if state.senders == 0 {
                return None;
            }
            state = shared.wait(&shared.message_sent, state);
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.shared.state().receiver_alive = false;
        // Senders waiting for room or for their message to be taken must give up now.
        self.shared.message_taken.notify_all();
    }
}
