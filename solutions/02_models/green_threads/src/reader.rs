//! `Reader`, a coroutine written by hand as a state machine, the way `Counter`
//! (`src/counter.rs`) is: an enum whose variants are the places where it can be paused.
//!
//! The reference answer: one variant per phase.

use crate::{Coroutine, Step};

/// Opens a file, reads its `lines` lines one per resume, then closes it: a coroutine that
/// goes through different phases, yielding after each step but the last.
///
/// With `Reader::new("R", 2)`, its resumes say, in order:
/// `Yield("R opens the file")`, `Yield("R reads line 1")`, `Yield("R reads line 2")`,
/// `Done("R closes the file")`. With 0 lines it opens, then closes.
pub enum Reader {
    /// Not started: the file is still closed.
    Opening { name: &'static str, lines: u32 },
    /// The file is open; `next` is the line to read at the next resume.
    Reading {
        name: &'static str,
        next: u32,
        lines: u32,
    },
    /// Every line is read: the file is still open.
    Closing { name: &'static str },
    /// The file is closed.
    Finished,
}

impl Reader {
    pub fn new(name: &'static str, lines: u32) -> Self {
        Reader::Opening { name, lines }
    }
}

impl Coroutine for Reader {
    fn resume(&mut self) -> Step {
        // Each arm runs one piece and sets the state the next resume starts from.
        match *self {
            Reader::Opening { name, lines } => {
                *self = if lines == 0 {
                    Reader::Closing { name }
                } else {
                    Reader::Reading {
                        name,
                        next: 1,
                        lines,
                    }
                };
                Step::Yield(format!("{name} opens the file"))
            }
            Reader::Reading { name, next, lines } => {
                *self = if next == lines {
                    Reader::Closing { name }
                } else {
                    Reader::Reading {
                        name,
                        next: next + 1,
                        lines,
                    }
                };
                Step::Yield(format!("{name} reads line {next}"))
            }
            Reader::Closing { name } => {
                *self = Reader::Finished;
                Step::Done(format!("{name} closes the file"))
            }
            Reader::Finished => panic!("a finished Reader was resumed"),
        }
    }
}
