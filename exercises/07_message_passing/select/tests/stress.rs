//! Stress test: three senders on three channels, one selector, real threads.

use std::time::Duration;

use select::{Selector, channel};
use shim::watchdog::Watchdog;

#[test]
fn one_selector_receives_everything_from_three_senders_in_order() {
    let watchdog = Watchdog::start(
        "a selector over three busy channels",
        Duration::from_secs(5),
    );
    let deadline = shim::stress::deadline();
    let (senders, receivers): (Vec<_>, Vec<_>) = (0..3).map(|_| channel::<u64>()).unzip();
    let sending: Vec<_> = senders
        .into_iter()
        .map(|sender| {
            std::thread::spawn(move || {
                let mut sent = 0;
                while std::time::Instant::now() < deadline {
                    sender.send(sent);
                    sent += 1;
                    if sent % 64 == 0 {
                        std::thread::yield_now(); // give the selector a chance to wait
                    }
                }
                sent
            })
        })
        .collect();
    let mut selector = Selector::new(receivers.iter().collect());
    let mut next = [0u64; 3];
    while let Some((index, number)) = selector.recv() {
        assert_eq!(
            number, next[index],
            "channel {index}: a message lost or out of order"
        );
        next[index] += 1;
        watchdog.progress();
    }
    let sent: Vec<u64> = sending
        .into_iter()
        .map(|s| s.join().expect("a sender panicked"))
        .collect();
    assert_eq!(next.to_vec(), sent, "messages were lost");
}
