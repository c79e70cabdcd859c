//! `timer_future`: a future that is ready once another thread fires it.
//!
//! No `async` here: you write the state machine's `poll` by hand, as `async` would for a
//! `sleep().await`. The promise behind `Poll::Pending` is that *someone* will call the waker:
//! here, whoever fires the timer. That promise is only kept if the waker is stored where the
//! firing thread will look for it *before* the last look at the flag.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use shim::sync::atomic::{AtomicBool, Ordering};
use shim::sync::{Arc, Mutex};

/// What the future and its firing handle share.
struct Shared {
    /// Set once, by [`Fire::fire`].
    fired: AtomicBool,
    /// The waker of the last poll that returned `Pending`: whom `fire` must wake.
    waker: Mutex<Option<Waker>>,
}

/// A future that is ready once its [`Fire`] handle fires.
pub struct Timer {
    shared: Arc<Shared>,
}

/// The other end of a [`Timer`]: the timer thread (or a test) fires it once.
pub struct Fire {
    shared: Arc<Shared>,
}

/// A timer that nobody has fired yet, and the handle that fires it.
pub fn timer() -> (Timer, Fire) {
    let shared = Arc::new(Shared {
        fired: AtomicBool::new(false),
        waker: Mutex::new(None),
    });
    let fire = Fire {
        shared: shared.clone(),
    };
    (Timer { shared }, fire)
}

/// A timer fired by a thread of its own once `duration` has passed (std builds only: loom
/// has no clock).
#[cfg(not(loom))]
pub fn sleep(duration: std::time::Duration) -> Timer {
    let (timer, fire) = timer();
    std::thread::spawn(move || {
        std::thread::sleep(duration);
        fire.fire();
    });
    timer
}

impl Fire {
    /// Marks the timer as fired, then wakes the task that is waiting on it, if any.
    pub fn fire(self) {
        // `swap`, not `store`: see the loom note in the README (tokio-rs/loom#254).
        // Release: pairs with the Acquire loads in `poll`.
        self.shared.fired.swap(true, Ordering::Release);
        let waker = self.shared.waker.lock().unwrap().take();
        // Wake outside the lock: the woken task may poll (and lock) at once.
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl Future for Timer {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // Wrong: keeps the first waker forever, though a later poll may come with another.
        let mut slot = self.shared.waker.lock().unwrap();
        if slot.is_none() {
            *slot = Some(cx.waker().clone());
        }
        drop(slot);
        // Acquire: pairs with the Release in `fire`.
        if self.shared.fired.load(Ordering::Acquire) {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}
