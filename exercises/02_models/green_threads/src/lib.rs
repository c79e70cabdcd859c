//! Green threads without threads: coroutines written as state machines, and a cooperative
//! scheduler that takes turns between them.
//!
//! A coroutine here is a value with a `resume` method: each call runs it up to its next
//! pause and reports what it did. `counter` holds one written by hand as an enum, an example;
//! `reader` (yours) another; `scheduler` (yours) runs several in turn on this one thread. Nothing sleeps and
//! nothing is random: a run always gives the same trace.

pub mod counter;
pub mod reader;
pub mod scheduler;

pub use counter::Counter;
pub use reader::Reader;
pub use scheduler::run;

/// What a coroutine did in one `resume`, and what it wants next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// It did something, and gives the CPU back: the others may run before it goes on.
    Yield(String),
    /// It did something, and goes on without giving the CPU back: it has not yielded.
    Busy(String),
    /// It did its last thing and has finished: it must not be resumed again.
    Done(String),
}

/// A coroutine: code that runs in pieces, one piece per `resume`, and keeps its place (and
/// its local variables) in between.
pub trait Coroutine {
    /// Runs the coroutine up to its next pause.
    fn resume(&mut self) -> Step;
}
