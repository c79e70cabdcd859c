//! `Reader`, a coroutine written by hand as a state machine, the way `Counter`
//! (`src/counter.rs`) is: an enum whose variants are the places where it can be paused.

use crate::{Coroutine, Step};

/// Opens a file, reads its `lines` lines one per resume, then closes it: a coroutine that
/// goes through different phases, yielding after each step but the last.
///
/// With `Reader::new("R", 2)`, its resumes say, in order:
/// `Yield("R opens the file")`, `Yield("R reads line 1")`, `Yield("R reads line 2")`,
/// `Done("R closes the file")`. With 0 lines it opens, then closes.
pub enum Reader {
    // TODO: one variant per place where the reader can be paused, each holding what the
    // reader needs from there on (a `Finished` variant too).
    Todo { name: &'static str, lines: u32 },
}

impl Reader {
    pub fn new(name: &'static str, lines: u32) -> Self {
        Reader::Todo { name, lines }
    }
}

impl Coroutine for Reader {
    fn resume(&mut self) -> Step {
        todo!("write Reader's resume: open, read each line, close (see the README)")
    }
}
