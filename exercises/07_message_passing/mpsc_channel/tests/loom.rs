//! Loom model: every interleaving of senders and the receiver on tiny channels.
//!
//! Loom's condition variables never wake spuriously, so a thread nobody wakes sleeps for ever
//! and loom reports a deadlock: a notify that is missing, or one that woke the wrong thread.
#![cfg(loom)]

use mpsc_channel::channel;
use shim::thread;

#[test]
fn two_messages_through_one_slot_arrive_in_order_then_the_stream_ends() {
    shim::model(|| {
        let (sender, receiver) = channel(1);
        let sending = thread::spawn(move || {
            sender.send(1).unwrap();
            sender.send(2).unwrap();
        });
        assert_eq!(receiver.recv(), Some(1));
        assert_eq!(receiver.recv(), Some(2));
        assert_eq!(
            receiver.recv(),
            None,
            "the sender is gone: the stream must end"
        );
        sending.join().unwrap();
    });
}

#[test]
fn two_rendezvous_senders_both_hand_over() {
    shim::model(|| {
        let (sender, receiver) = channel(0);
        let other = sender.clone();
        let first = thread::spawn(move || sender.send(1).unwrap());
        let second = thread::spawn(move || other.send(2).unwrap());
        let mut got = [receiver.recv(), receiver.recv()];
        got.sort();
        assert_eq!(
            got,
            [Some(1), Some(2)],
            "a message was lost or received twice"
        );
        first.join().unwrap();
        second.join().unwrap();
        assert_eq!(receiver.recv(), None);
    });
}

#[test]
fn a_sender_leaving_wakes_a_waiting_receiver() {
    shim::model(|| {
        let (sender, receiver) = channel::<u8>(1);
        let leaving = thread::spawn(move || drop(sender));
        assert_eq!(receiver.recv(), None);
        leaving.join().unwrap();
    });
}

#[test]
fn a_receiver_leaving_wakes_a_waiting_rendezvous_sender() {
    shim::model(|| {
        let (sender, receiver) = channel(0);
        let sending = thread::spawn(move || sender.send(7));
        drop(receiver);
        assert!(
            sending.join().unwrap().is_err(),
            "nobody received the message, so the rendezvous send must fail"
        );
    });
}
