//! Unit tests: the channel's behaviour on real threads (some waits wake spuriously on purpose).

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use mpsc_channel::{Disconnected, Receiver, Sender, channel};
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};

// The ends move to other threads, and the messages with them: `Send` exactly when `T` is.
assert_impl_all!(Sender<Cell<u8>>: Send, Clone);
assert_impl_all!(Receiver<Cell<u8>>: Send);
assert_not_impl_any!(Sender<Rc<u8>>: Send);
assert_not_impl_any!(Receiver<Rc<u8>>: Send);

/// Waits (under `watchdog`) until `count` reaches `at_least`.
fn until(count: &AtomicUsize, at_least: usize, watchdog: &Watchdog) {
    while count.load(Ordering::SeqCst) < at_least {
        std::thread::sleep(Duration::from_millis(1));
        watchdog.progress();
    }
}

#[test]
fn messages_from_one_sender_arrive_in_order() {
    let watchdog = Watchdog::start("one sender, one receiver", Duration::from_secs(5));
    let (sender, receiver) = channel(4);
    let sending = std::thread::spawn(move || {
        for number in 0..100 {
            sender.send(number).expect("the receiver is alive");
        }
    });
    for expected in 0..100 {
        assert_eq!(
            receiver.recv(),
            Some(expected),
            "messages lost or out of order"
        );
        watchdog.progress();
    }
    assert_eq!(
        receiver.recv(),
        None,
        "the only sender is gone: recv must return None"
    );
    sending.join().expect("the sender panicked");
}

#[test]
fn a_full_channel_makes_the_sender_wait() {
    let watchdog = Watchdog::start("a sender on a full channel", Duration::from_secs(5));
    let (sender, receiver) = channel(2);
    let sent = Arc::new(AtomicUsize::new(0));
    let sending = {
        let sent = sent.clone();
        std::thread::spawn(move || {
            for number in 0..3 {
                sender.send(number).expect("the receiver is alive");
                sent.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    until(&sent, 2, &watchdog);
    // The channel holds 2: the third send must wait for a receive, however long we wait.
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(
        sent.load(Ordering::SeqCst),
        2,
        "a channel of capacity 2 accepted a third message before anything was received"
    );
    assert_eq!(receiver.recv(), Some(0));
    until(&sent, 3, &watchdog);
    assert_eq!((receiver.recv(), receiver.recv()), (Some(1), Some(2)));
    sending.join().expect("the sender panicked");
}

#[test]
fn a_rendezvous_send_returns_only_once_its_message_is_taken() {
    let watchdog = Watchdog::start("a rendezvous", Duration::from_secs(5));
    for round in 0..10 {
        let (sender, receiver) = channel(0);
        let sent = Arc::new(AtomicUsize::new(0));
        let sending = {
            let sent = sent.clone();
            std::thread::spawn(move || {
                sender.send(round).expect("the receiver is alive");
                sent.fetch_add(1, Ordering::SeqCst);
            })
        };
        std::thread::sleep(Duration::from_millis(10));
        assert_eq!(
            sent.load(Ordering::SeqCst),
            0,
            "with capacity 0, send returned before anyone received the message"
        );
        assert_eq!(receiver.recv(), Some(round));
        sending.join().expect("the sender panicked");
        assert_eq!(sent.load(Ordering::SeqCst), 1);
        watchdog.progress();
    }
}

#[test]
fn recv_waits_for_messages_sent_later() {
    // One wait in four wakes up spuriously under the checker: over 50 rounds a receiver that
    // does not check again after waking is caught all but once in a million runs.
    let watchdog = Watchdog::start(
        "a receiver waiting for a later send",
        Duration::from_secs(5),
    );
    for round in 0..50 {
        let (sender, receiver) = channel(1);
        let sending = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(2));
            sender.send(round).expect("the receiver is alive");
        });
        assert_eq!(
            receiver.recv(),
            Some(round),
            "recv returned before the message came"
        );
        sending.join().expect("the sender panicked");
        watchdog.progress();
    }
}

#[test]
fn the_last_sender_leaving_ends_the_stream_after_the_queued_messages() {
    let watchdog = Watchdog::start("a receiver after its senders left", Duration::from_secs(5));
    let (sender, receiver) = channel(4);
    let other = sender.clone();
    sender.send(1).expect("the receiver is alive");
    other.send(2).expect("the receiver is alive");
    drop(sender);
    assert_eq!(receiver.recv(), Some(1));
    drop(other);
    assert_eq!(
        receiver.recv(),
        Some(2),
        "a queued message was lost when the senders left"
    );
    assert_eq!(receiver.recv(), None);
    drop(watchdog);
}

#[test]
fn a_receiver_waiting_is_woken_when_the_last_sender_leaves() {
    let watchdog = Watchdog::start(
        "a receiver waiting on senders that leave",
        Duration::from_secs(5),
    );
    let (sender, receiver) = channel::<u32>(1);
    let other = sender.clone();
    let receiving = std::thread::spawn(move || receiver.recv());
    std::thread::sleep(Duration::from_millis(20));
    drop(sender);
    std::thread::sleep(Duration::from_millis(20));
    drop(other);
    assert_eq!(receiving.join().expect("the receiver panicked"), None);
    drop(watchdog);
}

#[test]
fn sending_to_a_dropped_receiver_gives_the_message_back() {
    let (sender, receiver) = channel(2);
    drop(receiver);
    assert_eq!(
        sender.send(String::from("back")),
        Err(Disconnected(String::from("back")))
    );
}

#[test]
fn senders_waiting_on_a_receiver_that_leaves_get_their_messages_back() {
    let watchdog = Watchdog::start(
        "senders waiting on a receiver that leaves",
        Duration::from_secs(5),
    );
    // Capacity 1: the first message fits; the second send waits for room that never comes.
    let (sender, receiver) = channel(1);
    sender
        .send(1)
        .expect("the receiver is alive and there is room");
    let waiting = std::thread::spawn(move || sender.send(2));
    std::thread::sleep(Duration::from_millis(30));
    drop(receiver);
    assert_eq!(
        waiting.join().expect("the sender panicked"),
        Err(Disconnected(2)),
        "a send waiting for room must give its message back when the receiver leaves"
    );
    // Capacity 0: every send waits for the receiver, which leaves without receiving.
    let (sender, receiver) = channel(0);
    let waiting: Vec<_> = (1..=2)
        .map(|number| {
            let sender = sender.clone();
            std::thread::spawn(move || sender.send(number))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(30));
    drop(receiver);
    for (number, sending) in (1..=2).zip(waiting) {
        assert_eq!(
            sending.join().expect("a sender panicked"),
            Err(Disconnected(number)),
            "nobody received message {number}: its rendezvous send must give it back"
        );
    }
    drop(watchdog);
}
