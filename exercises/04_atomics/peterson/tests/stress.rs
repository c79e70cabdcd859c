//! Stress test: both sides taking the lock as fast as they can, for a fixed time, under a
//! watchdog. Store buffering is real on x86, so this can catch a lock that allows it; it is
//! also there to show the lock makes progress on real hardware.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use peterson::peterson;
use shim::watchdog::Watchdog;

#[test]
fn both_sides_make_progress_and_never_overlap() {
    let (left, right) = peterson(0u64);
    let inside = Arc::new(AtomicBool::new(false));
    let entries = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + shim::stress::duration();
    let watchdog = Watchdog::start("two threads taking a Peterson lock", Duration::from_secs(5));
    let threads: Vec<_> = [left, right]
        .into_iter()
        .map(|mut side| {
            let (inside, entries, watchdog) = (inside.clone(), entries.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let mut mine = 0u64;
                while Instant::now() < deadline {
                    let mut guard = side.lock();
                    assert!(
                        !inside.swap(true, Ordering::SeqCst),
                        "both sides were inside at once (store buffering)"
                    );
                    *guard += 1;
                    inside.store(false, Ordering::SeqCst);
                    drop(guard);
                    mine += 1;
                    watchdog.progress();
                }
                entries.fetch_add(mine, Ordering::SeqCst);
                (side, mine)
            })
        })
        .collect();
    let mut results: Vec<_> = threads
        .into_iter()
        .map(|thread| {
            thread
                .join()
                .expect("a thread panicked (see its message above)")
        })
        .collect();
    assert!(
        results.iter().all(|(_, mine)| *mine > 0),
        "a side never got in"
    );
    let total = entries.load(Ordering::SeqCst);
    assert_eq!(
        *results[0].0.lock(),
        total,
        "increments were lost: the sides overlapped"
    );
}
