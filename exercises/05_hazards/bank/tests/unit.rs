//! Unit tests: the bank's rules, on one thread.

use bank::{Bank, Coffman, TransferError, condition_broken};
use static_assertions::assert_impl_all;

fn balances(bank: &Bank, accounts: usize) -> Vec<u64> {
    (0..accounts).map(|account| bank.balance(account)).collect()
}

#[test]
fn a_new_bank_holds_the_given_balances() {
    let bank = Bank::new(vec![5, 0, 12]);
    assert_eq!(
        balances(&bank, 3),
        vec![5, 0, 12],
        "balance(i) must be the i-th balance given to Bank::new"
    );
}

#[test]
fn a_transfer_moves_money_from_one_account_to_the_other() {
    let bank = Bank::new(vec![10, 20, 30]);
    assert_eq!(bank.transfer(0, 2, 4), Ok(()));
    assert_eq!(
        balances(&bank, 3),
        vec![6, 20, 34],
        "transfer(0, 2, 4) must take 4 from account 0 and add 4 to account 2"
    );
    assert_eq!(
        bank.transfer(2, 0, 34),
        Ok(()),
        "the whole balance may move"
    );
    assert_eq!(
        balances(&bank, 3),
        vec![40, 20, 0],
        "a transfer towards a lower-numbered account must move money the same way"
    );
}

#[test]
fn a_transfer_larger_than_the_balance_is_refused_and_changes_nothing() {
    let bank = Bank::new(vec![3, 7]);
    assert_eq!(
        bank.transfer(0, 1, 4),
        Err(TransferError::InsufficientFunds),
        "account 0 holds 3, so moving 4 out of it must fail with InsufficientFunds"
    );
    assert_eq!(
        balances(&bank, 2),
        vec![3, 7],
        "a refused transfer must leave every balance as it was"
    );
}

#[test]
fn a_transfer_involving_a_missing_account_is_refused() {
    let bank = Bank::new(vec![10, 10]);
    assert_eq!(
        bank.transfer(0, 2, 1),
        Err(TransferError::NoSuchAccount),
        "there is no account 2 to pay into"
    );
    assert_eq!(
        bank.transfer(5, 1, 1),
        Err(TransferError::NoSuchAccount),
        "there is no account 5 to pay from"
    );
    assert_eq!(
        balances(&bank, 2),
        vec![10, 10],
        "a refused transfer changes nothing"
    );
}

#[test]
fn a_transfer_to_the_same_account_is_refused() {
    let bank = Bank::new(vec![10, 10]);
    // Locking one account twice on one thread would hang (or panic) instead of returning.
    assert_eq!(
        bank.transfer(1, 1, 5),
        Err(TransferError::SameAccount),
        "from and to are the same account: refuse with SameAccount (and never lock it twice)"
    );
    assert_eq!(balances(&bank, 2), vec![10, 10]);
}

#[test]
fn total_is_the_sum_of_all_balances() {
    let bank = Bank::new(vec![1, 2, 3, 4]);
    assert_eq!(bank.total(), 10);
    bank.transfer(3, 0, 4).unwrap();
    bank.transfer(1, 2, 1).unwrap();
    assert_eq!(
        bank.total(),
        10,
        "transfers move money, they never create or destroy it"
    );
    assert_eq!(
        Bank::new(Vec::new()).total(),
        0,
        "a bank with no accounts holds nothing"
    );
}

#[test]
fn the_fix_keeps_accounts_exclusive() {
    let condition = condition_broken();
    assert_ne!(
        condition,
        Coffman::MutualExclusion,
        "two threads must never change one balance at the same time, so mutual exclusion has \
         to stay: name the condition your fix breaks (README.md, 'Breaking a condition')"
    );
}

// Checked when this file compiles: a bank is made to be shared between threads.
assert_impl_all!(Bank: Send, Sync);
