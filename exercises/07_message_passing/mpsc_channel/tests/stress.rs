//! Stress test: three senders and a receiver on real threads, under a watchdog.

use std::time::Duration;

use mpsc_channel::channel;
use shim::watchdog::Watchdog;

/// Three senders each send `0..` tagged with their number; the receiver checks that nothing
/// is lost, duplicated or reordered per sender.
fn three_senders(capacity: usize) {
    let watchdog = Watchdog::start("three senders and a receiver", Duration::from_secs(5));
    let (sender, receiver) = channel::<(usize, u64)>(capacity);
    let deadline = shim::stress::deadline();
    let senders: Vec<_> = (0..3)
        .map(|id| {
            let sender = sender.clone();
            std::thread::spawn(move || {
                let mut sent = 0;
                while std::time::Instant::now() < deadline {
                    sender.send((id, sent)).expect("the receiver is alive");
                    sent += 1;
                }
                sent
            })
        })
        .collect();
    drop(sender);
    let mut next = [0u64; 3];
    while let Some((id, number)) = receiver.recv() {
        assert_eq!(
            number, next[id],
            "capacity {capacity}: from sender {id} came {number} where {} was next",
            next[id]
        );
        next[id] += 1;
        watchdog.progress();
    }
    let sent: Vec<u64> = senders
        .into_iter()
        .map(|s| s.join().expect("a sender panicked"))
        .collect();
    assert_eq!(
        next.to_vec(),
        sent,
        "capacity {capacity}: messages were lost"
    );
}

#[test]
fn three_senders_on_a_buffered_channel_lose_nothing() {
    three_senders(4);
}

#[test]
fn three_senders_on_a_rendezvous_channel_lose_nothing() {
    three_senders(0);
}
