//! Test support for `executor`: a gate future opened from outside (it counts its polls and
//! fails if polled after it is done) and `yield_now`, a future that wakes itself once.
#![allow(dead_code)] // each test file uses part of this module

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use shim::sync::{Arc, Mutex};

#[derive(Default)]
struct State {
    open: bool,
    done: bool,
    polls: usize,
    waker: Option<Waker>,
}

/// A future that is ready once its [`Opener`] has opened it.
pub struct Gate {
    shared: Arc<Mutex<State>>,
}

/// Opens a [`Gate`] from outside and reads how often it was polled.
#[derive(Clone)]
pub struct Opener {
    shared: Arc<Mutex<State>>,
}

/// A closed gate and its opener.
pub fn gate() -> (Gate, Opener) {
    let shared = Arc::new(Mutex::new(State::default()));
    (
        Gate {
            shared: shared.clone(),
        },
        Opener { shared },
    )
}

impl Opener {
    /// Opens the gate and wakes the task waiting on it.
    pub fn open(&self) {
        let waker = {
            let mut state = self.shared.lock().unwrap();
            state.open = true;
            state.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// Wakes the gate's task without opening it: a stale or spurious wake.
    pub fn nudge(&self) {
        let waker = self.shared.lock().unwrap().waker.clone();
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// How many times the gate was polled, and whether it is done.
    pub fn polls(&self) -> (usize, bool) {
        let state = self.shared.lock().unwrap();
        (state.polls, state.done)
    }
}

impl Future for Gate {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.shared.lock().unwrap();
        assert!(
            !state.done,
            "a finished task was polled again: once its future is Ready, drop it and never \
             poll it again, even if a late wake queues the task"
        );
        state.polls += 1;
        if state.open {
            state.done = true;
            // Keep the waker, so that `nudge` can still wake the finished task.
            return Poll::Ready(());
        }
        state.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// Wakes its own task once and returns `Pending`, then is ready: the task is woken *while it
/// runs* and must be polled again.
pub async fn yield_now() {
    struct YieldNow(bool);
    impl Future for YieldNow {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                return Poll::Ready(());
            }
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
    YieldNow(false).await
}
