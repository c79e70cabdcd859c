//! Loom model: a send or a sender leaving, racing with a select over two channels.
//!
//! A selector that looks at the channels before it is registered to be woken can miss a send
//! that lands in between, and sleep for ever: loom reports it as a deadlock.
#![cfg(loom)]

use select::{Selector, channel};
use shim::thread;

#[test]
fn a_send_racing_with_select_is_received() {
    shim::model(|| {
        let (quiet, quiet_rx) = channel::<u8>();
        let (busy, busy_rx) = channel::<u8>();
        let sending = thread::spawn(move || busy.send(5));
        let mut selector = Selector::new(vec![&quiet_rx, &busy_rx]);
        assert_eq!(selector.recv(), Some((1, 5)));
        sending.join().unwrap();
        drop(quiet);
    });
}

#[test]
fn the_last_sender_leaving_wakes_the_selector() {
    shim::model(|| {
        let (first, first_rx) = channel::<u8>();
        let (second, second_rx) = channel::<u8>();
        let leaving = thread::spawn(move || {
            drop(first);
            drop(second);
        });
        let mut selector = Selector::new(vec![&first_rx, &second_rx]);
        assert_eq!(selector.recv(), None);
        leaving.join().unwrap();
    });
}
