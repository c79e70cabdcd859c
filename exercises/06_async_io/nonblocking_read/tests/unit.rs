//! Unit tests: messages that arrive at once, in pauses, in parts bigger than any buffer, and
//! empty; counting reads against the pauses to catch a busy loop.

mod support;

use std::io;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use nonblocking_read::read_message;
use support::{Counting, bytes, pair, send_slowly};

/// Runs `work` on its own thread and fails, explaining, if it does not finish in time.
fn within<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(Duration::from_secs(5)) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!(
            "read_message never returned (5 s) though the peer closed its side: does a read \
             of 0 bytes end the loop?"
        ),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("read_message panicked (see above)"),
    }
}

fn read_all(stream: &mut Counting) -> Vec<u8> {
    match read_message(stream) {
        Ok(message) => message,
        Err(error) if error.kind() == io::ErrorKind::WouldBlock => panic!(
            "read_message returned the error WouldBlock: on a non-blocking socket that means \
             'nothing yet', not a failure. Wait with poll and read again."
        ),
        Err(error) => panic!("read_message failed: {error}"),
    }
}

#[test]
fn a_message_sent_at_once_is_read_whole() {
    let (reader, writer) = pair();
    let sender = send_slowly(writer, vec![b"hello, poll".to_vec()], Duration::ZERO);
    let message = within(move || read_all(&mut Counting::new(reader)));
    sender.join().unwrap();
    assert_eq!(message, b"hello, poll");
}

#[test]
fn an_empty_message_is_empty() {
    let (reader, writer) = pair();
    let sender = send_slowly(writer, Vec::new(), Duration::ZERO);
    let message = within(move || read_all(&mut Counting::new(reader)));
    sender.join().unwrap();
    assert!(
        message.is_empty(),
        "the peer sent nothing, but got {message:?}"
    );
}

#[test]
fn a_message_sent_in_parts_with_pauses_is_read_whole() {
    // Every pause leaves the socket empty: a read there says WouldBlock, and that is not
    // the end of the message.
    let (reader, writer) = pair();
    let chunks: Vec<Vec<u8>> = (0..5).map(|i| bytes(100 + i, i as u64)).collect();
    let whole = chunks.concat();
    let sender = send_slowly(writer, chunks, Duration::from_millis(20));
    let message = within(move || read_all(&mut Counting::new(reader)));
    sender.join().unwrap();
    assert_eq!(
        message.len(),
        whole.len(),
        "a message of {} bytes came in 5 parts with pauses; got {} bytes. Is WouldBlock \
         taken for the end? Only a read of 0 bytes is the end.",
        whole.len(),
        message.len()
    );
    assert_eq!(message, whole, "the bytes are wrong or out of order");
}

#[test]
fn a_message_bigger_than_any_buffer_is_read_whole() {
    // Far more than one read can take (and than the socket buffers hold): many partial
    // reads, and the writer blocks until the reader has made room.
    let (reader, writer) = pair();
    let whole = bytes(4 << 20, 7);
    let sender = send_slowly(writer, vec![whole.clone()], Duration::ZERO);
    let message = within(move || read_all(&mut Counting::new(reader)));
    sender.join().unwrap();
    assert_eq!(message.len(), whole.len(), "bytes were lost or added");
    assert!(message == whole, "the bytes are wrong or out of order");
}

#[test]
fn waiting_sleeps_in_poll_instead_of_reading_again_and_again() {
    // 10 parts, 30 ms apart: about 300 ms with nothing to read. A loop that waits in poll
    // reads a few times per part; a busy loop reads thousands of times.
    let (reader, writer) = pair();
    let chunks: Vec<Vec<u8>> = (0..10).map(|i| bytes(10, i)).collect();
    let whole = chunks.concat();
    let sender = send_slowly(writer, chunks, Duration::from_millis(30));
    let (message, reads, would_blocks) = within(move || {
        let mut stream = Counting::new(reader);
        let message = read_all(&mut stream);
        (message, stream.reads, stream.would_blocks)
    });
    sender.join().unwrap();
    assert_eq!(message, whole, "the message is wrong");
    assert!(
        would_blocks <= 40 && reads <= 80,
        "{reads} reads, {would_blocks} of them WouldBlock, for 10 parts: after WouldBlock, \
         wait in rustix::event::poll until the socket is readable instead of reading again"
    );
}
