//! A bank whose transfers never deadlock, and money is never created or destroyed.
//!
//! RIGHT (fixture): one lock for the whole bank. Transfers no longer run in parallel, but a
//! thread that holds the lock needs nothing else, so it never waits while holding a lock.

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
    // One lock: whoever holds it has every account, so nobody holds one and waits for another.
    Coffman::HoldAndWait
}

pub struct Bank {
    /// Every balance, behind the one lock.
    balances: Mutex<Vec<u64>>,
}

impl Bank {
    pub fn new(balances: Vec<u64>) -> Self {
        Bank {
            balances: Mutex::new(balances),
        }
    }

    /// Moves `amount` from `from` to `to`, or changes nothing and says why not.
    pub fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
        let mut balances = self.lock();
        if from >= balances.len() || to >= balances.len() {
            return Err(TransferError::NoSuchAccount);
        }
        if from == to {
            return Err(TransferError::SameAccount);
        }
        // Check and move under the lock: nobody can spend the same money meanwhile.
        if balances[from] < amount {
            return Err(TransferError::InsufficientFunds);
        }
        balances[from] -= amount;
        balances[to] += amount;
        Ok(())
    }

    /// The balance of one account. Panics if there is no such account.
    pub fn balance(&self, account: usize) -> u64 {
        self.lock()[account]
    }

    /// The sum of all balances, as it was at one instant.
    pub fn total(&self) -> u64 {
        self.lock().iter().sum()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<u64>> {
        // Poisoned means a thread panicked while holding the lock: the balances may be wrong,
        // so stop rather than go on with them.
        self.balances
            .lock()
            .expect("the bank's lock is poisoned: a thread panicked while holding it")
    }
}
