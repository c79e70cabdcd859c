//! Stress test: servers of many clients each, which send their lines in random parts after
//! random pauses and finish in a random order, under a watchdog.

mod support;

use std::io::Write;
use std::thread;
use std::time::Duration;

use shim::watchdog::Watchdog;
use support::{connect, finish, lines, start};

#[test]
fn many_clients_in_random_order_get_their_line_counts() {
    let watchdog = Watchdog::start("serving clients in random order", Duration::from_secs(15));
    let deadline = shim::stress::deadline();
    let mut random = shim::stress::random(0);
    let mut next = move |bound: usize| random(bound as u64) as usize;
    let mut served = 0;
    while served == 0 || std::time::Instant::now() < deadline {
        let count = 1 + next(40);
        let server = start(count);
        // Each client thread connects, sends a first part, waits a little, and finishes.
        let clients: Vec<_> = (0..count)
            .map(|i| {
                let (first, second, pause) = (next(50), next(50), next(3_000));
                let address = server.address;
                thread::spawn(move || {
                    let mut client = connect(address);
                    client
                        .write_all(&lines(first, i))
                        .expect("send a first part");
                    thread::sleep(Duration::from_micros(pause as u64));
                    let answer = finish(client, &lines(second, i + 1));
                    assert_eq!(answer, format!("{}\n", first + second), "a wrong count");
                })
            })
            .collect();
        for client in clients {
            client.join().expect("a client failed");
        }
        server.wait();
        served += count;
        watchdog.progress();
    }
    eprintln!("{served} clients served");
}
