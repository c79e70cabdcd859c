//! `block_on`: run one future to its end on the current thread, sleeping while it waits.
//!
//! This is the smallest executor there is: the bridge from ordinary code into `async` code
//! (`#[tokio::main]` and `futures::executor::block_on` are this, grown up). It polls; when the
//! future says `Pending`, it parks the thread; the future's waker unparks it.

use std::future::Future;
use std::sync::Arc;
use std::task::Wake;

use shim::thread::Thread;

/// The waker `block_on` hands to the future: waking it must get the blocked thread going.
#[allow(dead_code)] // until your code uses it
struct Unparker {
    thread: Thread,
}

impl Wake for Unparker {
    fn wake(self: Arc<Self>) {
        // TODO: get the thread blocked in `block_on` going again.
        todo!("wake the blocked thread")
    }
}

/// Runs `future` to completion on this thread and returns its output.
///
/// Between polls the thread sleeps (parks) until the future's waker is called; it never spins.
pub fn block_on<F: Future>(future: F) -> F::Output {
    // TODO: pin the future (`std::pin::pin!`), build a `Waker` from an `Arc<Unparker>` for this
    // thread (`shim::thread::current()`), and poll in a loop: return on `Ready`, park on
    // `Pending`. Park may return without a wake (a spurious unpark): then just poll again.
    drop(future);
    todo!("poll, park while pending, return the output")
}
