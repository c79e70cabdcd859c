//! Unit tests: the join's state machine, polled by hand and by a tiny `block_on`.

mod support;

use std::future::Ready;
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;
use std::time::Duration;

use join::{Join, join};
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};
use support::{Countdown, Remote, block_on, counting_waker, poll_once, remote};

/// What the watchdog says when one poll of the join never returns.
const POLL_MUST_RETURN: &str = "one poll of a join whose child is pending (poll must return \
     Pending at once, not loop or wait inside until the child finishes)";

#[test]
fn a_future_does_nothing_until_polled() {
    let (a, a_polls) = Countdown::ready(1);
    let (b, b_polls) = Countdown::ready(2);
    let joined = join(a, b);
    assert_eq!(
        (a_polls.get(), b_polls.get()),
        (0, 0),
        "`join` itself must not poll the children: a future does nothing until it is polled"
    );
    assert_eq!(block_on(joined), (1, 2));
}

#[test]
fn children_ready_at_once_make_the_join_ready_at_the_first_poll() {
    let (a, a_polls) = Countdown::ready("a");
    let (b, b_polls) = Countdown::ready("b");
    let (waker, _) = counting_waker();
    let mut joined = pin!(join(a, b));
    assert_eq!(
        poll_once(joined.as_mut(), &waker),
        Poll::Ready(("a", "b")),
        "both children were ready at their first poll, so the join is ready at its first"
    );
    assert_eq!(
        (a_polls.get(), b_polls.get()),
        (1, 1),
        "each child should be polled exactly once"
    );
}

#[test]
fn first_child_finishing_first_gives_outputs_in_order() {
    let (a, a_polls) = Countdown::after(0, 'a');
    let (b, b_polls) = Countdown::after(3, 'b');
    assert_eq!(
        block_on(join(a, b)),
        ('a', 'b'),
        "the output is (a's output, b's output), whichever finished first"
    );
    assert_eq!(
        a_polls.get(),
        1,
        "the first child finished at its first poll"
    );
    assert_eq!(
        b_polls.get(),
        4,
        "the second child was Pending 3 times, so it is polled 4 times: once per poll of \
         the join (each Pending woke the task once)"
    );
}

#[test]
fn second_child_finishing_first_gives_outputs_in_order() {
    let (a, a_polls) = Countdown::after(3, 'a');
    let (b, b_polls) = Countdown::after(0, 'b');
    assert_eq!(
        block_on(join(a, b)),
        ('a', 'b'),
        "the output is (a's output, b's output), whichever finished first"
    );
    assert_eq!(
        b_polls.get(),
        1,
        "the second child finished at its first poll"
    );
    assert_eq!(a_polls.get(), 4, "the first child was Pending 3 times");
}

#[test]
fn a_finished_child_is_never_polled_again() {
    // The test children panic with a clear message if polled after `Ready`; the counts say
    // the same thing from the outside.
    let (a, a_polls) = Countdown::after(1, 10);
    let (b, b_polls) = Countdown::after(5, 20);
    assert_eq!(block_on(join(a, b)), (10, 20));
    assert_eq!(
        (a_polls.get(), b_polls.get()),
        (2, 6),
        "each child is polled until its Ready and never after: keep finished outputs aside"
    );
}

#[test]
fn both_children_start_at_the_first_poll() {
    let _watchdog = Watchdog::start(POLL_MUST_RETURN, Duration::from_secs(2));
    let (a, _finish_a, _) = remote::<u32>();
    let (b, b_polls) = Countdown::after(1, 2);
    let (waker, _) = counting_waker();
    let mut joined = pin!(join(a, b));
    assert!(poll_once(joined.as_mut(), &waker).is_pending());
    assert_ne!(
        b_polls.get(),
        0,
        "the first child was pending and the join returned without polling the second: poll \
         every unfinished child each time, so both make progress at the same time (waiting for \
         `a` before starting `b` is just `a.await; b.await`, not a join)"
    );
}

#[test]
fn the_join_returns_pending_instead_of_waiting() {
    let _watchdog = Watchdog::start(POLL_MUST_RETURN, Duration::from_secs(2));
    let (a, finish_a, a_polls) = remote::<u32>();
    let (b, _) = Countdown::ready(2);
    // Completes `a` a little later, in case the join waits inside `poll` for it.
    let late = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        finish_a.complete(1);
    });
    let (waker, _) = counting_waker();
    let mut joined = pin!(join(a, b));
    let first = poll_once(joined.as_mut(), &waker);
    let polls_of_a = a_polls.get();
    late.join().expect("the completing thread panicked");
    assert!(
        first.is_pending(),
        "the first child was still pending, yet the first poll of the join returned Ready \
         after polling it {polls_of_a} times: poll must never wait or loop; return Pending and \
         let the child's wake-up bring the task back"
    );
}

