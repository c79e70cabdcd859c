//! A one-shot channel: a sender hands exactly one value to a receiver, once.
//!
//! Make `send`, `Drop for Sender` and `recv` work. Read README.md first; run
//! `threadlings hint` when stuck.

use shim::sync::{Arc, Condvar, Mutex};

/// What the channel holds.
enum State<T> {
    /// Nothing sent yet, and the sender is still there.
    Empty,
    /// The value, waiting for the receiver.
    Sent(T),
    /// The sender went away without sending, or the receiver took the value.
    Closed,
}

/// The state both ends share, and the condition variable the receiver sleeps on.
struct Shared<T> {
    state: Mutex<State<T>>,
    changed: Condvar,
}

/// The sending end: sends one value, or closes the channel when dropped unsent.
pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

/// The receiving end: waits for the value.
pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

/// A new channel: the value sent on the `Sender` comes out of the `Receiver`.
pub fn oneshot<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State::Empty),
        changed: Condvar::new(),
    });
    (
        Sender {
            shared: Arc::clone(&shared),
        },
        Receiver { shared },
    )
}

impl<T> Sender<T> {
    /// Sends `value` to the receiver, waking it if it waits. Never blocks.
    pub fn send(self, value: T) {
        // TODO: store the value and wake the receiver.
        let _ = value;
        todo!("send the value")
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // TODO: a sender dropped without sending closes the channel, so that a receiver
        // waiting for a value that will never come wakes up and gets `None`.
        // (Careful: `send` drops the sender too, after sending.)
    }
}

impl<T> Receiver<T> {
    /// Waits for the value. `None` if the sender was dropped without sending.
    pub fn recv(self) -> Option<T> {
        // TODO: sleep on `changed` while nothing has been sent, then take what is there.
        todo!("wait for the value")
    }
}
