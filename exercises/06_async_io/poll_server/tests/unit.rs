//! Unit tests: one client; many clients that finish in the reverse of the order they came;
//! and, while clients sit idle, the process's threads (one server thread, not one per client)
//! and its CPU time (a server asleep in poll uses none).

mod support;

use std::sync::{Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use support::{connect, cpu_time, finish, lines, start, threads};

/// The thread count and the CPU time are the whole process's: one test at a time.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[test]
fn one_client_gets_its_line_count() {
    let _serial = one_at_a_time();
    let server = start(1);
    let answer = finish(connect(server.address), &lines(3, 0));
    assert_eq!(answer, "3\n", "3 lines sent");
    server.wait();
}

#[test]
fn a_client_that_sends_nothing_gets_zero() {
    let _serial = one_at_a_time();
    let server = start(1);
    assert_eq!(finish(connect(server.address), b""), "0\n");
    server.wait();
}

#[test]
fn clients_that_finish_in_reverse_order_are_all_answered() {
    // All connect and send a first part; the last to come is the first to finish. A server
    // that serves one client to its end before looking at the next waits on the first
    // client forever, and the last one gets no answer.
    let _serial = one_at_a_time();
    let count = 20;
    let server = start(count);
    let clients: Vec<_> = (0..count)
        .map(|i| {
            let mut client = connect(server.address);
            std::io::Write::write_all(&mut client, &lines(i, i)).expect("send a first part");
            client
        })
        .collect();
    for (i, client) in clients.into_iter().enumerate().rev() {
        let answer = finish(client, &lines(3 * i, i + 1));
        assert_eq!(
            answer,
            format!("{}\n", 4 * i),
            "client {i} sent {} lines",
            4 * i
        );
    }
    server.wait();
}

#[test]
fn idle_clients_cost_no_thread_and_no_cpu() {
    let _serial = one_at_a_time();
    let count = 8;
    let before = threads();
    let server = start(count);
    let clients: Vec<_> = (0..count).map(|_| connect(server.address)).collect();
    // Let the server accept them all, then watch it while nobody sends anything.
    thread::sleep(Duration::from_millis(100));
    let (cpu_before, started) = (cpu_time(), Instant::now());
    let mut most = before;
    while started.elapsed() < Duration::from_millis(500) {
        most = most.max(threads());
        thread::sleep(Duration::from_millis(20));
    }
    let cpu = cpu_time() - cpu_before;
    for (i, client) in clients.into_iter().enumerate() {
        assert_eq!(finish(client, &lines(i, 0)), format!("{i}\n"));
    }
    server.wait();
    match (before, most) {
        // The server's own thread, and room for a test thread the harness starts meanwhile.
        (Some(before), Some(most)) => assert!(
            most <= before + 2,
            "{count} clients made the process grow from {before} to {most} threads: serve \
             them all from the one thread that calls serve, waiting in poll"
        ),
        _ => shim::skipped(
            "no /proc/self/task on this system: the one-thread check (no thread per client) \
             did not run",
        ),
    }
    assert!(
        cpu < Duration::from_millis(100),
        "the process used {cpu:?} of CPU in 500 ms while {count} clients sent nothing: a \
         server that waits in poll uses almost none. Is it reading again and again?"
    );
}
