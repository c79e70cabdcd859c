//! A cooperative round-robin scheduler: it switches between coroutines only when one
//! yields or finishes, because it cannot take the CPU away from one.
//!
//! Another correct answer: the coroutines stay where they are in a `Vec` of slots, a cursor
//! goes round it, and a finished coroutine leaves an empty slot behind.

use crate::{Coroutine, Step};

pub fn run(coroutines: Vec<Box<dyn Coroutine>>, budget: usize) -> Vec<String> {
    let mut slots: Vec<Option<Box<dyn Coroutine>>> = coroutines.into_iter().map(Some).collect();
    let mut trace = Vec::new();
    let mut at = 0;
    while trace.len() < budget && slots.iter().any(Option::is_some) {
        let Some(current) = slots[at].as_mut() else {
            at = (at + 1) % slots.len();
            continue;
        };
        let tick = trace.len() + 1;
        match current.resume() {
            // Busy: the cursor stays, so the same coroutine runs again.
            Step::Busy(what) => trace.push(format!("tick {tick}: {what} (keeps the CPU)")),
            Step::Yield(what) => {
                trace.push(format!("tick {tick}: {what} (yields)"));
                at = (at + 1) % slots.len();
            }
            Step::Done(what) => {
                trace.push(format!("tick {tick}: {what} (done)"));
                slots[at] = None;
                at = (at + 1) % slots.len();
            }
        }
    }
    trace
}
