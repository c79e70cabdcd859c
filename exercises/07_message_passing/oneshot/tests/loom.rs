//! Loom model: every interleaving of the two ends, with weak memory.
//!
//! Loom's condition variables never wake spuriously, but loom finds the other two classic
//! bugs of a channel at once: a wake-up that happens before the state changes (or never), which
//! leaves the receiver asleep for ever (loom reports a deadlock: every thread is blocked), and
//! a value handed over with no happens-before edge (a causality violation).
#![cfg(loom)]

use oneshot::oneshot;
use shim::thread;

#[test]
fn a_send_racing_with_recv_is_received_whole() {
    shim::model(|| {
        let (sender, receiver) = oneshot();
        let sending = thread::spawn(move || sender.send(String::from("whole")));
        assert_eq!(
            receiver.recv().as_deref(),
            Some("whole"),
            "the receiver must get exactly the value sent"
        );
        sending.join().unwrap();
    });
}

#[test]
fn a_drop_racing_with_recv_wakes_the_receiver_with_none() {
    shim::model(|| {
        let (sender, receiver) = oneshot::<u32>();
        let dropping = thread::spawn(move || drop(sender));
        assert_eq!(
            receiver.recv(),
            None,
            "the sender was dropped unsent, so recv must return None"
        );
        dropping.join().unwrap();
    });
}

#[test]
fn a_receiver_on_another_thread_gets_the_value() {
    shim::model(|| {
        let (sender, receiver) = oneshot();
        let receiving = thread::spawn(move || receiver.recv());
        sender.send(5u64);
        assert_eq!(receiving.join().unwrap(), Some(5));
    });
}
