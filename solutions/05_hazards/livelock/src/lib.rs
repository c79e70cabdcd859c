//! Two workers, two tools, and a job that needs both.
//!
//! Each worker first picks up the tool nearest to it (worker 0 tool 0, worker 1 tool 1), then
//! reaches for the other. If the other tool is taken, the worker is polite: it puts its own
//! tool down so the other worker can finish first, pauses, and starts again.
//!
//! Reference solution: a randomised back-off. After putting its tool down, a worker pauses
//! for a random number of moments, drawn afresh each round from a range that doubles with
//! every round (as Ethernet does after a collision). Two workers soon pause for different
//! lengths, fall out of step, and one of them finds both tools free.

use shim::sync::atomic::{AtomicUsize, Ordering};

/// The number of workers (and of tools).
pub const WORKERS: usize = 2;

/// A tool nobody holds.
const FREE: usize = usize::MAX;

/// A worker gave up: it stepped aside `rounds` times and never held both tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GaveUp {
    pub rounds: u32,
}

pub struct Workshop {
    /// Who holds each tool: a worker's number, or `FREE`.
    tools: [AtomicUsize; WORKERS],
}

impl Default for Workshop {
    fn default() -> Self {
        Self::new()
    }
}

impl Workshop {
    pub fn new() -> Self {
        Workshop {
            tools: [AtomicUsize::new(FREE), AtomicUsize::new(FREE)],
        }
    }

    /// Who holds `tool` now, if anyone.
    pub fn holder(&self, tool: usize) -> Option<usize> {
        // Relaxed: a snapshot for tests and messages; nothing is read through it.
        match self.tools[tool].load(Ordering::Relaxed) {
            FREE => None,
            worker => Some(worker),
        }
    }

    /// Worker `me` (0 or 1) takes both tools, runs `job` while it holds them, and puts them
    /// back. After stepping aside `max_rounds` times it gives up with `Err(GaveUp)`.
    pub fn with_both_tools<R>(
        &self,
        me: usize,
        max_rounds: u32,
        job: impl FnOnce() -> R,
    ) -> Result<R, GaveUp> {
        assert!(me < WORKERS, "there are only {WORKERS} workers");
        // The tool nearest to each worker is its own number; the other one is the other's.
        let (first, second) = (me, 1 - me);
        // A different seed per worker, so the two draw different pauses. (Not from the clock
        // or the OS: under the model checker every run must make the same choices.)
        let mut random = XorShift::new(me as u64);
        for round in 0..max_rounds {
            // Pick up the nearest tool; if the other worker has it, wait until it is put down.
            while !self.take(first, me) {
                shim::hint::spin_loop();
            }
            pause();
            if self.take(second, me) {
                let result = job();
                self.put_down(second);
                self.put_down(first);
                return Ok(result);
            }
            // The other worker has it, so it must need it: be polite, put ours down and let it
            // go first, then wait a random while, so the two of us fall out of step.
            pause();
            self.put_down(first);
            let longest = 1u64 << round.min(4);
            for _ in 0..=random.below(longest) {
                pause();
            }
        }
        Err(GaveUp { rounds: max_rounds })
    }

    /// Takes `tool` for worker `me` if nobody holds it.
    fn take(&self, tool: usize, me: usize) -> bool {
        // Acquire: pairs with the Release in `put_down`, so the job sees what the last holder
        // did with the tool. Relaxed on failure: we took nothing.
        self.tools[tool]
            .compare_exchange(FREE, me, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
    }

    fn put_down(&self, tool: usize) {
        // Release: the next holder sees everything we did with the tool.
        self.tools[tool].store(FREE, Ordering::Release);
    }
}

/// A short, fixed pause: give the other worker a moment.
fn pause() {
    shim::thread::yield_now();
}

/// A tiny pseudo-random generator (xorshift): plenty to pick pause lengths.
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        // Spread the seed over the bits, and never start at 0 (xorshift would stay there).
        XorShift((seed + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}
