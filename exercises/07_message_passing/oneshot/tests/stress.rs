//! Stress test: many channels handed between real threads, under a watchdog.

use std::sync::mpsc;
use std::time::Duration;

use oneshot::{Sender, oneshot};
use shim::watchdog::Watchdog;

#[test]
fn thousands_of_channels_deliver_or_close_every_time() {
    let watchdog = Watchdog::start("channels between two threads", Duration::from_secs(5));
    // A second thread takes each sender and either sends its number or drops it unsent.
    let (to_worker, senders) = mpsc::channel::<(u64, Sender<u64>)>();
    let worker = std::thread::spawn(move || {
        for (round, sender) in senders {
            if round % 3 == 0 {
                drop(sender);
            } else {
                sender.send(round);
            }
        }
    });
    shim::stress::repeat_for_duration(|round| {
        let (sender, receiver) = oneshot();
        to_worker
            .send((round, sender))
            .expect("the worker is alive");
        let expected = (round % 3 != 0).then_some(round);
        assert_eq!(
            receiver.recv(),
            expected,
            "round {round}: the sender {} but recv returned something else",
            if expected.is_some() {
                "sent its round"
            } else {
                "was dropped unsent"
            }
        );
        watchdog.progress();
    });
    drop(to_worker);
    worker.join().expect("the worker panicked");
}
