//! Unit tests: lock futures polled by hand (who is woken, who gets the lock, in what order),
//! cancelled waiters before and after they were woken, and threads counting under the lock.

mod support;

use std::sync::{Arc, mpsc};
use std::task::Poll;
use std::thread;
use std::time::Duration;

use async_mutex::Mutex;
use support::{Flag, block_on, poll_once};

/// Runs `work` on its own thread and fails, explaining, if it does not finish in time.
fn within<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(Duration::from_secs(5)) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!(
            "a lock() never finished (5 s): a waiter was never woken. Does unlocking wake the \
             first waiter, and does a cancelled waiter that was already woken pass it on?"
        ),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the test panicked (see above)"),
    }
}

#[test]
fn an_unlocked_mutex_is_locked_at_once_and_unlocked_by_the_guard() {
    let mutex = Mutex::new(1);
    let (_, waker) = Flag::waker();
    let Poll::Ready(mut guard) = poll_once(&mut mutex.lock(), &waker) else {
        panic!("lock() of an unlocked mutex returned Pending")
    };
    *guard += 1;
    drop(guard);
    let Poll::Ready(guard) = poll_once(&mut mutex.lock(), &waker) else {
        panic!("lock() after the guard was dropped returned Pending: the guard must unlock")
    };
    assert_eq!(*guard, 2);
}

#[test]
fn a_waiter_gets_pending_not_a_blocked_thread_and_waiters_are_served_in_order() {
    let mutex = Mutex::new(Vec::new());
    let (_, waker) = Flag::waker();
    let Poll::Ready(held) = poll_once(&mut mutex.lock(), &waker) else {
        panic!("lock() of an unlocked mutex returned Pending")
    };
    let mut waiters: Vec<_> = (0..3).map(|_| (mutex.lock(), Flag::waker())).collect();
    for (future, (_, waker)) in &mut waiters {
        assert!(
            poll_once(future, waker).is_pending(),
            "lock() of a held mutex must return Pending (and never block the thread)"
        );
    }
    drop(held);
    for turn in 0..3 {
        for (index, (_, (flag, _))) in waiters.iter().enumerate() {
            assert_eq!(
                flag.take(),
                index == turn,
                "after an unlock, only the first waiter in line (number {turn}) must be woken"
            );
        }
        let (future, (_, waker)) = &mut waiters[turn];
        let Poll::Ready(mut guard) = poll_once(future, waker) else {
            panic!("the woken first waiter did not get the lock")
        };
        guard.push(turn);
    }
    let (_, waker) = Flag::waker();
    let Poll::Ready(guard) = poll_once(&mut mutex.lock(), &waker) else {
        panic!("the mutex stayed locked after every waiter was done")
    };
    assert_eq!(*guard, [0, 1, 2]);
}

#[test]
fn a_newcomer_does_not_take_the_lock_from_a_woken_waiter() {
    let mutex = Mutex::new(());
    let (_, waker) = Flag::waker();
    let Poll::Ready(held) = poll_once(&mut mutex.lock(), &waker) else {
        panic!("lock() of an unlocked mutex returned Pending")
    };
    let mut first = mutex.lock();
    let (flag, first_waker) = Flag::waker();
    assert!(poll_once(&mut first, &first_waker).is_pending());
    drop(held);
    assert!(flag.take(), "the waiter was not woken by the unlock");
    assert!(
        poll_once(&mut mutex.lock(), &waker).is_pending(),
        "a newcomer got the lock before the waiter that was woken for it: not fair"
    );
    assert!(poll_once(&mut first, &first_waker).is_ready());
}

#[test]
fn a_waiter_cancelled_before_its_turn_is_skipped() {
    let mutex = Mutex::new(());
    let (_, waker) = Flag::waker();
    let Poll::Ready(held) = poll_once(&mut mutex.lock(), &waker) else {
        panic!("lock() of an unlocked mutex returned Pending")
    };
    let mut cancelled = mutex.lock();
    assert!(poll_once(&mut cancelled, &waker).is_pending());
    let mut second = mutex.lock();
    let (flag, second_waker) = Flag::waker();
    assert!(poll_once(&mut second, &second_waker).is_pending());
    drop(cancelled);
    drop(held);
    assert!(
        flag.take(),
        "the unlock woke a cancelled waiter instead of the next one"
    );
    assert!(poll_once(&mut second, &second_waker).is_ready());
}

#[test]
fn a_woken_waiter_that_is_cancelled_passes_the_wake_up_on() {
    let mutex = Mutex::new(());
    let (_, waker) = Flag::waker();
    let Poll::Ready(held) = poll_once(&mut mutex.lock(), &waker) else {
        panic!("lock() of an unlocked mutex returned Pending")
    };
    let mut first = mutex.lock();
    assert!(poll_once(&mut first, &waker).is_pending());
    let mut second = mutex.lock();
    let (flag, second_waker) = Flag::waker();
    assert!(poll_once(&mut second, &second_waker).is_pending());
    drop(held);
    // The first waiter was woken (its turn) but is dropped before it runs, as a `select!` or
    // a timeout drops a future.
    drop(first);
    assert!(
        flag.take(),
        "a woken waiter was cancelled and the next waiter was never woken: the wake-up was lost"
    );
    assert!(poll_once(&mut second, &second_waker).is_ready());
}

#[test]
fn threads_counting_under_the_lock_lose_no_update() {
    let total = within(|| {
        let mutex = Arc::new(Mutex::new(0u64));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let mutex = mutex.clone();
                thread::spawn(move || {
                    for _ in 0..500 {
                        block_on(async {
                            let mut guard = mutex.lock().await;
                            *guard += 1;
                        });
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        block_on(async { *mutex.lock().await })
    });
    assert_eq!(total, 2_000);
}
