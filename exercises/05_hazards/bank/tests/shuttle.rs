//! Shuttle: many random schedules of more threads than loom can explore exhaustively.
//!
//! When every thread is blocked waiting for a lock, shuttle reports a deadlock and prints a
//! seed with which the failing schedule can be replayed.
#![cfg(shuttle)]

use bank::{Bank, TransferError};
use shim::sync::Arc;
use shim::thread;

const ACCOUNTS: usize = 4;
const START: u64 = 10;
const TOTAL: u64 = START * ACCOUNTS as u64;

/// A small, fixed pseudo-random sequence per thread (xorshift), so a failing schedule replays
/// exactly; the schedules themselves are what shuttle randomises.
fn transfers_for(thread: u64, count: usize) -> Vec<(usize, usize, u64)> {
    let mut state = 0x9e37_79b9_7f4a_7c15 ^ (thread + 1).wrapping_mul(0x2545_f491_4f6c_dd1d);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let from = (next() % ACCOUNTS as u64) as usize;
            // Never the same account: step 1 to ACCOUNTS - 1 places round the ring.
            let to = (from + 1 + (next() % (ACCOUNTS as u64 - 1)) as usize) % ACCOUNTS;
            (from, to, 1 + next() % 8)
        })
        .collect()
}

fn check(result: Result<(), TransferError>, from: usize, to: usize) {
    assert!(
        matches!(result, Ok(()) | Err(TransferError::InsufficientFunds)),
        "transfer({from}, {to}, ..) between two existing accounts returned {result:?}"
    );
}

#[test]
fn random_transfers_never_deadlock_and_keep_the_total() {
    shim::model(|| {
        let bank = Arc::new(Bank::new(vec![START; ACCOUNTS]));
        let mut threads: Vec<_> = (0..5)
            .map(|thread| {
                let bank = bank.clone();
                thread::spawn(move || {
                    for (from, to, amount) in transfers_for(thread, 3) {
                        check(bank.transfer(from, to, amount), from, to);
                    }
                })
            })
            .collect();
        // An auditor takes the total while the transfers run.
        threads.push({
            let bank = bank.clone();
            thread::spawn(move || {
                for _ in 0..2 {
                    let total = bank.total();
                    assert_eq!(
                        total, TOTAL,
                        "total() taken during transfers saw {total}, not {TOTAL}: it is not a \
                         snapshot (or a transfer showed money half-moved)"
                    );
                }
            })
        });
        for thread in threads {
            thread.join().unwrap();
        }
        let sum: u64 = (0..ACCOUNTS).map(|account| bank.balance(account)).sum();
        assert_eq!(
            sum, TOTAL,
            "money was created or destroyed by concurrent transfers"
        );
    });
}

#[test]
fn a_ring_of_transfers_never_deadlocks() {
    shim::model(|| {
        // Thread i pays account i+1 (mod 4) and thread 4+i pays it back: with argument-order
        // locking the waits can form a cycle through all four accounts, not just two.
        let bank = Arc::new(Bank::new(vec![START; ACCOUNTS]));
        let threads: Vec<_> = (0..2 * ACCOUNTS)
            .map(|thread| {
                let bank = bank.clone();
                thread::spawn(move || {
                    let (a, b) = (thread % ACCOUNTS, (thread + 1) % ACCOUNTS);
                    let (from, to) = if thread < ACCOUNTS { (a, b) } else { (b, a) };
                    for _ in 0..2 {
                        check(bank.transfer(from, to, 3), from, to);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(bank.total(), TOTAL, "money was created or destroyed");
    });
}
