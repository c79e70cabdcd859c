//! `block_on`: run one future to its end on the current thread, sleeping while it waits.
//!
//! This is the smallest executor there is: the bridge from ordinary code into `async` code
//! (`#[tokio::main]` and `futures::executor::block_on` are this, grown up). It polls; when the
//! future says `Pending`, it parks the thread; the future's waker unparks it.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use shim::sync::atomic::{AtomicBool, Ordering};
use shim::thread::{self, Thread};

/// The waker `block_on` hands to the future: waking it must get the blocked thread going.
struct Unparker {
    thread: Thread,
    woken: AtomicBool,
}

impl Wake for Unparker {
    fn wake(self: Arc<Self>) {
        // Release: pairs with the Acquire swap in `block_on`.
        self.woken.swap(true, Ordering::Release);
        self.thread.unpark();
    }
}

/// Runs `future` to completion on this thread and returns its output.
///
/// Between polls the thread sleeps (parks) until the future's waker is called; it never spins.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let unparker = Arc::new(Unparker {
        thread: thread::current(),
        woken: AtomicBool::new(false),
    });
    let waker = Waker::from(unparker.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            // Poll again only after a real wake: a spurious unpark parks again at once.
            // Acquire: pairs with the Release in `wake`.
            Poll::Pending => {
                while !unparker.woken.swap(false, Ordering::Acquire) {
                    thread::park();
                }
            }
        }
    }
}
