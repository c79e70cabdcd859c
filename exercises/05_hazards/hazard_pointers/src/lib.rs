//! A lock-free stack whose popped nodes are freed safely, with hazard pointers.
//!
//! - `arena`: the nodes' memory. It detects every use after free: a read of a freed node is a
//!   clear panic, never undefined behaviour.
//! - `hazard`: the hazard pointers (the file you edit): a thread announces the node it is about
//!   to read, and a node is freed only once no announcement names it.
//! - `stack`: a Treiber stack over the arena that uses them.

pub mod arena;
pub mod hazard;
pub mod stack;

pub use arena::{Arena, Ptr};
pub use hazard::{Domain, PARTICIPANTS, Participant};
pub use stack::{Handle, Stack};
