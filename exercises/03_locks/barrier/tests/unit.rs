//! Unit tests: the barrier on real threads. The checker makes one condition variable wait in
//! four return spuriously here, as real ones may.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use barrier::Barrier;
use shim::watchdog::Watchdog;
use static_assertions::assert_impl_all;

assert_impl_all!(Barrier: Send, Sync);

#[test]
fn a_barrier_of_one_never_waits() {
    let barrier = Barrier::new(1);
    for _ in 0..3 {
        assert!(
            barrier.wait(),
            "the only party is always the last to arrive"
        );
    }
}

#[test]
fn nobody_goes_on_before_the_last_one_arrives() {
    const PARTIES: usize = 4;
    const ROUNDS: usize = 12;
    let barrier = Barrier::new(PARTIES);
    let last_arrived = AtomicBool::new(false);
    let watchdog = Watchdog::start("threads waiting at the barrier", Duration::from_secs(5));
    // The same barrier, round after round: it must be reusable.
    for _ in 0..ROUNDS {
        last_arrived.store(false, Ordering::SeqCst);
        std::thread::scope(|scope| {
            let waiters: Vec<_> = (1..PARTIES)
                .map(|_| {
                    scope.spawn(|| {
                        let leader = barrier.wait();
                        // SeqCst: test bookkeeping only; the strongest ordering keeps it simple.
                        (last_arrived.load(Ordering::SeqCst), leader)
                    })
                })
                .collect();
            // Keep them waiting (and waking spuriously) for a while before arriving last.
            for _ in 0..10 {
                std::thread::sleep(Duration::from_millis(2));
                watchdog.progress();
            }
            // Usually the last to arrive, but a waiter held up by the machine may come later.
            last_arrived.store(true, Ordering::SeqCst);
            let mut leaders = usize::from(barrier.wait());
            for waiter in waiters {
                let (after_the_last, leader) = waiter.join().unwrap();
                assert!(
                    after_the_last,
                    "a thread left the barrier before the last one arrived: re-check after \
                     every wake-up (a wait can end spuriously)"
                );
                leaders += usize::from(leader);
            }
            assert_eq!(leaders, 1, "exactly one thread of a round must get `true`");
        });
    }
}

#[test]
fn every_round_releases_everybody_together_with_one_leader() {
    const PARTIES: usize = 4;
    const ROUNDS: usize = 200;
    let barrier = Barrier::new(PARTIES);
    let arrived: Vec<AtomicUsize> = (0..ROUNDS).map(|_| AtomicUsize::new(0)).collect();
    let leaders: Vec<AtomicUsize> = (0..ROUNDS).map(|_| AtomicUsize::new(0)).collect();
    let watchdog = Watchdog::start("rounds of the barrier", Duration::from_secs(5));
    std::thread::scope(|scope| {
        for party in 0..PARTIES {
            let (barrier, arrived, leaders) = (&barrier, &arrived, &leaders);
            let watchdog = watchdog.handle();
            scope.spawn(move || {
                for round in 0..ROUNDS {
                    // Some threads dawdle, so that fast ones reach the next round first.
                    if (party + round) % 3 == 0 {
                        std::thread::yield_now();
                    }
                    arrived[round].fetch_add(1, Ordering::SeqCst);
                    let leader = barrier.wait();
                    let here = arrived[round].load(Ordering::SeqCst);
                    assert_eq!(
                        here, PARTIES,
                        "round {round}: released when only {here} of {PARTIES} had arrived"
                    );
                    if leader {
                        leaders[round].fetch_add(1, Ordering::SeqCst);
                    }
                    watchdog.progress();
                }
            });
        }
    });
    for (round, leaders) in leaders.iter().enumerate() {
        let leaders = leaders.load(Ordering::SeqCst);
        assert_eq!(
            leaders, 1,
            "round {round} had {leaders} threads told they were last"
        );
    }
}
