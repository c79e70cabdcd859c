//! `Reader`, a coroutine written by hand as a state machine, the way `Counter`
//! (`src/counter.rs`) is: an enum whose variants are the places where it can be paused.
//!
//! Another correct answer: one variant that counts the steps, not one variant per phase.

use crate::{Coroutine, Step};

/// Opens a file, reads its `lines` lines one per resume, then closes it.
pub enum Reader {
    /// Paused before step `step`: 0 opens, 1..=lines read line `step`, lines + 1 closes.
    At {
        name: &'static str,
        step: u32,
        lines: u32,
    },
    Finished,
}

impl Reader {
    pub fn new(name: &'static str, lines: u32) -> Self {
        Reader::At {
            name,
            step: 0,
            lines,
        }
    }
}

impl Coroutine for Reader {
    fn resume(&mut self) -> Step {
        let Reader::At { name, step, lines } = *self else {
            panic!("a finished Reader was resumed");
        };
        if step > lines {
            *self = Reader::Finished;
            return Step::Done(format!("{name} closes the file"));
        }
        *self = Reader::At {
            name,
            step: step + 1,
            lines,
        };
        if step == 0 {
            Step::Yield(format!("{name} opens the file"))
        } else {
            Step::Yield(format!("{name} reads line {step}"))
        }
    }
}
