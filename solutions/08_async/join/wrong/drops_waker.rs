//! WRONG (fixture): polls the children with a fresh `Context` around a no-op waker, so a
//! child's wake-up never reaches the task that polled the join: it sleeps forever.

use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

enum MaybeDone<F: Future> {
    Pending(F),
    Done(F::Output),
    Taken,
}

impl<F: Future> MaybeDone<F> {
    fn poll_child(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> bool {
        // Safety: the future is polled in place and dropped in place, never moved.
        let this = unsafe { self.get_unchecked_mut() };
        match this {
            MaybeDone::Pending(future) => {
                // The bug: "the child does not need our context, any context will do".
                let mut own_cx = Context::from_waker(Waker::noop());
                match unsafe { Pin::new_unchecked(future) }.poll(&mut own_cx) {
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

    fn take_output(self: Pin<&mut Self>) -> F::Output {
        // Safety: only called in `Done`; outputs are never pinned.
        match mem::replace(unsafe { self.get_unchecked_mut() }, MaybeDone::Taken) {
            MaybeDone::Done(output) => output,
            _ => unreachable!(),
        }
    }
}

pub struct Join<A: Future, B: Future> {
    a: MaybeDone<A>,
    b: MaybeDone<B>,
}

pub fn join<A: Future, B: Future>(a: A, b: B) -> Join<A, B> {
    Join {
        a: MaybeDone::Pending(a),
        b: MaybeDone::Pending(b),
    }
}

impl<A: Future, B: Future> Future for Join<A, B> {
    type Output = (A::Output, B::Output);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Safety: structural pinning; the children are never moved out.
        let this = unsafe { self.get_unchecked_mut() };
        let mut a = unsafe { Pin::new_unchecked(&mut this.a) };
        let mut b = unsafe { Pin::new_unchecked(&mut this.b) };
        let a_done = a.as_mut().poll_child(cx);
        let b_done = b.as_mut().poll_child(cx);
        if a_done && b_done {
            Poll::Ready((a.take_output(), b.take_output()))
        } else {
            Poll::Pending
        }
    }
}
