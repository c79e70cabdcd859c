//! WRONG (fixture): takes both stored outputs on every poll to see whether both are there,
//! so an output that arrives before the other one is dropped, and the join never finishes.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub struct Join<A: Future, B: Future> {
    a: Option<A>,
    b: Option<B>,
    a_output: Option<A::Output>,
    b_output: Option<B::Output>,
}

pub fn join<A: Future, B: Future>(a: A, b: B) -> Join<A, B> {
    Join {
        a: Some(a),
        b: Some(b),
        a_output: None,
        b_output: None,
    }
}

impl<A: Future, B: Future> Future for Join<A, B> {
    type Output = (A::Output, B::Output);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Safety: a child is polled in place and dropped in place (`set(None)`), never moved.
        let this = unsafe { self.get_unchecked_mut() };
        if let Some(a) = this.a.as_mut() {
            if let Poll::Ready(output) = unsafe { Pin::new_unchecked(a) }.poll(cx) {
                this.a_output = Some(output);
                this.a = None;
            }
        }
        if let Some(b) = this.b.as_mut() {
            if let Poll::Ready(output) = unsafe { Pin::new_unchecked(b) }.poll(cx) {
                this.b_output = Some(output);
                this.b = None;
            }
        }
        // The bug: `take()` empties both slots even when only one of them is full.
        match (this.a_output.take(), this.b_output.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            _ => Poll::Pending,
        }
    }
}
