//! Unit tests: select receives from whichever channel has a message, waits without spinning,
//! and serves every channel in its turn.

use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use select::{Receiver, Selector, channel};
use shim::watchdog::Watchdog;
use static_assertions::{assert_impl_all, assert_not_impl_any};

assert_impl_all!(Receiver<u8>: Send);
assert_not_impl_any!(Receiver<Rc<u8>>: Send);

/// CPU time the calling thread has used so far (POSIX: Linux and macOS alike).
fn thread_cpu_time() -> Duration {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // Safety: `time` is a valid, writable timespec; the clock id is a constant POSIX defines.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
    assert_eq!(status, 0, "this system has no per-thread CPU clock");
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

#[test]
fn a_message_on_any_channel_is_received_with_its_index() {
    let (senders, receivers): (Vec<_>, Vec<_>) = (0..3).map(|_| channel::<&str>()).unzip();
    senders[2].send("third");
    let mut selector = Selector::new(receivers.iter().collect());
    assert_eq!(selector.recv(), Some((2, "third")));
    senders[0].send("first");
    assert_eq!(selector.recv(), Some((0, "first")));
}

#[test]
fn recv_waits_for_a_message_sent_later() {
    let watchdog = Watchdog::start(
        "a selector waiting for a later send",
        Duration::from_secs(5),
    );
    for round in 0..20u32 {
        let (quiet, quiet_rx) = channel::<u32>();
        let (later, later_rx) = channel::<u32>();
        let sending = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(2));
            later.send(round);
        });
        let mut selector = Selector::new(vec![&quiet_rx, &later_rx]);
        assert_eq!(selector.recv(), Some((1, round)));
        sending.join().expect("the sender panicked");
        drop(quiet);
        watchdog.progress();
    }
}

/// One measured wait: the CPU the selector used while it waited about half a second for a
/// message, the CPU a polling thread got meanwhile, and how long the wait really lasted.
struct Wait {
    used: Duration,
    spinning: Duration,
    waited: Duration,
}

fn wait_half_a_second() -> Wait {
    let (sender, receiver) = channel::<u8>();
    let (_idle, idle_rx) = channel::<u8>();
    // A thread that polls with yields for as long as the selector waits: how much CPU a
    // spinning select would get on this machine right now, however loaded it is.
    let waiting = Arc::new(AtomicBool::new(true));
    let spinner = {
        let waiting = waiting.clone();
        std::thread::spawn(move || {
            let before = thread_cpu_time();
            while waiting.load(Ordering::Relaxed) {
                std::thread::yield_now();
            }
            thread_cpu_time() - before
        })
    };
    // The sender's half second starts when the selector is about to wait, not at spawn: on a
    // loaded machine this thread may be descheduled for longer than that before `recv`.
    let about_to_wait = Arc::new(AtomicBool::new(false));
    let sending = {
        let about_to_wait = about_to_wait.clone();
        std::thread::spawn(move || {
            while !about_to_wait.load(Ordering::Acquire) {
                std::thread::sleep(Duration::from_millis(1));
            }
            std::thread::sleep(Duration::from_millis(500));
            sender.send(1);
        })
    };
    let mut selector = Selector::new(vec![&idle_rx, &receiver]);
    about_to_wait.store(true, Ordering::Release);
    let started = Instant::now();
    let before = thread_cpu_time();
    assert_eq!(selector.recv(), Some((1, 1)));
    let used = thread_cpu_time() - before;
    let waited = started.elapsed();
    waiting.store(false, Ordering::Relaxed);
    let spinning = spinner.join().expect("the spinner panicked");
    sending.join().expect("the sender panicked");
    Wait {
        used,
        spinning,
        waited,
    }
}

#[test]
fn waiting_does_not_burn_the_cpu() {
    let watchdog = Watchdog::start("a selector waiting half a second", Duration::from_secs(5));
    // A wait that ended early (the message was already there when this thread got the CPU
    // back) measures nothing: only a wait of a quarter second or more is judged.
    let wait = (0..5)
        .map(|_| {
            let wait = wait_half_a_second();
            watchdog.progress();
            wait
        })
        .find(|wait| wait.waited >= Duration::from_millis(250))
        .expect(
            "in five tries the selector never waited a quarter second for a message sent \
                 half a second later: the machine is too busy to measure this",
        );
    assert!(
        wait.used * 4 < wait.spinning.max(Duration::from_millis(2)),
        "waiting {:?} for a message used {:?} of CPU, as much as a thread that polls in a \
         loop ({:?}): select must sleep until a channel has news (a condition variable), not \
         poll the channels",
        wait.waited,
        wait.used,
        wait.spinning
    );
    drop(watchdog);
}

#[test]
fn a_busy_channel_does_not_starve_a_quiet_one() {
    let (busy, busy_rx) = channel();
    let (quiet, quiet_rx) = channel();
    for number in 0..100 {
        busy.send(number);
    }
    quiet.send(1000);
    let mut selector = Selector::new(vec![&busy_rx, &quiet_rx]);
    let served_after = (1..=20).find(|_| selector.recv() == Some((1, 1000)));
    assert!(
        served_after.is_some(),
        "the quiet channel had a message from the start, but 20 receives in a row all came \
         from the busy one: start each scan after the channel served last"
    );
}

#[test]
fn messages_left_after_the_senders_go_are_received_then_none() {
    let (first, first_rx) = channel();
    let (second, second_rx) = channel::<u8>();
    first.send(7);
    drop(first);
    drop(second);
    let mut selector = Selector::new(vec![&first_rx, &second_rx]);
    assert_eq!(selector.recv(), Some((0, 7)));
    assert_eq!(selector.recv(), None, "every channel is empty and closed");
}

#[test]
fn a_waiting_selector_wakes_when_the_last_sender_goes() {
    let watchdog = Watchdog::start("a selector whose senders leave", Duration::from_secs(5));
    let (first, first_rx) = channel::<u8>();
    let (second, second_rx) = channel::<u8>();
    let leaving = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(20));
        drop(first);
        std::thread::sleep(Duration::from_millis(20));
        drop(second);
    });
    let mut selector = Selector::new(vec![&first_rx, &second_rx]);
    assert_eq!(selector.recv(), None);
    leaving.join().expect("the leaving thread panicked");
    drop(watchdog);
}