#[test]
fn a_child_woken_from_another_thread_wakes_the_outer_task() {
    let _watchdog = Watchdog::start(POLL_MUST_RETURN, Duration::from_secs(2));
    let (a, finish_a, _) = remote();
    let (b, b_polls) = Countdown::ready("b");
    let (waker, wakes) = counting_waker();
    let mut joined = pin!(join(a, b));
    assert!(
        poll_once(joined.as_mut(), &waker).is_pending(),
        "the first child has not finished, so the join must return Pending"
    );
    assert_eq!(
        wakes.get(),
        0,
        "the join woke its own task before returning Pending: that is busy polling, the task \
         spins instead of sleeping. Leave the waking to the child that is still pending"
    );

    std::thread::spawn(move || finish_a.complete("a"))
        .join()
        .expect("the completing thread panicked");
    assert_eq!(
        wakes.get(),
        1,
        "the child was completed and called the waker it was polled with, but the task that \
         polled the join was not woken: give the children the Context you were given (a fresh \
         Context or a no-op waker leaves the task asleep forever)"
    );
    assert_eq!(
        poll_once(joined.as_mut(), &waker),
        Poll::Ready(("a", "b")),
        "both children have finished, so the next poll must be Ready with both outputs \
         (was an output lost when the other child was not ready yet?)"
    );
    assert_eq!(
        b_polls.get(),
        1,
        "the second child finished at its first poll"
    );
}

#[test]
fn children_completed_by_other_threads_finish_the_join() {
    let _watchdog = Watchdog::start(
        "a join of children completed by other threads",
        Duration::from_secs(8),
    );
    let (a, finish_a, a_polls) = remote();
    let (b, finish_b, b_polls) = remote();
    let late_a = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(30));
        finish_a.complete(1u64);
    });
    let late_b = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(10));
        finish_b.complete(2u64);
    });
    assert_eq!(block_on(join(a, b)), (1, 2));
    late_a.join().expect("the completing thread panicked");
    late_b.join().expect("the completing thread panicked");
    // Each child is woken once, so 2 polls each would do; allow some slack, not a loop.
    assert!(
        a_polls.get() <= 10 && b_polls.get() <= 10,
        "each child was woken once, yet polled {} and {} times: the join should return \
         Pending and wait to be woken, not poll in a loop",
        a_polls.get(),
        b_polls.get()
    );
}

#[test]
fn joins_nest() {
    let _watchdog = Watchdog::start("nested joins", Duration::from_secs(8));
    let (a, finish_a, _) = remote();
    let (b, _) = Countdown::after(2, 'b');
    let (c, _) = Countdown::after(1, 'c');
    let late = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(10));
        finish_a.complete('a');
    });
    assert_eq!(
        block_on(join(join(a, b), c)),
        (('a', 'b'), 'c'),
        "an inner join must pass the waker on, so a wake from deep inside reaches the task"
    );
    late.join().expect("the completing thread panicked");
}

#[test]
fn async_blocks_can_be_joined() {
    // An `async` block is a compiler-written state machine, and it is not `Unpin`: it may hold
    // references into itself across an `.await`. So `join` must accept futures that are not
    // `Unpin`, which is why it needs pinning.
    let (a, finish_a, _) = remote::<u32>();
    let first = async move {
        let (x, _) = Countdown::after(1, 20);
        let x = x.await;
        let borrowed = &x; // lives across the next await: this future refers into itself
        let y = a.await;
        *borrowed + y
    };
    let second = async move {
        finish_a.complete(1);
        "second"
    };
    assert_eq!(block_on(join(first, second)), (21, "second"));
}

// Checked when this file compiles: multi-threaded executors move tasks between threads, so a
// join of children that may be sent may be sent too, and a join holding a child that must stay
// on its thread (here one that owns an `Rc`) must not be. (For the `not_impl` line rustc says
// "type annotations needed": the type *does* implement the trait.)
assert_impl_all!(Join<Remote<u32>, Countdown<String>>: Send);
assert_not_impl_any!(Join<Ready<Rc<u8>>, Ready<u8>>: Send); // the `Rc` would change threads
