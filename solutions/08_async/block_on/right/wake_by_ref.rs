//! `block_on`: run one future to its end on the current thread, sleeping while it waits.
//!
//! This is the smallest executor there is: the bridge from ordinary code into `async` code
//! (`#[tokio::main]` and `futures::executor::block_on` are this, grown up). It polls; when the
//! future says `Pending`, it parks the thread; the future's waker unparks it.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use shim::thread::{self, Thread};

/// The waker `block_on` hands to the future: waking it must get the blocked thread going.
struct Unparker {
    thread: Thread,
}

impl Wake for Unparker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    // Futures often wake by reference: no `Arc` clone or drop for that.
    fn wake_by_ref(self: &Arc<Self>) {
        // Leaves park's token if the thread is not parked yet: a wake before the park is kept.
        self.thread.unpark();
    }
}

/// Runs `future` to completion on this thread and returns its output.
///
/// Between polls the thread sleeps (parks) until the future's waker is called; it never spins.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(Unparker {
        thread: thread::current(),
    }));
    let mut cx = Context::from_waker(&waker);
    let output = loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            break output;
        }
        // A wake since the poll left the token (park returns at once); a spurious return
        // just means one more poll.
        thread::park();
    };
    output
}
