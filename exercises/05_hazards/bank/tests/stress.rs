//! Stress test: real threads transfer in opposite directions for a fixed time, under a watchdog
//! that turns a deadlock into a clear "no progress" verdict instead of a hang.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bank::{Bank, TransferError};
use shim::watchdog::Watchdog;

const ACCOUNTS: usize = 3;
const START: u64 = 1_000;
const TOTAL: u64 = START * ACCOUNTS as u64;

#[test]
fn opposite_transfers_on_real_threads_never_stall_and_keep_the_total() {
    let bank = Arc::new(Bank::new(vec![START; ACCOUNTS]));
    let watchdog = Watchdog::start(
        "threads transferring between the same accounts in opposite directions",
        Duration::from_secs(2),
    );
    let deadline = shim::stress::deadline();
    // Six workers: for every pair of accounts, one pays in each direction.
    let mut workers: Vec<_> = (0..2 * ACCOUNTS)
        .map(|worker| {
            let (bank, watchdog) = (bank.clone(), watchdog.handle());
            std::thread::spawn(move || {
                let (a, b) = (worker % ACCOUNTS, (worker + 1) % ACCOUNTS);
                let (from, to) = if worker < ACCOUNTS { (a, b) } else { (b, a) };
                let mut moved = 0u64;
                while Instant::now() < deadline {
                    let amount = 1 + moved % 7;
                    match bank.transfer(from, to, amount) {
                        Ok(()) => moved += 1,
                        Err(TransferError::InsufficientFunds) => {}
                        Err(other) => panic!("transfer({from}, {to}, {amount}) returned {other:?}"),
                    }
                    watchdog.progress();
                }
                moved
            })
        })
        .collect();
    // An auditor takes totals all along: each must be a snapshot of the conserved total.
    workers.push({
        let (bank, watchdog) = (bank.clone(), watchdog.handle());
        std::thread::spawn(move || {
            let mut audits = 0u64;
            while Instant::now() < deadline {
                let total = bank.total();
                assert_eq!(
                    total, TOTAL,
                    "total() taken during transfers saw {total}, not {TOTAL}: not a snapshot"
                );
                audits += 1;
                watchdog.progress();
            }
            audits
        })
    });
    let mut rounds = 0;
    for worker in workers {
        rounds += worker.join().expect("a worker panicked");
    }
    assert!(rounds > 0, "no transfer or audit ran at all");
    let sum: u64 = (0..ACCOUNTS).map(|account| bank.balance(account)).sum();
    assert_eq!(
        sum, TOTAL,
        "money was created or destroyed by concurrent transfers"
    );
    assert_eq!(bank.total(), TOTAL);
}
