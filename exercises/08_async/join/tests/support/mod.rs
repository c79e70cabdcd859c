//! Test support for `join`: child futures that watch how they are polled, wakers that count,
//! and a tiny `block_on`.
//!
//! Each test file uses part of this module; the rest would be reported as dead code.
#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};

/// What every test child says when a join polls it after it has returned `Ready`.
pub const POLLED_AFTER_READY: &str = "polled a finished child again: once a child returns \
     Ready, keep its output and never poll it again (the Future contract allows it to panic)";

/// How many times a child has been polled, readable after the child has moved into a join.
#[derive(Clone, Debug, Default)]
pub struct PollCount(std::sync::Arc<AtomicUsize>);

impl PollCount {
    pub fn get(&self) -> usize {
        // Relaxed: a plain counter, read after the polls it counts (same thread or a join()).
        self.0.load(Ordering::Relaxed)
    }

    fn add_one(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// A child that returns `Pending` a given number of times, then `Ready(value)`.
///
/// Like every well-behaved future it wakes its task before each `Pending` (here at once, as
/// `yield_now` in an async runtime would), so a join that hands it the context's waker gets
/// polled again.
pub struct Countdown<T> {
    pending_left: usize,
    value: Option<T>,
    polls: PollCount,
}

// `Countdown` never pins its value: moving the whole future is always fine.
impl<T> Unpin for Countdown<T> {}

impl<T> Countdown<T> {
    /// Ready at the first poll.
    pub fn ready(value: T) -> (Self, PollCount) {
        Self::after(0, value)
    }

    /// `Pending` for the first `pending_times` polls, then `Ready(value)`.
    pub fn after(pending_times: usize, value: T) -> (Self, PollCount) {
        let polls = PollCount::default();
        let child = Countdown {
            pending_left: pending_times,
            value: Some(value),
            polls: polls.clone(),
        };
        (child, polls)
    }
}

impl<T> Future for Countdown<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        assert!(this.value.is_some(), "{POLLED_AFTER_READY}");
        this.polls.add_one();
        if this.pending_left > 0 {
            this.pending_left -= 1;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Ready(this.value.take().expect("checked above"))
    }
}

/// A child completed from outside, usually by another thread: see [`remote`].
pub struct Remote<T> {
    shared: shim::sync::Arc<shim::sync::Mutex<RemoteState<T>>>,
    finished: bool,
    polls: PollCount,
}

struct RemoteState<T> {
    value: Option<T>,
    /// The waker of the last poll that returned `Pending`.
    waker: Option<Waker>,
}

/// The other end of a [`Remote`]: completing it stores the value and wakes the child's task.
pub struct Completer<T> {
    shared: shim::sync::Arc<shim::sync::Mutex<RemoteState<T>>>,
}

/// A child future and the handle that completes it. Built on the shim's `Mutex`, so under
/// loom every interleaving of the completion with the join's polls is explored.
pub fn remote<T>() -> (Remote<T>, Completer<T>, PollCount) {
    let shared = shim::sync::Arc::new(shim::sync::Mutex::new(RemoteState {
        value: None,
        waker: None,
    }));
    let polls = PollCount::default();
    let child = Remote {
        shared: shared.clone(),
        finished: false,
        polls: polls.clone(),
    };
    (child, Completer { shared }, polls)
}

impl<T> Unpin for Remote<T> {}

impl<T> Future for Remote<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        assert!(!this.finished, "{POLLED_AFTER_READY}");
        this.polls.add_one();
        let mut state = this.shared.lock().unwrap();
        match state.value.take() {
            Some(value) => {
                this.finished = true;
                state.waker = None;
                Poll::Ready(value)
            }
            None => {
                // Stored under the same lock the completer takes, so a completion cannot slip
                // in between "no value yet" and "here is whom to wake".
                state.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl<T> Completer<T> {
    /// Hands the child its value and wakes whoever polled it last.
    pub fn complete(self, value: T) {
        let waker = {
            let mut state = self.shared.lock().unwrap();
            state.value = Some(value);
            state.waker.take()
        };
        // Wake outside the lock: the woken task may poll the child (and lock) at once.
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

/// A waker that only counts how often it is woken, for polling a join by hand.
#[derive(Default)]
pub struct WakeCounter(AtomicUsize);

impl WakeCounter {
    pub fn get(&self) -> usize {
        // Acquire: pairs with the Release in `wake_by_ref`, so whatever the waking thread did
        // before waking (completing a child) is visible to the test that saw the count.
        self.0.load(Ordering::Acquire)
    }
}

impl Wake for WakeCounter {
    fn wake(self: std::sync::Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &std::sync::Arc<Self>) {
        self.0.fetch_add(1, Ordering::Release);
    }
}

/// A waker that counts its wake-ups, and the counter.
pub fn counting_waker() -> (Waker, std::sync::Arc<WakeCounter>) {
    let counter = std::sync::Arc::new(WakeCounter::default());
    (Waker::from(counter.clone()), counter)
}

/// Polls `future` once with `waker`, as an executor would.
pub fn poll_once<F: Future>(future: Pin<&mut F>, waker: &Waker) -> Poll<F::Output> {
    future.poll(&mut Context::from_waker(waker))
}

/// Runs a future to completion on this thread: poll, and when it says `Pending`, sleep until
/// its waker is called. Under loom this is loom's own `block_on`, which reports a deadlock
/// when nobody will ever wake the task.
pub fn block_on<F: Future>(future: F) -> F::Output {
    #[cfg(loom)]
    return loom::future::block_on(future);
    #[cfg(not(loom))]
    return std_block_on::block_on(future, NEVER_WOKEN_AFTER);
}

/// How long `block_on` waits for a wake-up before it gives up and explains why.
pub const NEVER_WOKEN_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

#[cfg(not(loom))]
mod std_block_on {
    use std::future::Future;
    use std::pin::pin;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::task::{Context, Poll, Wake, Waker};
    use std::thread::{self, Thread};
    use std::time::{Duration, Instant};

    /// Wakes the thread blocked in `block_on`.
    struct ThreadWaker {
        thread: Thread,
        woken: AtomicBool,
    }

    impl Wake for ThreadWaker {
        fn wake(self: Arc<Self>) {
            self.wake_by_ref();
        }

        fn wake_by_ref(self: &Arc<Self>) {
            // Release: what the waker did before waking (e.g. store a child's value) is seen
            // by the poll that follows the Acquire swap below.
            self.woken.store(true, Ordering::Release);
            self.thread.unpark();
        }
    }

    pub fn block_on<F: Future>(future: F, never_woken_after: Duration) -> F::Output {
        let mut future = pin!(future);
        let signal = Arc::new(ThreadWaker {
            thread: thread::current(),
            woken: AtomicBool::new(false),
        });
        let waker = Waker::from(signal.clone());
        let mut cx = Context::from_waker(&waker);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
            // `park` may return spuriously: poll again only after a real wake-up.
            let started = Instant::now();
            while !signal.woken.swap(false, Ordering::Acquire) {
                let waited = started.elapsed();
                assert!(
                    waited < never_woken_after,
                    "never woken: the future returned Pending, then nobody called its waker \
                     for {never_woken_after:?}. Did you pass the context's waker to the \
                     children? Return Pending only while a child is still pending (that child \
                     holds the waker and will call it); once both are done, return Ready."
                );
                thread::park_timeout(never_woken_after - waited);
            }
        }
    }
}
