//! A bank whose accounts each have their own lock: transfers between different accounts run in
//! parallel, transfers never deadlock, and money is never created or destroyed.
//!
//! Reference solution: every thread takes account locks in one global order (by index).

// The shim's tracked locks: std's `Mutex` API, and they record who holds and who waits for
// each one, which is how the checks see which Coffman condition your fix breaks.
use shim::tracked::{Mutex, MutexGuard};

/// Why a transfer was refused. A refused transfer changes nothing.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum TransferError {
    /// `from` holds less than `amount`.
    InsufficientFunds,
    /// `from` or `to` is not an account of this bank.
    NoSuchAccount,
    /// `from` and `to` are the same account.
    SameAccount,
}

/// The four conditions that must all hold for a deadlock (Coffman, 1971).
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Coffman {
    /// A resource is held by one thread at a time.
    MutualExclusion,
    /// A thread holds one resource while it waits for another.
    HoldAndWait,
    /// Nobody can take a resource away from the thread that holds it.
    NoPreemption,
    /// The threads wait for each other in a cycle.
    CircularWait,
}

/// The Coffman condition that this bank's `transfer` breaks, so that it cannot deadlock.
pub fn condition_broken() -> Coffman {
    // Every thread takes the lower-numbered account first, so a thread only ever waits for a
    // higher-numbered lock than any it holds: waits only go "upwards" and cannot form a cycle.
    Coffman::CircularWait
}

pub struct Bank {
    /// One lock per account, so transfers between different accounts never wait for each other.
    accounts: Vec<Mutex<u64>>,
}

impl Bank {
    pub fn new(balances: Vec<u64>) -> Self {
        Bank {
            accounts: balances.into_iter().map(Mutex::new).collect(),
        }
    }

    /// Moves `amount` from `from` to `to`, or changes nothing and says why not.
    pub fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
        if from >= self.accounts.len() || to >= self.accounts.len() {
            return Err(TransferError::NoSuchAccount);
        }
        if from == to {
            // Locking the same mutex twice would make the thread wait for itself, forever.
            return Err(TransferError::SameAccount);
        }
        // The global lock order: lower index first, whichever way the money flows.
        let (mut from_balance, mut to_balance) = if from < to {
            let from_balance = lock(&self.accounts[from]);
            (from_balance, lock(&self.accounts[to]))
        } else {
            let to_balance = lock(&self.accounts[to]);
            (lock(&self.accounts[from]), to_balance)
        };
        // Check and move in one critical section that holds both locks: nobody can spend the
        // same money meanwhile, and nobody can see it in neither account or in both.
        if *from_balance < amount {
            return Err(TransferError::InsufficientFunds);
        }
        *from_balance -= amount;
        *to_balance += amount;
        Ok(())
    }

    /// The balance of one account. Panics if there is no such account.
    pub fn balance(&self, account: usize) -> u64 {
        *lock(&self.accounts[account])
    }

    /// The sum of all balances, as it was at one instant.
    pub fn total(&self) -> u64 {
        // Hold every lock at once, so no transfer is half-seen; take them in the same global
        // order as `transfer` does, or `total` and a transfer could deadlock with each other.
        let balances: Vec<MutexGuard<'_, u64>> = self.accounts.iter().map(lock).collect();
        balances.iter().map(|balance| **balance).sum()
    }
}

/// Locks one account.
fn lock(account: &Mutex<u64>) -> MutexGuard<'_, u64> {
    // Poisoned means a thread panicked while holding this lock: the balance may be wrong, so
    // stop rather than go on with it.
    account
        .lock()
        .expect("an account lock is poisoned: a thread panicked while holding it")
}
