//! Two workers, two tools, and a job that needs both.
//!
//! Each worker first picks up the tool nearest to it (worker 0 tool 0, worker 1 tool 1), then
//! reaches for the other. If the other tool is taken, the worker is polite: it puts its own
//! tool down so the other worker can finish first, pauses, and starts again.
//!
//! Nobody ever blocks for long, so this cannot deadlock. But it has another bug: read the
//! README, then fix it.

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
        for _ in 0..max_rounds {
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
            // go first.
            // TODO: both workers run exactly this code, with the same pauses. What happens
            // when they do every step at the same moment?
            pause();
            self.put_down(first);
            pause();
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
