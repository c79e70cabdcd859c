//! `join`: run two futures at once and wait for both, as a hand-written state machine.
//!
//! RIGHT (fixture): each child is an `Option` (dropped in place when it finishes) beside an
//! `Option` for its output, instead of one three-state enum per child.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The future returned by [`join`].
pub struct Join<A: Future, B: Future> {
    /// A child while it runs; `None` once it has finished.
    a: Option<A>,
    b: Option<B>,
    /// A finished child's output, kept until the other child is done too.
    a_output: Option<A::Output>,
    b_output: Option<B::Output>,
}

/// Runs `a` and `b` at the same time; the result is ready when both are, as `(a, b)`.
///
/// Like every future, nothing happens until the result is polled.
pub fn join<A: Future, B: Future>(a: A, b: B) -> Join<A, B> {
    Join {
        a: Some(a),
        b: Some(b),
        a_output: None,
        b_output: None,
    }
}

/// Polls `child` if it still runs; once it is ready, keeps its output and drops it in place.
fn poll_child<F: Future>(
    mut child: Pin<&mut Option<F>>,
    output: &mut Option<F::Output>,
    cx: &mut Context<'_>,
) {
    // `as_pin_mut` and `set` are the safe ways through a pinned `Option`: the first reaches the
    // future without moving it, the second drops it where it lies.
    if let Some(future) = child.as_mut().as_pin_mut() {
        // Our `cx`: a child that returns `Pending` will wake the task that polled the join.
        if let Poll::Ready(value) = future.poll(cx) {
            *output = Some(value);
            child.set(None);
        }
    }
}

impl<A: Future, B: Future> Future for Join<A, B> {
    type Output = (A::Output, B::Output);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Safety: the children are pinned with the join (structural pinning): they are never
        // moved out, only dropped in place (`Pin::set`), `Join` has no `Drop` impl, and it is
        // `Unpin` only when they are. The outputs are never pinned, so they may move.
        let this = unsafe { self.get_unchecked_mut() };
        assert!(
            this.a.is_some() || this.a_output.is_some(),
            "a Join was polled again after it returned Ready"
        );
        // Poll both on every poll (each only while it runs), so they make progress together.
        poll_child(unsafe { Pin::new_unchecked(&mut this.a) }, &mut this.a_output, cx);
        poll_child(unsafe { Pin::new_unchecked(&mut this.b) }, &mut this.b_output, cx);
        if this.a_output.is_some() && this.b_output.is_some() {
            Poll::Ready((this.a_output.take().unwrap(), this.b_output.take().unwrap()))
        } else {
            // A child returned `Pending` and holds our waker: it will call us back.
            Poll::Pending
        }
    }
}
