//! Stress test: real threads allocating ids and recording maxima as fast as they can, for a
//! fixed time, under a watchdog.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use cas_patterns::{HighWater, IdAllocator};
use shim::watchdog::Watchdog;

const THREADS: u32 = 4;
const IDS: u32 = 4_000;

#[test]
fn racing_threads_share_out_every_id_once_and_keep_the_maximum() {
    let watchdog = Watchdog::start("threads allocating ids", Duration::from_secs(5));
    let rounds = shim::stress::repeat_for_duration(|round| {
        // Each round ends at the top of u32, where a counter that runs past the end wraps.
        let ids = Arc::new(IdAllocator::new(u32::MAX - IDS..u32::MAX));
        let high = Arc::new(HighWater::new(0));
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                let (ids, high, watchdog) = (ids.clone(), high.clone(), watchdog.handle());
                std::thread::spawn(move || {
                    let mine: Vec<u32> = std::iter::from_fn(|| ids.allocate()).collect();
                    for &id in &mine {
                        high.record(u64::from(id));
                    }
                    // A few more calls after the end: each must still be refused.
                    let late: Vec<_> = (0..8).filter_map(|_| ids.allocate()).collect();
                    watchdog.progress();
                    (mine, late)
                })
            })
            .collect();
        let mut seen = HashSet::new();
        for thread in threads {
            let (mine, late) = thread.join().expect("a thread panicked");
            assert!(
                late.is_empty(),
                "round {round}: ids {late:?} were handed out after the end"
            );
            for id in mine {
                assert!(
                    seen.insert(id),
                    "round {round}: id {id} was handed out twice"
                );
            }
        }
        assert_eq!(
            seen.len(),
            IDS as usize,
            "round {round}: some ids were never handed out"
        );
        assert_eq!(
            high.get(),
            u64::from(u32::MAX - 1),
            "round {round}: the largest id recorded was lost"
        );
    });
    assert!(rounds > 0);
}
