//! Stress test: real threads push and pop on a small arena for a fixed time, under a watchdog.
//!
//! The arena is tiny, so nodes go round the free list and back onto the stack all the time,
//! which is where ABA lives. Real hardware rarely pauses a thread at the one bad instant, so
//! this test is mostly about progress; the loom models are what prove the tag is needed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use shim::watchdog::Watchdog;
use treiber_stack::Stack;

const CAPACITY: usize = 4;

#[test]
fn every_pushed_value_is_popped_exactly_once() {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(2)
        * 2;
    let stack = Arc::new(Stack::with_capacity(CAPACITY));
    let watchdog = Watchdog::start(
        "threads pushing and popping on the stack",
        Duration::from_secs(5),
    );
    let deadline = shim::stress::deadline();
    let workers: Vec<_> = (0..threads)
        .map(|thread| {
            let (stack, watchdog) = (stack.clone(), watchdog.handle());
            std::thread::spawn(move || {
                // `pushed[round]`: whether this thread's push in that round succeeded.
                let (mut pushed, mut popped) = (Vec::new(), Vec::new());
                let mut round = 0;
                while Instant::now() < deadline {
                    // Two pushes for every pop keeps the arena near full; pop when it is.
                    let mut pushed_now = false;
                    if round % 3 != 2 {
                        pushed_now = stack.push(Value { thread, round }).is_ok();
                    }
                    if !pushed_now && let Some(value) = stack.pop() {
                        popped.push(value);
                    }
                    pushed.push(pushed_now);
                    round += 1;
                    watchdog.progress();
                }
                (pushed, popped)
            })
        })
        .collect();
    let (mut pushed, mut popped) = (Vec::new(), Vec::new());
    for worker in workers {
        let (mine_pushed, mine_popped) = worker.join().expect("a worker panicked");
        pushed.push(mine_pushed);
        popped.extend(mine_popped);
    }
    for _ in 0..=CAPACITY {
        popped.extend(stack.pop());
    }
    assert!(
        stack.pop().is_none(),
        "the stack gave more values than its {CAPACITY} nodes can hold: its links form a cycle"
    );

    // Count how often each value came back (no sorting: there are millions of them).
    let mut times_popped: Vec<Vec<u8>> = pushed.iter().map(|p| vec![0; p.len()]).collect();
    for Value { thread, round } in popped {
        assert!(
            pushed[thread].get(round) == Some(&true),
            "thread {thread}'s value of round {round} was popped but never pushed: \
             a node's value was overwritten while it was in use"
        );
        times_popped[thread][round] += 1;
        assert!(
            times_popped[thread][round] == 1,
            "thread {thread}'s value of round {round} was popped twice: \
             one node was handed out to two threads (ABA)"
        );
    }
    let mut successful_pushes = 0;
    for (thread, rounds) in pushed.iter().enumerate() {
        for (round, &was_pushed) in rounds.iter().enumerate() {
            successful_pushes += usize::from(was_pushed);
            assert!(
                !was_pushed || times_popped[thread][round] == 1,
                "thread {thread}'s value of round {round} was pushed but never popped: \
                 a value was lost (ABA)"
            );
        }
    }
    assert!(successful_pushes > 0, "no push succeeded at all");
}

/// A value no other push uses: who pushed it, and in which round.
struct Value {
    thread: usize,
    round: usize,
}
