//! `join`: run two futures at once and wait for both, as a hand-written state machine.
//!
//! RIGHT (fixture): each child is boxed (`Pin<Box<_>>`), so it is pinned on the heap and the
//! join itself never needs pinning: no `unsafe` at all, for one allocation per child.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The future returned by [`join`].
pub struct Join<A: Future, B: Future> {
    /// A child while it runs, pinned in its own box; `None` once it has finished.
    a: Option<Pin<Box<A>>>,
    b: Option<Pin<Box<B>>>,
    /// A finished child's output, kept until the other child is done too.
    a_output: Option<A::Output>,
    b_output: Option<B::Output>,
}

// Nothing in a `Join` is pinned where it lies: the children are pinned inside their boxes,
// which may move freely, and the outputs are never pinned. So moving a `Join` is always fine.
impl<A: Future, B: Future> Unpin for Join<A, B> {}

/// Runs `a` and `b` at the same time; the result is ready when both are, as `(a, b)`.
///
/// Like every future, nothing happens until the result is polled.
pub fn join<A: Future, B: Future>(a: A, b: B) -> Join<A, B> {
    Join {
        a: Some(Box::pin(a)),
        b: Some(Box::pin(b)),
        a_output: None,
        b_output: None,
    }
}

/// Polls `child` if it still runs; once it is ready, keeps its output and drops the child.
fn poll_child<F: Future>(
    child: &mut Option<Pin<Box<F>>>,
    output: &mut Option<F::Output>,
    cx: &mut Context<'_>,
) {
    if let Some(future) = child {
        // Our `cx`: a child that returns `Pending` will wake the task that polled the join.
        if let Poll::Ready(value) = future.as_mut().poll(cx) {
            *output = Some(value);
            *child = None;
        }
    }
}

impl<A: Future, B: Future> Future for Join<A, B> {
    type Output = (A::Output, B::Output);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // `Join` is `Unpin` (above), so the pin lets go of it safely.
        let this = self.get_mut();
        assert!(
            this.a.is_some() || this.a_output.is_some(),
            "a Join was polled again after it returned Ready"
        );
        // Poll both on every poll (each only while it runs), so they make progress together.
        poll_child(&mut this.a, &mut this.a_output, cx);
        poll_child(&mut this.b, &mut this.b_output, cx);
        match (this.a_output.take(), this.b_output.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            // Not both yet: put back what we took. A child that returned `Pending` holds our
            // waker and will call us back.
            (a, b) => {
                (this.a_output, this.b_output) = (a, b);
                Poll::Pending
            }
        }
    }
}
