//! A cooperative round-robin scheduler: it switches between coroutines only when one
//! yields or finishes, because it cannot take the CPU away from one.

use crate::{Coroutine, Step};

/// Runs `coroutines` in turn, at most `budget` resumes in all, and returns the trace: one
/// line per resume, `"tick {n}: {what it said} ({yields|keeps the CPU|done})"`, from tick 1.
///
/// Round robin: the first coroutine in the list runs first; one that yields goes to the back
/// of the line; one that is busy is resumed again at once; one that is done leaves the line.
/// The run ends when every coroutine is done, or after `budget` resumes.
pub fn run(coroutines: Vec<Box<dyn Coroutine>>, budget: usize) -> Vec<String> {
    // TODO: this runs each coroutine to its end before it starts the next, as if nobody ever
    // yielded. Take turns instead.
    let mut trace = Vec::new();
    for mut coroutine in coroutines {
        loop {
            if trace.len() == budget {
                return trace;
            }
            let tick = trace.len() + 1;
            match coroutine.resume() {
                Step::Yield(what) => trace.push(format!("tick {tick}: {what} (yields)")),
                Step::Busy(what) => trace.push(format!("tick {tick}: {what} (keeps the CPU)")),
                Step::Done(what) => {
                    trace.push(format!("tick {tick}: {what} (done)"));
                    break;
                }
            }
        }
    }
    trace
}
