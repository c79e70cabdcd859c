//! `join`: run two futures at once and wait for both, as a hand-written state machine.
//!
//! An `async fn` is compiled into a state machine like the one you write here: `poll` runs it
//! until it would have to wait, then returns `Poll::Pending` and keeps its place. Nothing runs
//! until someone polls, and `Pending` is a promise that the waker in the `Context` will be
//! called when polling again can make progress.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Where one child of a [`Join`] is in its life. You may change this freely (or use
/// `Option`s instead): only `join`, `Join` and its `Future` impl are the fixed interface.
#[allow(dead_code)] // until your `poll` uses every state
enum MaybeDone<F: Future> {
    /// Still running: poll it when the join is polled.
    Pending(F),
    /// Finished: its output waits here for the other child. Never poll it again.
    Done(F::Output),
    /// The output went to the caller with the join's `Ready`.
    Taken,
}

/// The future returned by [`join`].
#[allow(dead_code)] // until your `poll` reads the children
pub struct Join<A: Future, B: Future> {
    a: MaybeDone<A>,
    b: MaybeDone<B>,
}

/// Runs `a` and `b` at the same time; the result is ready when both are, as `(a, b)`.
///
/// Like every future, nothing happens until the result is polled.
pub fn join<A: Future, B: Future>(a: A, b: B) -> Join<A, B> {
    Join {
        a: MaybeDone::Pending(a),
        b: MaybeDone::Pending(b),
    }
}

impl<A: Future, B: Future> Future for Join<A, B> {
    type Output = (A::Output, B::Output);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // TODO: poll each child that is still `Pending`, passing it `cx` (its waker is how a
        // child tells this task to poll again). When a child returns `Ready`, keep its output
        // and never poll it again. Return `Ready((a_output, b_output))` once both are done,
        // `Pending` while either is still running.
        //
        // Pinning: `self` is pinned, so its children must not move. Reaching them needs
        // `unsafe` (`Pin::get_unchecked_mut`, `Pin::new_unchecked` or `map_unchecked_mut`);
        // write a `// Safety:` comment saying why nothing pinned is ever moved.
        let _ = (self, cx);
        todo!("poll the children of the join")
    }
}
