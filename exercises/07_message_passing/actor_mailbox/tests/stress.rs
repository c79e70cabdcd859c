//! Stress test: many threads sending to one actor through clones of its address.

use std::time::Duration;

use actor_mailbox::{Actor, spawn};
use shim::watchdog::Watchdog;

/// Counts what it is sent; only its own thread ever touches the count.
#[derive(Default)]
struct Counter {
    total: u64,
    messages: u64,
}

impl Actor for Counter {
    type Message = u64;

    fn handle(&mut self, amount: u64) {
        self.total += amount;
        self.messages += 1;
    }
}

#[test]
fn four_threads_sending_at_once_lose_nothing() {
    let watchdog = Watchdog::start("four threads sending to a counter", Duration::from_secs(5));
    shim::stress::repeat_for_duration(|round| {
        let (counter, running) = spawn(Counter::default());
        let senders: Vec<_> = (0..4)
            .map(|_| {
                let counter = counter.clone();
                std::thread::spawn(move || {
                    for amount in 1..=1000 {
                        counter.send(amount).expect("the counter is running");
                    }
                })
            })
            .collect();
        drop(counter);
        for sender in senders {
            sender.join().expect("a sender panicked");
        }
        let counter = running.join().expect("the counter crashed");
        assert_eq!(counter.messages, 4000, "round {round}: messages were lost");
        assert_eq!(
            counter.total,
            4 * 500_500,
            "round {round}: messages were lost"
        );
        watchdog.progress();
    });
}
