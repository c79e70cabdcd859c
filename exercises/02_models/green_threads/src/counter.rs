//! A coroutine written by hand as a state machine: an enum whose variants are the places
//! where it can be paused, holding whatever it needs to go on from there.
//!
//! `Counter` is written for you, as an example to copy for `Reader` (`src/reader.rs`).

use crate::{Coroutine, Step};

/// Counts from 1 to `last`, one number per resume, and yields after each number but the last.
pub enum Counter {
    /// Paused before saying `next`.
    Counting {
        name: &'static str,
        next: u32,
        last: u32,
    },
    /// It has said `last`.
    Finished,
}

impl Counter {
    pub fn new(name: &'static str, last: u32) -> Self {
        Counter::Counting {
            name,
            next: 1,
            last,
        }
    }
}

impl Coroutine for Counter {
    fn resume(&mut self) -> Step {
        match *self {
            Counter::Counting { name, next, last } if next < last => {
                // The variable `next` outlives the pause: it lives in the enum, not on a stack.
                *self = Counter::Counting {
                    name,
                    next: next + 1,
                    last,
                };
                Step::Yield(format!("{name} counts {next}"))
            }
            Counter::Counting { name, next, .. } => {
                *self = Counter::Finished;
                Step::Done(format!("{name} counts {next}"))
            }
            Counter::Finished => panic!("a finished Counter was resumed"),
        }
    }
}
