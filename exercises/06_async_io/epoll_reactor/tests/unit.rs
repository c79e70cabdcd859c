//! Unit tests: readers on one thread woken by the reactor; a message whose every byte came
//! before the first turn (one edge for all of it); an edge reported once, not on every turn;
//! turns that sleep; messages in parts, bigger than the socket buffers, and many at once.
//!
//! epoll is Linux's: elsewhere one test says the checks were skipped, and why.

mod support;

#[cfg(target_os = "linux")]
mod on_linux {
    use std::time::{Duration, Instant};

    use epoll_reactor::{Reactor, read_to_end};

    use super::support::{bytes, holding, pair, read_all, run_all, send_slowly, within};

    #[test]
    fn a_message_sent_at_once_is_read_whole() {
        let (reader, writer) = pair();
        let sender = send_slowly(writer, vec![b"hello, epoll".to_vec()], Duration::ZERO);
        let messages = within(
            "does the reader wait for the reactor's wake-up, and the reactor wake it?",
            move || read_all(vec![reader]),
        );
        sender.join().unwrap();
        assert_eq!(messages, [b"hello, epoll"]);
    }

    #[test]
    fn a_message_and_its_end_that_came_before_the_first_turn_are_read_whole() {
        // Everything is in the socket before it is registered: registering reports it, once.
        // The reactor turns before the reader first runs (as when other tasks keep it busy),
        // so that one event wakes nobody. Then no event will ever come again: the reader
        // must read it all, and the end, at its first try.
        let message = bytes(3000, 1);
        let mut reader = holding(&message);
        let got = within(
            "the message and its end were all in the socket before the reader first ran, and \
             edge-triggered epoll reports them once. A reader that stops before WouldBlock \
             (one read per event, or per poll) waits for an event that never comes: read \
             until WouldBlock (or the end, a read of 0 bytes)",
            move || {
                let reactor = Reactor::new().expect("make a reactor");
                let token = reactor.register(&reader).expect("register a socket");
                let events = reactor.turn(Some(Duration::ZERO)).expect("turn failed");
                assert_eq!(
                    events, 1,
                    "a socket registered while it holds data is reported at the next turn"
                );
                let future = read_to_end(&reactor, token, &mut reader);
                run_all(&reactor, vec![future]).pop().unwrap()
            },
        );
        assert_eq!(got.expect("read_to_end failed"), message);
    }

    #[test]
    fn an_edge_is_reported_once_not_on_every_turn() {
        let reader = holding(b"ready, and nobody reads");
        let reactor = Reactor::new().expect("make a reactor");
        reactor.register(&reader).expect("register a socket");
        let first = reactor.turn(Some(Duration::ZERO)).expect("turn failed");
        assert_eq!(
            first, 1,
            "a socket holding data is reported at the next turn"
        );
        let second = reactor.turn(Some(Duration::ZERO)).expect("turn failed");
        assert_eq!(
            second, 0,
            "a second turn reported the same socket again though nothing new arrived: it is \
             level-triggered. Register with EventFlags::ET: edge-triggered epoll reports an \
             arrival once, so a task that was woken but has not run yet does not make every \
             turn of the reactor report it again"
        );
    }

    #[test]
    fn a_turn_with_nothing_to_report_sleeps_for_its_timeout() {
        let (reader, _writer) = pair();
        let reactor = Reactor::new().expect("make a reactor");
        reactor.register(&reader).expect("register a socket");
        let started = Instant::now();
        let events = reactor
            .turn(Some(Duration::from_millis(50)))
            .expect("turn failed");
        let slept = started.elapsed();
        assert_eq!(
            events, 0,
            "nothing was sent, yet the turn reported {events} events"
        );
        assert!(
            slept >= Duration::from_millis(45),
            "turn(Some(50 ms)) returned after {slept:?} with no event: pass the timeout to \
             epoll_wait, which sleeps until an event or the timeout"
        );
    }

    #[test]
    fn a_message_sent_in_parts_with_pauses_is_read_whole() {
        // Each part is an event of its own; between them the socket is drained and the
        // reader waits.
        let (reader, writer) = pair();
        let chunks: Vec<Vec<u8>> = (0..5).map(|i| bytes(100 + i, i as u64)).collect();
        let whole = chunks.concat();
        let sender = send_slowly(writer, chunks, Duration::from_millis(20));
        let messages = within(
            "the message came in 5 parts with pauses: after WouldBlock, does the reader leave \
             its waker with the reactor every time, and does the reactor wake it?",
            move || read_all(vec![reader]),
        );
        sender.join().unwrap();
        assert_eq!(
            messages,
            [whole],
            "the bytes are wrong, missing or out of order"
        );
    }

    #[test]
    fn a_message_bigger_than_the_socket_buffers_is_read_whole() {
        // The writer blocks until the reader makes room: many events, many reads each.
        let (reader, writer) = pair();
        let whole = bytes(4 << 20, 7);
        let sender = send_slowly(writer, vec![whole.clone()], Duration::ZERO);
        let messages = within(
            "a message of 4 MiB: does the reader read until WouldBlock at every wake-up?",
            move || read_all(vec![reader]),
        );
        sender.join().unwrap();
        assert_eq!(messages[0].len(), whole.len(), "bytes were lost or added");
        assert!(messages[0] == whole, "the bytes are wrong or out of order");
    }

    #[test]
    fn many_readers_on_one_thread_each_get_their_own_message() {
        // Ten sockets, one reactor, one thread: each event must wake the task waiting on
        // that socket, not another one.
        let count = 10;
        let (readers, senders): (Vec<_>, Vec<_>) = (0..count)
            .map(|i| {
                let (reader, writer) = pair();
                let chunks: Vec<Vec<u8>> = (0..3)
                    .map(|part| bytes(50 + i, (10 * i + part) as u64))
                    .collect();
                let pause = Duration::from_millis(3 * (count - i) as u64);
                (reader, send_slowly(writer, chunks, pause))
            })
            .unzip();
        let messages = within(
            "ten readers on one thread: does each event wake the task waiting on that socket \
             (a waker per token, not one for the whole reactor)?",
            move || read_all(readers),
        );
        for sender in senders {
            sender.join().unwrap();
        }
        for (i, message) in messages.iter().enumerate() {
            let expected: Vec<u8> = (0..3)
                .flat_map(|part| bytes(50 + i, (10 * i + part) as u64))
                .collect();
            assert_eq!(
                message, &expected,
                "reader {i} got another message or lost bytes"
            );
        }
    }
}
