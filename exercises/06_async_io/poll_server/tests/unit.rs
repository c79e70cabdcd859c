//! Unit tests: one client; many clients that finish in the reverse of the order they came;
//! and, while clients sit idle, the process's threads (one server thread, not one per client)
//! and its CPU time (a server asleep in poll uses none).

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use support::{connect, cpu_time, finish, lines, start, thread_cpu_time, threads};

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
    // A thread that polls with yields meanwhile: how much CPU a busy server would get on
    // this machine right now, however loaded it is (a fixed limit lets a busy loop through
    // when the cores are shared with many other programs).
    let watching = Arc::new(AtomicBool::new(true));
    let spinner = {
        let watching = watching.clone();
        thread::spawn(move || {
            let before = thread_cpu_time();
            while watching.load(Ordering::Relaxed) {
                thread::yield_now();
            }
            thread_cpu_time() - before
        })
    };
    let (cpu_before, started) = (cpu_time(), Instant::now());
    let mut most = before;
    while started.elapsed() < Duration::from_millis(500) {
        most = most.max(threads());
        thread::sleep(Duration::from_millis(20));
    }
    let process = cpu_time() - cpu_before;
    watching.store(false, Ordering::Relaxed);
    let spinning = spinner.join().expect("the spinner panicked");
    // The spinner's own CPU is in the process's: what is left is the server's (and this
    // thread's few looks at the thread count).
    let cpu = process.saturating_sub(spinning);
    for (i, client) in clients.into_iter().enumerate() {
        assert_eq!(finish(client, &lines(i, 0)), format!("{i}\n"));
    }
    server.wait();
    match (before, most) {
        // The server's own thread, the spinner, and room for a test thread the harness starts
        // meanwhile.
        (Some(before), Some(most)) => assert!(
            most <= before + 3,
            "{count} clients made the process grow from {before} to {most} threads: serve \
             them all from the one thread that calls serve, waiting in poll"
        ),
        _ => shim::skipped(
            "this system does not say how many threads a process has: the one-thread check \
             (no thread per client) did not run",
        ),
    }
    // The spinner counts as at least 40 ms, so that on a machine too busy to give it that
    // much, a server that sleeps is not judged by noise.
    assert!(
        cpu * 4 < spinning.max(Duration::from_millis(40)),
        "the server used {cpu:?} of CPU in 500 ms while {count} clients sent nothing, as much \
         as a thread that polls in a loop ({spinning:?}): a server that waits in poll uses \
         almost none. Is it reading again and again?"
    );
}
