//! Unit tests: the timer polled by hand with counting wakers, and run by a small `block_on`.

mod support;

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll};
use std::time::Duration;

use support::{block_on, counting_waker};
use timer_future::{sleep, timer};

#[test]
fn a_timer_nobody_fired_is_pending_and_one_fired_before_the_poll_is_ready() {
    let (waker, wakes) = counting_waker();
    let mut cx = Context::from_waker(&waker);
    let (pending, fire) = timer();
    let mut pending = pin!(pending);
    assert_eq!(
        pending.as_mut().poll(&mut cx),
        Poll::Pending,
        "nobody fired the timer yet"
    );
    assert_eq!(
        pending.as_mut().poll(&mut cx),
        Poll::Pending,
        "still nobody fired it"
    );
    assert_eq!(
        wakes.get(),
        0,
        "a Pending timer must not wake its task by itself"
    );
    fire.fire();
    assert_eq!(
        pending.as_mut().poll(&mut cx),
        Poll::Ready(()),
        "the timer was fired"
    );

    let (ready, fire) = timer();
    fire.fire();
    assert_eq!(
        pin!(ready).poll(&mut cx),
        Poll::Ready(()),
        "fired before its first poll"
    );
}

#[test]
fn firing_wakes_the_waker_of_the_pending_poll_once() {
    let (waker, wakes) = counting_waker();
    let (pending, fire) = timer();
    let mut pending = pin!(pending);
    assert_eq!(
        pending.as_mut().poll(&mut Context::from_waker(&waker)),
        Poll::Pending
    );
    fire.fire();
    assert_eq!(
        wakes.get(),
        1,
        "fire must wake the task that got Pending, once"
    );
    assert_eq!(
        pending.poll(&mut Context::from_waker(&waker)),
        Poll::Ready(())
    );
}

#[test]
fn firing_wakes_the_waker_of_the_latest_poll() {
    // A task may move to another executor thread between polls, with a new waker: the old one
    // then wakes nobody useful. The timer must keep the waker of the *latest* poll.
    let (first, first_wakes) = counting_waker();
    let (latest, latest_wakes) = counting_waker();
    let (pending, fire) = timer();
    let mut pending = pin!(pending);
    assert_eq!(
        pending.as_mut().poll(&mut Context::from_waker(&first)),
        Poll::Pending
    );
    assert_eq!(
        pending.as_mut().poll(&mut Context::from_waker(&latest)),
        Poll::Pending
    );
    fire.fire();
    assert_eq!(
        latest_wakes.get(),
        1,
        "fire must wake the waker of the latest poll (replace the stored waker on every poll)"
    );
    assert_eq!(
        first_wakes.get(),
        0,
        "the old waker must not be woken instead"
    );
}

#[test]
fn a_timer_fired_by_another_thread_finishes_block_on() {
    for _ in 0..20 {
        let (pending, fire) = timer();
        let firing = std::thread::spawn(move || fire.fire());
        block_on(pending);
        firing.join().unwrap();
    }
}

#[test]
fn sleep_finishes_after_its_duration_inside_an_async_block() {
    let started = std::time::Instant::now();
    let slept = block_on(async {
        sleep(Duration::from_millis(20)).await;
        sleep(Duration::from_millis(10)).await;
        started.elapsed()
    });
    assert!(slept >= Duration::from_millis(30), "slept only {slept:?}");
}
