//! Stress test: real threads push and pop on a small stack for a fixed time, under a watchdog.
//! The arena panics on any read of a freed node.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hazard_pointers::{PARTICIPANTS, Stack};
use shim::watchdog::Watchdog;

const CAPACITY: usize = 8;

#[test]
fn every_pushed_value_is_popped_exactly_once() {
    let stack = Arc::new(Stack::with_capacity(CAPACITY));
    let watchdog = Watchdog::start(
        "threads pushing and popping on the stack",
        Duration::from_secs(5),
    );
    let deadline = shim::stress::deadline();
    let workers: Vec<_> = (0..PARTICIPANTS as u64)
        .map(|thread| {
            let (stack, watchdog) = (stack.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let handle = stack.handle();
                let (mut pushed, mut popped) = (Vec::new(), Vec::new());
                let mut round = 0u64;
                while round == 0 || Instant::now() < deadline {
                    // Who pushed it and when: every value is different.
                    let value = thread << 32 | round;
                    if round % 3 != 2 && handle.push(value).is_ok() {
                        pushed.push(value);
                    } else {
                        popped.extend(handle.pop());
                    }
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
        pushed.extend(mine_pushed);
        popped.extend(mine_popped);
    }
    let handle = stack.handle();
    popped.extend(std::iter::from_fn(|| handle.pop()));
    pushed.sort_unstable();
    popped.sort_unstable();
    let twice = popped.windows(2).find(|pair| pair[0] == pair[1]);
    assert!(twice.is_none(), "a value was popped twice: {twice:?}");
    assert!(
        pushed == popped,
        "{} values were pushed and {} popped: a value was lost",
        pushed.len(),
        popped.len()
    );
}
