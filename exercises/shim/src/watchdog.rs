//! A progress watchdog for tests that run real threads.
//!
//! A deadlocked test never returns, so on its own it would only be stopped by the checker's
//! time limit, and all the learner would learn is "timed out". A watchdog knows what the test
//! was doing: when the work stops making progress for too long, it reports what had been done
//! and ends the test process with [`STALL_EXIT_CODE`], which the checker turns into a
//! "no progress: likely deadlock or livelock" verdict.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The exit code of a test process stopped by a watchdog.
pub const STALL_EXIT_CODE: i32 = 86;
/// The line prefix the checker looks for to explain a stall.
pub const STALL_MARKER: &str = "threadlings-watchdog:";
/// The prefix of each line that describes a deadlock among tracked locks, after a stall.
pub const DEADLOCK_MARKER: &str = "threadlings-deadlock:";

#[derive(Debug)]
struct Shared {
    progress: AtomicU64,
    finished: AtomicBool,
}

/// Watches a piece of work; call [`Watchdog::progress`] whenever it moves forward.
#[derive(Debug)]
pub struct Watchdog {
    shared: Arc<Shared>,
}

impl Watchdog {
    /// Starts watching `work`; if no progress is reported for `stall_after`, the process ends.
    pub fn start(work: &'static str, stall_after: Duration) -> Watchdog {
        let shared = Arc::new(Shared {
            progress: AtomicU64::new(0),
            finished: AtomicBool::new(false),
        });
        let watched = Arc::clone(&shared);
        // A plain std thread on purpose: under loom or shuttle it is simply never started.
        if !cfg!(any(loom, shuttle)) {
            std::thread::spawn(move || watch(work, stall_after, &watched));
        }
        Watchdog { shared }
    }

    /// Reports one step of progress.
    pub fn progress(&self) {
        // Relaxed: the watchdog only needs to see that the count moved, not any other data.
        self.shared.progress.fetch_add(1, Ordering::Relaxed);
    }

    /// A handle worker threads can move into their closures.
    pub fn handle(&self) -> Watchdog {
        Watchdog {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        // Only the last handle ends the watch: the one the test itself holds.
        if Arc::strong_count(&self.shared) == 2 {
            self.shared.finished.store(true, Ordering::Relaxed);
        }
    }
}

fn watch(work: &str, stall_after: Duration, shared: &Shared) {
    let tick = (stall_after / 20).max(Duration::from_millis(5));
    let mut last_seen = shared.progress.load(Ordering::Relaxed);
    let mut last_change = Instant::now();
    while !shared.finished.load(Ordering::Relaxed) {
        std::thread::sleep(tick);
        let now = shared.progress.load(Ordering::Relaxed);
        if now != last_seen {
            last_seen = now;
            last_change = Instant::now();
        } else if last_change.elapsed() >= stall_after {
            eprintln!(
                "{STALL_MARKER} no progress in `{work}` for {:.1} s after {now} steps: \
                 likely a deadlock (threads waiting on each other) or a livelock",
                stall_after.as_secs_f64()
            );
            // Where the work uses tracked locks, their records can name the deadlock.
            for wait in
                crate::tracked::describe_cycle(&crate::tracked::snapshot()).unwrap_or_default()
            {
                eprintln!("{DEADLOCK_MARKER} {wait}");
            }
            std::process::exit(STALL_EXIT_CODE);
        }
    }
}
