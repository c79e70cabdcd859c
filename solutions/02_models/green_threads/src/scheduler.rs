//! A cooperative round-robin scheduler: it switches between coroutines only when one
//! yields or finishes, because it cannot take the CPU away from one.

use std::collections::VecDeque;

use crate::{Coroutine, Step};

/// Runs `coroutines` in turn, at most `budget` resumes in all, and returns the trace: one
/// line per resume, `"tick {n}: {what it said} ({yields|keeps the CPU|done})"`, from tick 1.
///
/// Round robin: the first coroutine in the list runs first; one that yields goes to the back
/// of the line; one that is busy is resumed again at once; one that is done leaves the line.
/// The run ends when every coroutine is done, or after `budget` resumes.
pub fn run(coroutines: Vec<Box<dyn Coroutine>>, budget: usize) -> Vec<String> {
    let mut line: VecDeque<Box<dyn Coroutine>> = coroutines.into();
    let mut trace = Vec::new();
    while trace.len() < budget {
        let Some(mut current) = line.pop_front() else {
            break; // everybody is done
        };
        let tick = trace.len() + 1;
        match current.resume() {
            Step::Yield(what) => {
                trace.push(format!("tick {tick}: {what} (yields)"));
                line.push_back(current);
            }
            Step::Busy(what) => {
                // Cooperative: only the coroutine itself can give the CPU up.
                trace.push(format!("tick {tick}: {what} (keeps the CPU)"));
                line.push_front(current);
            }
            Step::Done(what) => trace.push(format!("tick {tick}: {what} (done)")),
        }
    }
    trace
}
