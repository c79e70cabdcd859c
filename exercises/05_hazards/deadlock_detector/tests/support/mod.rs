//! Test support: real threads deadlocked on purpose round a ring of tracked locks.

use std::sync::{Arc, Barrier};
use std::time::Duration;

use shim::tracked::{self, LockId};

/// Starts `ring` threads that each take lock `i`, wait until all have one, then ask for lock
/// `i + 1`: a deadlock round the ring, for ever (the test process ends with them waiting).
/// Returns the locks' ids once every thread of the ring is recorded waiting.
pub fn deadlock_a_ring(ring: usize) -> Vec<LockId> {
    let locks: Arc<Vec<tracked::Mutex<()>>> = Arc::new(
        (0..ring)
            .map(|i| tracked::Mutex::named(format!("ring lock {i}"), ()))
            .collect(),
    );
    let ids: Vec<LockId> = locks.iter().map(tracked::Mutex::id).collect();
    let all_hold_one = Arc::new(Barrier::new(ring));
    for i in 0..ring {
        let (locks, all_hold_one) = (locks.clone(), all_hold_one.clone());
        std::thread::spawn(move || {
            let _mine = locks[i].lock();
            all_hold_one.wait();
            let _next = locks[(i + 1) % locks.len()].lock();
        });
    }
    loop {
        let waiting = tracked::snapshot()
            .threads
            .iter()
            .filter(|thread| thread.waits_for.is_some_and(|lock| ids.contains(&lock)))
            .count();
        if waiting == ring {
            return ids;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
