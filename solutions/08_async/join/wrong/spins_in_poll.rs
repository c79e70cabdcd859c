//! WRONG (fixture): loops inside `poll` until both children are done, instead of returning
//! `Pending` and waiting to be woken: it blocks the executor's thread, so nothing else runs.

use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::task::{Context, Poll};

enum MaybeDone<F: Future> {
    Pending(F),
    Done(F::Output),
    Taken,
}

impl<F: Future> MaybeDone<F> {
    fn poll_child(self: Pin<&mut Self>, cx: &mut Context<'_>) -> bool {
        // Safety: the future is polled in place and dropped in place, never moved.
        let this = unsafe { self.get_unchecked_mut() };
        match this {
            MaybeDone::Pending(future) => match unsafe { Pin::new_unchecked(future) }.poll(cx) {
                Poll::Ready(output) => {
                    *this = MaybeDone::Done(output);
                    true
                }
                Poll::Pending => false,
            },
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
        // The bug: "why return Pending if I can just keep trying?"
        loop {
            let a_done = a.as_mut().poll_child(cx);
            let b_done = b.as_mut().poll_child(cx);
            if a_done && b_done {
                return Poll::Ready((a.take_output(), b.take_output()));
            }
            std::hint::spin_loop();
        }
    }
}
