//! A one-shot channel: a sender hands exactly one value to a receiver, once.
//!
//! Reference solution.

use shim::sync::{Arc, Condvar, Mutex, MutexGuard};

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

impl<T> Shared<T> {
    /// The state, even if a thread panicked while holding the lock: the state is always
    /// whole (every change is one assignment), so a poisoned lock hides nothing broken.
    fn state(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<T> Sender<T> {
    /// Sends `value` to the receiver, waking it if it waits. Never blocks.
    pub fn send(self, value: T) {
        // Change the state under the lock, then notify: a receiver that checked the state
        // before us is already asleep on `changed` (waiting released the lock atomically),
        // and one that checks after us sees the value. Either way nobody misses it.
        *self.shared.state() = State::Sent(value);
        self.shared.changed.notify_one();
        // `self` is dropped here; `Drop` sees the channel is no longer empty.
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let mut state = self.shared.state();
        if matches!(*state, State::Empty) {
            // Dropped unsent: close, and wake a receiver that would otherwise wait for ever.
            *state = State::Closed;
            drop(state);
            self.shared.changed.notify_one();
        }
    }
}

impl<T> Receiver<T> {
    /// Waits for the value. `None` if the sender was dropped without sending.
    pub fn recv(self) -> Option<T> {
        let mut state = self.shared.state();
        // `while`, not `if`: a wait may end with nothing sent (a spurious wake-up).
        while matches!(*state, State::Empty) {
            state = self
                .shared
                .changed
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        match std::mem::replace(&mut *state, State::Closed) {
            State::Sent(value) => Some(value),
            State::Empty | State::Closed => None,
        }
    }
}
