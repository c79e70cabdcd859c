//! Test support for `block_on`: futures finished from outside in steps, which count their
//! polls, and a future that wakes itself.
#![allow(dead_code)] // each test file uses part of this module

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use shim::sync::{Arc, Mutex};

struct State<T> {
    steps_left: usize,
    value: Option<T>,
    waker: Option<Waker>,
    polls: usize,
    wakes: usize,
}

/// A future that is ready once its [`Stepper`] has stepped it a given number of times.
pub struct Steps<T> {
    shared: Arc<Mutex<State<T>>>,
}

/// Steps a [`Steps`] future from outside, waking its task on every step.
#[derive(Clone)]
pub struct Stepper<T> {
    shared: Arc<Mutex<State<T>>>,
}

/// A future that needs `steps` steps before it is ready with `value`, and its stepper.
pub fn steps<T>(steps: usize, value: T) -> (Steps<T>, Stepper<T>) {
    let shared = Arc::new(Mutex::new(State {
        steps_left: steps,
        value: Some(value),
        waker: None,
        polls: 0,
        wakes: 0,
    }));
    let stepper = Stepper {
        shared: shared.clone(),
    };
    (Steps { shared }, stepper)
}

impl<T> Stepper<T> {
    /// One step closer to ready; wakes the task that polled last, if it is waiting.
    pub fn step(&self) {
        let waker = {
            let mut state = self.shared.lock().unwrap();
            state.steps_left = state.steps_left.saturating_sub(1);
            let waker = state.waker.take();
            state.wakes += usize::from(waker.is_some());
            waker
        };
        // Wake outside the lock: the woken task may poll (and lock) at once.
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// How often the future was polled, and how often a step woke its task.
    pub fn polls_and_wakes(&self) -> (usize, usize) {
        let state = self.shared.lock().unwrap();
        (state.polls, state.wakes)
    }
}

impl<T> Unpin for Steps<T> {}

impl<T> Future for Steps<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut state = self.shared.lock().unwrap();
        state.polls += 1;
        if state.steps_left == 0 {
            let value = state.value.take();
            return Poll::Ready(value.expect("polled again after Ready"));
        }
        // Under the lock the stepper takes: no step can slip between the check and this.
        state.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// A future that returns `Pending` `times` times, waking itself at once each time (as
/// `yield_now` does): the wake comes *before* `block_on` parks.
pub struct WakesItself {
    pub times: usize,
    pub polls: usize,
}

impl Future for WakesItself {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        self.polls += 1;
        if self.times == 0 {
            return Poll::Ready(self.polls);
        }
        self.times -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
