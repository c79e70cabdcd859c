//! Stress test: rings of real threads deadlock one after another on tracked locks, among the
//! threads of the rings before (still deadlocked), and each new ring is found.

mod support;

use std::time::Duration;

use deadlock_detector::WaitForGraph;
use shim::tracked;
use shim::watchdog::Watchdog;

#[test]
fn each_new_deadlock_is_found_among_the_old_ones() {
    let watchdog = Watchdog::start(
        "rings of 2 to 4 threads deadlocking one after another, each then found",
        Duration::from_secs(10),
    );
    let mut found = Vec::new();
    for ring in [2, 3, 4, 2, 3] {
        let ids = support::deadlock_a_ring(ring);
        let snapshot = tracked::snapshot();
        // Every ring so far is a cycle; the newest must be among them, whole.
        let graph = WaitForGraph::from_snapshot(&snapshot);
        let cycle = graph.find_cycle().expect("rings of threads are deadlocked");
        let newest = ids.iter().all(|lock| {
            snapshot
                .threads
                .iter()
                .filter(|thread| thread.waits_for == Some(*lock))
                .all(|thread| graph.blocked_by(thread.thread).is_some())
        });
        assert!(
            newest,
            "every thread of the newest ring is blocked by another"
        );
        found.push(cycle.waits.len());
        watchdog.progress();
    }
    assert_eq!(
        found,
        vec![2, 2, 2, 2, 2],
        "the first ring (of two threads) holds the lowest-numbered thread of all the cycles, \
         so it is the one reported every time"
    );
}
