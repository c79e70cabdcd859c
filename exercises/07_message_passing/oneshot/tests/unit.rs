//! Unit tests: the channel's behaviour on real threads.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use oneshot::{Receiver, Sender, oneshot};
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};

// Each end moves to another thread, and with it the value: they are `Send` exactly when `T` is.
assert_impl_all!(Sender<Cell<u8>>: Send);
assert_impl_all!(Receiver<Cell<u8>>: Send);
assert_not_impl_any!(Sender<Rc<u8>>: Send);
assert_not_impl_any!(Receiver<Rc<u8>>: Send);

/// Counts how many times values of it are dropped.
struct CountsDrops(Arc<AtomicUsize>);

impl Drop for CountsDrops {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn a_value_sent_first_is_received() {
    let (sender, receiver) = oneshot();
    sender.send(String::from("hello"));
    assert_eq!(receiver.recv().as_deref(), Some("hello"));
}

#[test]
fn recv_waits_for_a_value_sent_later() {
    // One wait in four wakes up spuriously under the checker: over 50 rounds a receiver that
    // does not re-check after waking is caught all but once in a million runs.
    let watchdog = Watchdog::start(
        "a receiver waiting for a later send",
        Duration::from_secs(5),
    );
    for round in 0..50u32 {
        let (sender, receiver) = oneshot();
        let sending = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(2));
            sender.send(round);
        });
        assert_eq!(
            receiver.recv(),
            Some(round),
            "recv returned before the value was sent: wait `while` nothing has been sent"
        );
        sending.join().expect("the sending thread panicked");
        watchdog.progress();
    }
}

#[test]
fn a_sender_dropped_unsent_gives_none() {
    let watchdog = Watchdog::start("recv after the sender was dropped", Duration::from_secs(5));
    let (sender, receiver) = oneshot::<u32>();
    drop(sender);
    assert_eq!(receiver.recv(), None);
    drop(watchdog);
}

#[test]
fn a_sender_dropped_while_the_receiver_waits_wakes_it() {
    let watchdog = Watchdog::start(
        "a receiver waiting on a sender that is dropped unsent",
        Duration::from_secs(5),
    );
    let (sender, receiver) = oneshot::<u32>();
    let receiving = std::thread::spawn(move || receiver.recv());
    std::thread::sleep(Duration::from_millis(50));
    drop(sender);
    let received = receiving.join().expect("the receiving thread panicked");
    drop(watchdog);
    assert_eq!(
        received, None,
        "no value was sent, so recv must return None"
    );
}

#[test]
fn the_value_is_dropped_exactly_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let (sender, receiver) = oneshot();
    sender.send(CountsDrops(drops.clone()));
    let received = receiver.recv();
    assert_eq!(
        drops.load(Ordering::SeqCst),
        0,
        "the value was dropped before it arrived"
    );
    drop(received);
    assert_eq!(drops.load(Ordering::SeqCst), 1);

    // Sent but never received: the value goes when both ends are gone, and only once.
    let (sender, receiver) = oneshot();
    sender.send(CountsDrops(drops.clone()));
    drop(receiver);
    assert_eq!(
        drops.load(Ordering::SeqCst),
        2,
        "an unreceived value must be dropped once"
    );
}
