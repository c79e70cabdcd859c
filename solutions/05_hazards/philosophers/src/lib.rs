//! The dining philosophers: `n` philosophers round a table, one fork between each two
//! neighbours, and a philosopher eats only with both the fork on the left and the fork on the
//! right.
//!
//! Reference solution: forks are picked up in one global order (the lower-numbered first).

use shim::sync::Arc;
use shim::thread;
// The shim's tracked locks: std's `Mutex` API, and they record who holds and who waits for
// each one, which is how the checks see which Coffman condition your fix breaks.
use shim::tracked::Mutex;

/// The four conditions that must all hold for a deadlock (Coffman, 1971).
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Coffman {
    /// A fork is held by one philosopher at a time.
    MutualExclusion,
    /// A philosopher holds one fork while waiting for the other.
    HoldAndWait,
    /// Nobody can take a fork out of a philosopher's hand.
    NoPreemption,
    /// The philosophers wait for each other in a cycle round the table.
    CircularWait,
}

/// The Coffman condition that `dine` breaks, so that the table cannot deadlock.
pub fn condition_broken() -> Coffman {
    // A philosopher holding a fork may wait for another, but only for a higher-numbered one
    // than it holds: waits only go "upwards" and cannot close into a cycle round the table.
    Coffman::CircularWait
}

/// Seats `philosophers` round a table and lets each of them eat `meals` times, each meal with
/// both neighbouring forks in hand. Returns how many meals each seat ate.
pub fn dine(philosophers: usize, meals: usize) -> Vec<usize> {
    if philosophers < 2 {
        // A table of one has a single fork and nobody to share it with: it serves as both.
        return vec![meals; philosophers];
    }
    // Fork `i` lies between seat `i` (its left) and seat `i - 1` (its right).
    let forks: Arc<Vec<Mutex<()>>> = Arc::new((0..philosophers).map(|_| Mutex::new(())).collect());
    let seats: Vec<_> = (0..philosophers)
        .map(|seat| {
            let forks = forks.clone();
            thread::spawn(move || {
                let (left, right) = (seat, (seat + 1) % philosophers);
                // The global order: the lower-numbered fork first. The last seat, between the
                // highest fork and fork 0, reaches right first: that breaks the cycle.
                let (first, second) = (left.min(right), left.max(right));
                let mut eaten = 0;
                for _ in 0..meals {
                    let _first = take(&forks[first]);
                    let _second = take(&forks[second]);
                    eaten += 1;
                    // Both forks go back on the table here, when the guards are dropped.
                }
                eaten
            })
        })
        .collect();
    seats
        .into_iter()
        .map(|seat| seat.join().expect("a philosopher panicked"))
        .collect()
}

/// Picks up a fork, waiting while a neighbour holds it.
fn take(fork: &Mutex<()>) -> shim::tracked::MutexGuard<'_, ()> {
    // Poisoned means a philosopher panicked holding this fork: stop rather than go on.
    fork.lock()
        .expect("a fork is poisoned: a philosopher panicked while holding it")
}
