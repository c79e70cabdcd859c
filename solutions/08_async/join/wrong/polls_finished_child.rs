//! WRONG (fixture): polls both children on every poll, even one that has already returned
//! `Ready` (the `Future` contract lets a finished future panic, hang or misbehave).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub struct Join<A: Future, B: Future> {
    a: A,
    b: B,
    a_output: Option<A::Output>,
    b_output: Option<B::Output>,
}

pub fn join<A: Future, B: Future>(a: A, b: B) -> Join<A, B> {
    Join {
        a,
        b,
        a_output: None,
        b_output: None,
    }
}

impl<A: Future, B: Future> Future for Join<A, B> {
    type Output = (A::Output, B::Output);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Safety: the children are never moved out of the pinned `Join`.
        let this = unsafe { self.get_unchecked_mut() };
        let a = unsafe { Pin::new_unchecked(&mut this.a) };
        let b = unsafe { Pin::new_unchecked(&mut this.b) };
        // The bug: no check whether a child already finished before polling it.
        if let Poll::Ready(output) = a.poll(cx) {
            this.a_output = Some(output);
        }
        if let Poll::Ready(output) = b.poll(cx) {
            this.b_output = Some(output);
        }
        if this.a_output.is_some() && this.b_output.is_some() {
            Poll::Ready((this.a_output.take().unwrap(), this.b_output.take().unwrap()))
        } else {
            Poll::Pending
        }
    }
}
