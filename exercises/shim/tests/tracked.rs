//! The tracked locks on real threads: what they record of holders, waiters and give-ups.
#![cfg(not(any(loom, shuttle)))]

use std::sync::{Arc, Mutex as StdMutex, MutexGuard as StdGuard, TryLockError, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use shim::tracked::{self, LockId, Mutex, ThreadState};

/// The records are global: these tests take turns.
fn one_at_a_time() -> StdGuard<'static, ()> {
    static TURN: StdMutex<()> = StdMutex::new(());
    let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    tracked::reset_evidence();
    turn
}

/// Waits (for at most 10 s) until `thread_name` is recorded as waiting for `lock`.
fn wait_until_waiting(thread_name: &str, lock: LockId) -> ThreadState {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found = tracked::snapshot()
            .threads
            .into_iter()
            .find(|thread| thread.name.as_deref() == Some(thread_name));
        if let Some(thread) = found.filter(|thread| thread.waits_for == Some(lock)) {
            return thread;
        }
        assert!(
            Instant::now() < deadline,
            "{thread_name} never waited for {lock}"
        );
        thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn a_thread_that_blocks_while_holding_is_seen_holding_and_waiting() {
    let _turn = one_at_a_time();
    let (first, second) = (Arc::new(Mutex::named("first", 0)), Arc::new(Mutex::new(0)));
    let held = second.lock().unwrap();
    let waiter = {
        let (first, second) = (first.clone(), second.clone());
        thread::Builder::new()
            .name("waiter".into())
            .spawn(move || {
                let _first = first.lock().unwrap();
                *second.lock().unwrap() += 1;
            })
            .unwrap()
    };
    let waiting = wait_until_waiting("waiter", second.id());
    assert_eq!(waiting.holds, vec![first.id()]);
    let snapshot = tracked::snapshot();
    let second_state = snapshot.locks.iter().find(|lock| lock.lock == second.id());
    assert!(
        second_state
            .is_some_and(|lock| lock.holder.is_some() && lock.holder != Some(waiting.thread)),
        "the lock waited for is held by this thread: {snapshot:?}"
    );
    drop(held);
    waiter.join().unwrap();
    let evidence = tracked::evidence();
    assert_eq!(evidence.waits_while_holding, 1, "{evidence:?}");
    let example = evidence
        .first_wait_while_holding
        .clone()
        .unwrap_or_default();
    assert!(example.contains("waited for"), "{example}");
    assert!(evidence.waited_while_holding());
    assert_eq!(*second.lock().unwrap(), 1);
}

#[test]
fn letting_go_after_a_failed_try_is_a_give_up_and_holding_on_is_not() {
    let _turn = one_at_a_time();
    let (mine, theirs) = (Arc::new(Mutex::new(())), Arc::new(Mutex::new(())));
    let (taken, release) = (mpsc::channel(), mpsc::channel::<()>());
    let other = {
        let theirs = theirs.clone();
        thread::spawn(move || {
            let _held = theirs.lock().unwrap();
            taken.0.send(()).unwrap();
            release.1.recv().unwrap();
        })
    };
    taken.1.recv().unwrap();

    // Fails while holding `mine`, then lets go of it: a give-up.
    let held = mine.lock().unwrap();
    assert!(matches!(theirs.try_lock(), Err(TryLockError::WouldBlock)));
    drop(held);
    let evidence = tracked::evidence();
    assert_eq!((evidence.gave_up, evidence.kept), (1, 0), "{evidence:?}");
    assert!(!evidence.waited_while_holding());

    // Fails while holding `mine`, then tries again still holding it: it kept its lock.
    let held = mine.lock().unwrap();
    assert!(theirs.try_lock().is_err());
    assert!(theirs.try_lock().is_err());
    drop(held);
    let evidence = tracked::evidence();
    assert_eq!(evidence.failed_tries_while_holding, 3, "{evidence:?}");
    assert_eq!(evidence.kept, 1, "{evidence:?}");
    assert!(evidence.waited_while_holding());

    release.0.send(()).unwrap();
    other.join().unwrap();
}

#[test]
fn a_failed_try_while_holding_nothing_is_not_evidence() {
    let _turn = one_at_a_time();
    let lock = Arc::new(Mutex::new(()));
    let held = lock.lock().unwrap();
    let lock2 = lock.clone();
    thread::spawn(move || assert!(lock2.try_lock().is_err()))
        .join()
        .unwrap();
    drop(held);
    let evidence = tracked::evidence();
    assert_eq!(evidence.failed_tries_while_holding, 0, "{evidence:?}");
    assert_eq!(evidence.acquisitions, 1);
}

#[test]
fn taking_locks_one_after_another_without_contention_is_a_request_not_a_wait() {
    let _turn = one_at_a_time();
    let (a, b) = (Mutex::new(1), Mutex::new(2));
    let guard_a = a.lock().unwrap();
    let guard_b = b.lock().unwrap();
    assert_eq!(*guard_a + *guard_b, 3);
    let evidence = tracked::evidence();
    assert_eq!(evidence.requests_while_holding, 1);
    assert_eq!(evidence.waits_while_holding, 0);
    let me = tracked::snapshot()
        .threads
        .into_iter()
        .find(|thread| thread.holds == vec![a.id(), b.id()]);
    assert!(me.is_some_and(|me| me.waits_for.is_none()));
    drop((guard_a, guard_b));
    assert!(
        tracked::snapshot()
            .locks
            .iter()
            .filter(|lock| lock.lock == a.id() || lock.lock == b.id())
            .all(|lock| lock.holder.is_none())
    );
}

#[test]
fn a_poisoned_lock_is_reported_and_still_released() {
    let _turn = one_at_a_time();
    let lock = Arc::new(Mutex::new(5));
    let poisoner = lock.clone();
    let _ = thread::spawn(move || {
        let _guard = poisoner.lock().unwrap();
        panic!("poisoning the lock on purpose");
    })
    .join();
    let guard = lock.lock();
    assert!(guard.is_err(), "a lock whose holder panicked is poisoned");
    drop(guard);
    assert!(lock.try_lock().is_err());
    let id = lock.id();
    let lock = Arc::try_unwrap(lock).unwrap_or_else(|_| panic!("one owner left"));
    assert_eq!(lock.into_inner().unwrap_or_else(|p| p.into_inner()), 5);
    assert!(
        tracked::snapshot()
            .locks
            .iter()
            .all(|state| state.lock != id)
    );
}
