//! Test support for `timer_future`: a waker that counts, and a `block_on` that sleeps until
//! woken (loom's own under `--cfg loom`, which reports a deadlock when nobody wakes the task).
#![allow(dead_code)] // each test file uses part of this module

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Wake, Waker};
use std::time::Duration;

/// Counts how often it is woken.
#[derive(Default)]
pub struct WakeCount(AtomicUsize);

impl WakeCount {
    pub fn get(&self) -> usize {
        // Acquire: pairs with the Release in `wake_by_ref`, so the firing is seen too.
        self.0.load(Ordering::Acquire)
    }
}

impl Wake for WakeCount {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::Release);
    }
}

/// A waker that counts its wake-ups, and the counter.
pub fn counting_waker() -> (Waker, Arc<WakeCount>) {
    let count = Arc::new(WakeCount::default());
    (Waker::from(count.clone()), count)
}

/// How long the std `block_on` waits for a wake-up before it says the wake-up was lost.
pub const NEVER_WOKEN_AFTER: Duration = Duration::from_secs(3);

/// Runs `future` to its end on this thread, sleeping between polls until woken.
pub fn block_on<F: Future>(future: F) -> F::Output {
    #[cfg(loom)]
    return loom::future::block_on(future);
    #[cfg(not(loom))]
    return std_block_on(future);
}

#[cfg(not(loom))]
fn std_block_on<F: Future>(future: F) -> F::Output {
    use std::task::{Context, Poll};
    use std::time::Instant;

    /// Unparks the blocked thread and leaves a mark, so a spurious unpark is told apart.
    struct Unpark(std::thread::Thread, std::sync::atomic::AtomicBool);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            // Release: the firing before the wake is seen after the Acquire swap below.
            self.1.store(true, Ordering::Release);
            self.0.unpark();
        }
    }

    let mut future = std::pin::pin!(future);
    let unpark = Arc::new(Unpark(std::thread::current(), false.into()));
    let waker = Waker::from(unpark.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        let started = Instant::now();
        while !unpark.1.swap(false, Ordering::Acquire) {
            let waited = started.elapsed();
            assert!(
                waited < NEVER_WOKEN_AFTER,
                "never woken: the timer returned Pending and then nobody called its waker for \
                 {NEVER_WOKEN_AFTER:?}. A lost wake-up: store the waker first, then check the \
                 flag again."
            );
            std::thread::park_timeout(NEVER_WOKEN_AFTER - waited);
        }
    }
}
