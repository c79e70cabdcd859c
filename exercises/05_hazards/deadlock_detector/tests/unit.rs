//! Unit tests: wait-for graphs stated fact by fact, then a snapshot, then real threads that
//! deadlock on tracked locks (under a watchdog: a detector that loops for ever is stopped).

mod support;

use std::time::Duration;

use deadlock_detector::{Cycle, Wait, WaitForGraph};
use shim::tracked::{self, LockId, LockState, Snapshot, ThreadId, ThreadState};
use shim::watchdog::Watchdog;

fn t(id: u64) -> ThreadId {
    ThreadId(id)
}

fn l(id: u64) -> LockId {
    LockId(id)
}

fn wait(thread: u64, lock: u64, holder: u64) -> Wait {
    Wait {
        thread: t(thread),
        lock: l(lock),
        holder: t(holder),
    }
}

/// A graph from (thread, locks it holds, lock it waits for) rows.
fn graph(rows: &[(u64, &[u64], Option<u64>)]) -> WaitForGraph {
    let mut graph = WaitForGraph::new();
    for (thread, holds, waits_for) in rows {
        for lock in *holds {
            graph.holds(t(*thread), l(*lock));
        }
        if let Some(lock) = waits_for {
            graph.waits_for(t(*thread), l(*lock));
        }
    }
    graph
}

#[test]
fn nobody_waiting_is_no_deadlock() {
    assert_eq!(WaitForGraph::new().find_cycle(), None, "an empty graph");
    let busy = graph(&[(1, &[1, 2], None), (2, &[3], None)]);
    assert_eq!(
        busy.find_cycle(),
        None,
        "threads hold locks but nobody waits"
    );
    assert_eq!(busy.blocked_by(t(1)), None, "thread 1 waits for nothing");
}

#[test]
fn blocked_by_names_the_lock_and_its_holder() {
    let graph = graph(&[(1, &[1], Some(2)), (2, &[2], None), (3, &[], Some(9))]);
    assert_eq!(
        graph.blocked_by(t(1)),
        Some(wait(1, 2, 2)),
        "thread 1 waits for lock 2, which thread 2 holds"
    );
    assert_eq!(
        graph.blocked_by(t(3)),
        None,
        "thread 3 waits for lock 9, which nobody holds: it is about to get it, not blocked"
    );
    assert_eq!(graph.blocked_by(t(4)), None, "thread 4 is not in the graph");
}

#[test]
fn a_chain_of_waits_that_ends_is_no_deadlock() {
    let chain = graph(&[(1, &[1], Some(2)), (2, &[2], Some(3)), (3, &[3], None)]);
    assert_eq!(
        chain.find_cycle(),
        None,
        "1 waits for 2, 2 waits for 3, and 3 waits for nobody: 3 will finish, then 2, then 1"
    );
}

#[test]
fn two_threads_each_holding_what_the_other_wants_are_deadlocked() {
    let crossed = graph(&[(1, &[1], Some(2)), (2, &[2], Some(1))]);
    assert_eq!(
        crossed.find_cycle(),
        Some(Cycle {
            waits: vec![wait(1, 2, 2), wait(2, 1, 1)]
        }),
        "1 holds lock 1 and waits for lock 2; 2 holds lock 2 and waits for lock 1"
    );
}

#[test]
fn a_ring_is_reported_from_its_lowest_numbered_thread() {
    // Four threads round a ring of four locks, stated in no particular order.
    let ring = graph(&[
        (9, &[40], Some(10)),
        (3, &[10], Some(20)),
        (7, &[30], Some(40)),
        (5, &[20], Some(30)),
    ]);
    assert_eq!(
        ring.find_cycle(),
        Some(Cycle {
            waits: vec![
                wait(3, 20, 5),
                wait(5, 30, 7),
                wait(7, 40, 9),
                wait(9, 10, 3)
            ]
        }),
        "the cycle starts at thread 3, its lowest, and follows the waits round"
    );
}

