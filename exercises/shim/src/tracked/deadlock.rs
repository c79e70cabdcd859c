//! The cycle behind a deadlock, from the records, for the watchdog's report.
//!
//! (The `deadlock_detector` exercise has the learner build this; the shim keeps its own copy
//! for the checker, private to the crate.)

use std::collections::BTreeMap;

use super::identity::ThreadId;
use super::registry::{LockId, Snapshot};

/// The waits of a deadlock in `snapshot`, one line each ("thread 3 holds lock 1 and waits for
/// lock 2, held by thread 4"), from the cycle holding the lowest-numbered thread; `None` if
/// no cycle.
pub(crate) fn describe_cycle(snapshot: &Snapshot) -> Option<Vec<String>> {
    let holders: BTreeMap<LockId, ThreadId> = snapshot
        .locks
        .iter()
        .filter_map(|lock| Some((lock.lock, lock.holder?)))
        .collect();
    // Each blocked thread waits for one lock, so it has at most one thread to wait on.
    let blocked_by: BTreeMap<ThreadId, (LockId, ThreadId)> = snapshot
        .threads
        .iter()
        .filter_map(|thread| {
            let lock = thread.waits_for?;
            Some((thread.thread, (lock, *holders.get(&lock)?)))
        })
        .collect();
    let on_cycle = |start: ThreadId| {
        let mut at = start;
        for _ in 0..blocked_by.len() {
            match blocked_by.get(&at) {
                Some((_, holder)) if *holder == start => return true,
                Some((_, holder)) => at = *holder,
                None => return false,
            }
        }
        false
    };
    let start = blocked_by
        .keys()
        .copied()
        .find(|thread| on_cycle(*thread))?;
    let name_of_thread = |thread: ThreadId| {
        let name = snapshot
            .threads
            .iter()
            .find(|state| state.thread == thread)
            .and_then(|state| state.name.as_deref());
        match name {
            Some(name) => format!("{thread} ('{name}')"),
            None => thread.to_string(),
        }
    };
    let name_of_lock = |lock: LockId| {
        let name = snapshot
            .locks
            .iter()
            .find(|state| state.lock == lock)
            .and_then(|state| state.name.as_deref());
        match name {
            Some(name) => format!("{lock} ('{name}')"),
            None => lock.to_string(),
        }
    };
    let mut lines = Vec::new();
    let mut at = start;
    loop {
        let (lock, holder) = blocked_by[&at];
        let held: Vec<String> = snapshot
            .threads
            .iter()
            .find(|state| state.thread == at)
            .map(|state| state.holds.iter().map(|lock| name_of_lock(*lock)).collect())
            .unwrap_or_default();
        let holds = match held.is_empty() {
            true => "holds nothing".to_string(),
            false => format!("holds {}", held.join(" and ")),
        };
        lines.push(format!(
            "{} {holds} and waits for {}, held by {}",
            name_of_thread(at),
            name_of_lock(lock),
            name_of_thread(holder)
        ));
        at = holder;
        if at == start {
            return Some(lines);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracked::{LockState, ThreadState};

    fn thread(id: u64, holds: &[u64], waits_for: Option<u64>) -> ThreadState {
        ThreadState {
            thread: ThreadId(id),
            name: None,
            holds: holds.iter().map(|lock| LockId(*lock)).collect(),
            waits_for: waits_for.map(LockId),
        }
    }

    fn snapshot(threads: Vec<ThreadState>) -> Snapshot {
        let mut locks: Vec<LockState> = Vec::new();
        for state in &threads {
            for lock in &state.holds {
                locks.push(LockState {
                    lock: *lock,
                    name: Some(format!("account {}", lock.0)),
                    holder: Some(state.thread),
                });
            }
        }
        Snapshot { threads, locks }
    }

    #[test]
    fn two_threads_waiting_for_each_other_are_described_from_the_lower() {
        let lines = describe_cycle(&snapshot(vec![
            thread(7, &[2], Some(1)),
            thread(3, &[1], Some(2)),
        ]))
        .expect("a cycle");
        assert_eq!(
            lines,
            vec![
                "thread 3 holds lock 1 ('account 1') and waits for lock 2 ('account 2'), held by \
                 thread 7",
                "thread 7 holds lock 2 ('account 2') and waits for lock 1 ('account 1'), held by \
                 thread 3",
            ]
        );
    }

    #[test]
    fn a_thread_waiting_on_a_cycle_is_not_part_of_it() {
        let lines = describe_cycle(&snapshot(vec![
            thread(1, &[9], Some(5)),
            thread(4, &[5], Some(6)),
            thread(6, &[6], Some(5)),
        ]))
        .expect("a cycle");
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|line| !line.starts_with("thread 1 ")));
    }

    #[test]
    fn waits_that_end_are_no_deadlock() {
        assert_eq!(
            describe_cycle(&snapshot(vec![
                thread(1, &[1], Some(2)),
                thread(2, &[2], Some(3)),
                thread(3, &[], Some(4)),
            ])),
            None
        );
    }
}
