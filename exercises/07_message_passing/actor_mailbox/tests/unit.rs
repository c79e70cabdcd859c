//! Unit tests: an account actor, driven only through its address.

use std::rc::Rc;
use std::sync::mpsc;
use std::time::Duration;

use actor_mailbox::{Actor, Address, spawn};
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};

// An address moves to other threads, and its messages with it: `Send` exactly when they are.
assert_impl_all!(Address<u64>: Send, Clone);
assert_not_impl_any!(Address<Rc<u64>>: Send);

/// A bank account whose balance only its own thread ever touches.
#[derive(Default)]
struct Account {
    balance: u64,
    deposits: Vec<u64>,
}

#[derive(Debug)]
enum Command {
    Deposit(u64),
    Balance(mpsc::Sender<u64>),
    /// Waits for a signal before going on: the account is busy.
    Busy(mpsc::Receiver<()>),
    /// Drops the reply address without answering.
    Ignore(mpsc::Sender<u64>),
    /// The account crashes.
    Crash,
}

impl Actor for Account {
    type Message = Command;

    fn handle(&mut self, message: Command) {
        match message {
            Command::Deposit(amount) => {
                self.balance += amount;
                self.deposits.push(amount);
            }
            Command::Balance(reply) => {
                let _ = reply.send(self.balance);
            }
            Command::Busy(until) => {
                let _ = until.recv();
            }
            Command::Ignore(reply) => drop(reply),
            Command::Crash => panic!("planned crash"),
        }
    }
}

fn quiet_planned_crash() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.payload().downcast_ref::<&str>() != Some(&"planned crash") {
            report(info);
        }
    }));
}

#[test]
fn a_request_gets_its_reply() {
    let watchdog = Watchdog::start("asking an account its balance", Duration::from_secs(5));
    let (account, running) = spawn(Account::default());
    account
        .send(Command::Deposit(5))
        .expect("the account is running");
    assert_eq!(account.ask(Command::Balance), Some(5));
    drop(account);
    running.join().expect("the account crashed");
    drop(watchdog);
}

#[test]
fn messages_from_one_sender_are_handled_in_order() {
    let watchdog = Watchdog::start("an account handling deposits", Duration::from_secs(5));
    let (account, running) = spawn(Account::default());
    for amount in 1..=100 {
        account
            .send(Command::Deposit(amount))
            .expect("the account is running");
    }
    drop(account);
    let account = running.join().expect("the account crashed");
    assert_eq!(
        account.deposits,
        (1..=100).collect::<Vec<_>>(),
        "deposits lost or reordered"
    );
    drop(watchdog);
}

#[test]
fn the_actor_ends_when_every_address_is_gone_and_returns_its_state() {
    let watchdog = Watchdog::start(
        "an account whose addresses are dropped",
        Duration::from_secs(5),
    );
    let (account, running) = spawn(Account::default());
    let other = account.clone();
    account
        .send(Command::Deposit(1))
        .expect("the account is running");
    drop(account);
    other
        .send(Command::Deposit(2))
        .expect("one address is left: the account still runs");
    drop(other);
    let account = running.join().expect("the account crashed");
    assert_eq!(
        account.balance, 3,
        "every message sent before the last address went counts"
    );
    drop(watchdog);
}

#[test]
fn an_idle_actor_waits_for_its_next_message() {
    let watchdog = Watchdog::start("an idle account", Duration::from_secs(5));
    let (account, running) = spawn(Account::default());
    // Long enough for the actor to find its mailbox empty: it must wait, not end.
    std::thread::sleep(Duration::from_millis(30));
    account
        .send(Command::Deposit(4))
        .expect("the account must still be running: an empty mailbox is not the end");
    assert_eq!(account.ask(Command::Balance), Some(4));
    drop(account);
    running.join().expect("the account crashed");
    drop(watchdog);
}

#[test]
fn send_returns_at_once_even_while_the_actor_is_busy() {
    let watchdog = Watchdog::start("sending to a busy account", Duration::from_secs(5));
    let (account, running) = spawn(Account::default());
    let (go_on, until) = mpsc::channel();
    account
        .send(Command::Busy(until))
        .expect("the account is running");
    // The account is stuck in `Busy` until we signal. A send that waits for the actor to
    // take the message would wait for ever here (and the watchdog would say so).
    account
        .send(Command::Deposit(7))
        .expect("the account is running");
    account
        .send(Command::Deposit(8))
        .expect("the account is running");
    go_on.send(()).expect("the account waits for the signal");
    assert_eq!(account.ask(Command::Balance), Some(15));
    drop(account);
    running.join().expect("the account crashed");
    drop(watchdog);
}

#[test]
fn a_request_dropped_unanswered_gives_none() {
    let watchdog = Watchdog::start(
        "asking an account that does not answer",
        Duration::from_secs(5),
    );
    let (account, running) = spawn(Account::default());
    assert_eq!(
        account.ask(Command::Ignore),
        None,
        "no reply was sent: ask must return None"
    );
    drop(account);
    running.join().expect("the account crashed");
    drop(watchdog);
}

#[test]
fn sending_to_a_crashed_actor_gives_the_message_back() {
    quiet_planned_crash();
    let (account, running) = spawn(Account::default());
    account
        .send(Command::Crash)
        .expect("the account is running");
    assert!(running.join().is_err(), "the account was told to crash");
    match account.send(Command::Deposit(9)) {
        Err(Command::Deposit(9)) => {}
        Err(_) => panic!("send gave back another message than the one sent"),
        Ok(()) => panic!("the account is gone: send must give the message back"),
    }
    assert_eq!(
        account.ask(Command::Balance),
        None,
        "the account is gone: ask must return None"
    );
}