#[test]
fn a_thread_waiting_on_deadlocked_threads_is_stuck_but_not_in_the_cycle() {
    // Thread 1 waits for a lock of thread 5; 5 and 6 wait for each other.
    let stuck = graph(&[
        (1, &[], Some(50)),
        (5, &[50], Some(60)),
        (6, &[60], Some(50)),
    ]);
    assert_eq!(
        stuck.find_cycle(),
        Some(Cycle {
            waits: vec![wait(5, 60, 6), wait(6, 50, 5)]
        }),
        "thread 1 waits for ever too, but the cycle is 5 and 6: the path from 1 leads into it"
    );
}

#[test]
fn a_thread_waiting_for_a_lock_it_holds_deadlocks_alone() {
    let alone = graph(&[(4, &[1], Some(1)), (2, &[2], None)]);
    assert_eq!(
        alone.find_cycle(),
        Some(Cycle {
            waits: vec![wait(4, 1, 4)]
        }),
        "locking a std mutex twice on one thread waits for itself: a cycle of one"
    );
}

#[test]
fn of_several_cycles_the_one_with_the_lowest_thread_is_reported() {
    let two = graph(&[
        (1, &[], Some(50)),
        (5, &[50], Some(60)),
        (6, &[60], Some(50)),
        (3, &[30], Some(20)),
        (2, &[20], Some(30)),
    ]);
    assert_eq!(
        two.find_cycle(),
        Some(Cycle {
            waits: vec![wait(2, 30, 3), wait(3, 20, 2)]
        }),
        "two cycles, {{5, 6}} and {{2, 3}}; thread 1 is in neither. The lowest thread in a \
         cycle is 2"
    );
}

#[test]
fn a_snapshot_of_the_tracked_locks_becomes_the_same_graph() {
    let thread = |id: u64, holds: &[u64], waits_for: Option<u64>| ThreadState {
        thread: t(id),
        name: None,
        holds: holds.iter().copied().map(l).collect(),
        waits_for: waits_for.map(l),
    };
    let lock = |id: u64, holder: Option<u64>| LockState {
        lock: l(id),
        name: None,
        holder: holder.map(t),
    };
    let snapshot = Snapshot {
        threads: vec![
            thread(1, &[1, 2], Some(3)),
            thread(2, &[3], Some(1)),
            thread(3, &[], Some(2)),
        ],
        locks: vec![
            lock(1, Some(1)),
            lock(2, Some(1)),
            lock(3, Some(2)),
            lock(4, None),
        ],
    };
    let graph = WaitForGraph::from_snapshot(&snapshot);
    assert_eq!(
        graph.blocked_by(t(3)),
        Some(wait(3, 2, 1)),
        "thread 1 holds lock 2 too"
    );
    assert_eq!(
        graph.find_cycle(),
        Some(Cycle {
            waits: vec![wait(1, 3, 2), wait(2, 1, 1)]
        })
    );
}

#[test]
fn real_threads_deadlocked_round_a_ring_are_found() {
    let watchdog = Watchdog::start(
        "three threads deadlocking round a ring of tracked locks, then find_cycle",
        Duration::from_secs(10),
    );
    let locks = support::deadlock_a_ring(3);
    let snapshot = tracked::snapshot();
    let cycle = WaitForGraph::from_snapshot(&snapshot)
        .find_cycle()
        .expect("three threads wait round a ring: find_cycle must find it");
    watchdog.progress();
    assert_eq!(
        cycle.waits.len(),
        3,
        "every thread of the ring is in the cycle: {cycle:?}"
    );
    let mut waited: Vec<LockId> = cycle.waits.iter().map(|wait| wait.lock).collect();
    waited.sort();
    assert_eq!(
        waited, locks,
        "each lock of the ring is waited for once: {cycle:?}"
    );
    for (step, next) in cycle.waits.iter().zip(cycle.waits.iter().cycle().skip(1)) {
        assert_eq!(step.holder, next.thread, "the waits must chain: {cycle:?}");
        let holder = snapshot.locks.iter().find(|lock| lock.lock == step.lock);
        assert_eq!(
            holder.and_then(|lock| lock.holder),
            Some(step.holder),
            "{} holds {} in the snapshot",
            step.holder,
            step.lock
        );
    }
}
