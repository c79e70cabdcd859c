//! `join`: run two futures at once and wait for both, as a hand-written state machine.
//!
//! Reference solution.

use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Where one child of a [`Join`] is in its life.
enum MaybeDone<F: Future> {
    /// Still running: poll it when the join is polled.
    Pending(F),
    /// Finished: its output waits here for the other child. Never polled again.
    Done(F::Output),
    /// The output went to the caller with the join's `Ready`.
    Taken,
}

impl<F: Future> MaybeDone<F> {
    /// Polls the child if it is still running. Returns `true` once it has finished.
    fn poll_child(self: Pin<&mut Self>, cx: &mut Context<'_>) -> bool {
        // Safety: we never move the future out of `self`: it is polled where it lies and,
        // once it has finished, dropped in place by the assignment below.
        let this = unsafe { self.get_unchecked_mut() };
        match this {
            MaybeDone::Pending(future) => {
                // Safety: `future` lives inside the pinned `MaybeDone` and is never moved
                // (see above), so it stays pinned for as long as it exists.
                let future = unsafe { Pin::new_unchecked(future) };
                // The child gets *our* context: if it returns `Pending`, it will wake the
                // task that polled the join, and that task will poll the join again.
                match future.poll(cx) {
                    Poll::Ready(output) => {
                        *this = MaybeDone::Done(output);
                        true
                    }
                    Poll::Pending => false,
                }
            }
            MaybeDone::Done(_) => true,
            MaybeDone::Taken => panic!("a Join was polled again after it returned Ready"),
        }
    }

    /// Moves the output out, leaving `Taken`. Call only once the child is done.
    fn take_output(self: Pin<&mut Self>) -> F::Output {
        // Safety: we move out only in the `Done` state, and the output was never pinned:
        // `Join` pins its children's futures, not their outputs.
        let this = unsafe { self.get_unchecked_mut() };
        assert!(
            matches!(this, MaybeDone::Done(_)),
            "take_output is called only once a child is done"
        );
        match mem::replace(this, MaybeDone::Taken) {
            MaybeDone::Done(output) => output,
            _ => unreachable!(),
        }
    }
}

/// The future returned by [`join`].
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
        // Safety: pinning a `Join` pins both of its children (structural pinning). That is
        // sound because `Join` never moves a child out (only finished outputs leave), has no
        // `Drop` impl, and is `Unpin` only when its children are.
        let this = unsafe { self.get_unchecked_mut() };
        let mut a = unsafe { Pin::new_unchecked(&mut this.a) };
        let mut b = unsafe { Pin::new_unchecked(&mut this.b) };

        // Poll both every time (each only while it is still running): stopping at a pending
        // `a` would leave `b` waiting until `a` finishes, which runs them one after the other.
        let a_done = a.as_mut().poll_child(cx);
        let b_done = b.as_mut().poll_child(cx);
        if a_done && b_done {
            Poll::Ready((a.take_output(), b.take_output()))
        } else {
            // At least one child returned `Pending` and holds our waker: it will call us back.
            Poll::Pending
        }
    }
}
