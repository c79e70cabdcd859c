//! A one-shot channel: a sender hands exactly one value to a receiver, once.
//!
//! Right-answer fixture: an atomic state word and thread parking instead of a condvar.

use shim::cell::UnsafeCell;
use shim::sync::atomic::{AtomicU8, Ordering};
use shim::sync::{Arc, Mutex};
use shim::thread::{self, Thread};

const EMPTY: u8 = 0;
const SENT: u8 = 1;
const CLOSED: u8 = 2;

struct Shared<T> {
    state: AtomicU8,
    /// Written once by the sender before it publishes `SENT`; read only after seeing `SENT`.
    value: UnsafeCell<Option<T>>,
    /// The receiver, once it waits: whoever changes the state wakes it.
    receiver: Mutex<Option<Thread>>,
}

// Safety: the value moves from the sender's thread to the receiver's, never shared: `T: Send`
// suffices. The state word orders the accesses to the cell (see `send` and `recv`).
unsafe impl<T: Send> Sync for Shared<T> {}
// Safety: as above; the value is owned by whichever end holds it.
unsafe impl<T: Send> Send for Shared<T> {}

pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
}

pub fn oneshot<T>() -> (Sender<T>, Receiver<T>) {
    let shared = Arc::new(Shared {
        state: AtomicU8::new(EMPTY),
        value: UnsafeCell::new(None),
        receiver: Mutex::new(None),
    });
    (
        Sender {
            shared: Arc::clone(&shared),
        },
        Receiver { shared },
    )
}

impl<T> Shared<T> {
    fn wake_receiver(&self) {
        let waiting = self
            .receiver
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(receiver) = waiting {
            receiver.unpark();
        }
    }
}

impl<T> Sender<T> {
    pub fn send(self, value: T) {
        // Safety: only the sender writes the cell, once, and the receiver reads it only after
        // seeing `SENT`, which we store after this write.
        self.shared.value.with_mut(|cell| unsafe { *cell = Some(value) });
        // Release: the value written above is visible to whoever reads `SENT` with Acquire.
        self.shared.state.store(SENT, Ordering::Release);
        self.shared.wake_receiver();
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // Only an empty channel closes: after `send` the state is `SENT` and this fails.
        // Relaxed is enough: closing publishes no data.
        if self
            .shared
            .state
            .compare_exchange(EMPTY, CLOSED, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
        {
            self.shared.wake_receiver();
        }
    }
}

impl<T> Receiver<T> {
    pub fn recv(self) -> Option<T> {
        // Register before looking: a sender that changes the state after our look finds us
        // here and unparks us (an unpark before the park is kept, so it is never lost).
        *self
            .shared
            .receiver
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(thread::current());
        loop {
            // Acquire: pairs with the Release in `send`, so the value is visible.
            match self.shared.state.load(Ordering::Acquire) {
                // `park` may return spuriously: the loop looks again.
                EMPTY => thread::park(),
                // Safety: `SENT` was stored after the only write, and we saw it with Acquire.
                SENT => return self.shared.value.with_mut(|cell| unsafe { (*cell).take() }),
                _ => return None,
            }
        }
    }
}
