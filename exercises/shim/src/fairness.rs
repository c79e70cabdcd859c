//! What each thread of a loom execution is spinning on, so loom can be fair to spinners.
//!
//! Real hardware makes every store visible to every thread in a finite time (C++ and Rust
//! promise it: [intro.progress], "within a reasonable amount of time"). Loom does not: a thread
//! spinning on a flag may go on reading a stale value in every execution loom tries, so it
//! reports "maximum number of branches" for a correct test-and-test-and-set lock. This module
//! records, per loom thread, which atomic a thread re-reads between spin hints; once it has
//! spun on one atomic [`SPINS_BEFORE_FAIR`] times in an execution, its loads of *that* atomic
//! read the newest value (see `atomic.rs`). `checker/DESIGN.md` argues why no real bug hides in
//! the executions this stops exploring.
//!
//! It also notices a thread that keeps using atomics without ever calling a spin hint: loom
//! then runs out of branches, and the checker says which line spins without a hint instead
//! of calling a missing hint a model-checker limit.

use std::cell::RefCell;
use std::panic::Location;
use std::sync::atomic::{AtomicBool, Ordering};

/// Spins on one atomic, in one execution, after which the thread's loads of it read the newest
/// value. Before that, loom explores every value each load may read: that is where ordering
/// bugs show (a stale read of the data right after the flag), so these spins keep full
/// freedom.
pub const SPINS_BEFORE_FAIR: usize = 2;

/// Atomic operations in a row without a spin hint or a yield after which a thread is
/// reported as spinning without a hint (loom's branch limit is 1 000 steps of one execution:
/// a thread that goes this far without yielding is what exhausts it).
const UNHINTED_OPERATIONS: usize = 200;

/// Spins of one thread in one execution after which it is reported as spinning forever. Once
/// its loads read the newest value and every spin lets the other threads run, a thread that
/// still spins this often is waiting for a value that no other thread will ever write.
const SPINS_FOREVER: usize = 100;

/// The line prefix with which the shim names a spin loop that has no spin hint.
pub const NO_SPIN_HINT_MARKER: &str = "threadlings-spin-without-hint:";

/// The line prefix with which the shim names a spin loop that waits for ever.
pub const SPINNING_FOREVER_MARKER: &str = "threadlings-spinning-forever:";

#[derive(Default)]
struct Spinning {
    /// The atomic (by address) this thread used last: what a spin hint now is spinning on.
    last_used: Option<usize>,
    /// Per atomic used in this execution (a model has a handful: a list will do).
    atomics: Vec<Seen>,
    /// Spins of this thread in this execution, on anything.
    total_spins: usize,
    /// Atomic operations since this thread's last spin hint or yield.
    unhinted: usize,
}

/// What one thread knows of one atomic.
struct Seen {
    address: usize,
    spins: usize,
    /// The value this thread's last load of it returned, as loom stores it (a `u64`).
    last_value: Option<u64>,
}

loom::thread_local! {
    static SPINNING: RefCell<Spinning> = RefCell::new(Spinning::default());
}

/// Each reported at most once per process: one line is enough to name the loop.
static REPORTED_NO_HINT: AtomicBool = AtomicBool::new(false);
static REPORTED_SPINNING_FOREVER: AtomicBool = AtomicBool::new(false);

impl Spinning {
    fn seen(&mut self, address: usize) -> &mut Seen {
        match self.atomics.iter().position(|seen| seen.address == address) {
            Some(index) => &mut self.atomics[index],
            None => {
                self.atomics.push(Seen {
                    address,
                    spins: 0,
                    last_value: None,
                });
                self.atomics.last_mut().expect("just pushed")
            }
        }
    }
}

/// Called by every operation on a shim atomic at `address`; `location` is the learner's line.
pub(crate) fn note_operation(address: usize, location: &'static Location<'static>) {
    let unhinted = SPINNING.with(|spinning| {
        let mut spinning = spinning.borrow_mut();
        spinning.last_used = Some(address);
        spinning.unhinted += 1;
        spinning.unhinted
    });
    if unhinted == UNHINTED_OPERATIONS && !REPORTED_NO_HINT.swap(true, Ordering::Relaxed) {
        // Printed, not panicked: a long loop is not wrong by itself. The checker uses this line
        // only when loom then runs out of branches.
        eprintln!(
            "{NO_SPIN_HINT_MARKER} {}:{} made {UNHINTED_OPERATIONS} atomic operations in a \
             row without a spin hint",
            location.file(),
            location.line()
        );
    }
}

/// Called before a load of the atomic at `address`. `Some(last)`: this thread has spun on
/// this atomic long enough that the load must read the newest value; `last` is what its
/// previous load returned.
pub(crate) fn load_must_read_newest(address: usize) -> Option<u64> {
    SPINNING.with(|spinning| {
        let mut spinning = spinning.borrow_mut();
        let seen = spinning.seen(address);
        if seen.spins >= SPINS_BEFORE_FAIR {
            seen.last_value
        } else {
            None
        }
    })
}

/// Called after a load of the atomic at `address` returned `value`.
pub(crate) fn note_loaded(address: usize, value: u64) {
    SPINNING.with(|spinning| spinning.borrow_mut().seen(address).last_value = Some(value));
}

/// Called by a spin hint at `location`: the thread spins on the atomic it used last. Returns
/// how many times this thread has spun in this execution.
pub(crate) fn note_spin(location: &'static Location<'static>) -> usize {
    let total_spins = SPINNING.with(|spinning| {
        let mut spinning = spinning.borrow_mut();
        spinning.unhinted = 0;
        spinning.total_spins += 1;
        if let Some(address) = spinning.last_used {
            spinning.seen(address).spins += 1;
        }
        spinning.total_spins
    });
    if total_spins == SPINS_FOREVER && !REPORTED_SPINNING_FOREVER.swap(true, Ordering::Relaxed) {
        // As above: the checker uses this line only when loom then runs out of branches.
        eprintln!(
            "{SPINNING_FOREVER_MARKER} {}:{} spun {SPINS_FOREVER} times in one execution",
            location.file(),
            location.line()
        );
    }
    total_spins
}

/// Called by a yield: the thread lets others run, so it is not spinning without a hint.
pub(crate) fn note_yield() {
    SPINNING.with(|spinning| spinning.borrow_mut().unhinted = 0);
}
