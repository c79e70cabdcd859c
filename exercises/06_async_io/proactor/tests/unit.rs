//! Unit tests, on every back end that can run here (the thread pool everywhere, io_uring where
//! the kernel allows it): a read hands back the very buffer it was given, with the data in it;
//! a write starts at `submit`; completions come in the order operations finish and are matched
//! to them by `user_data`; errors and the end of a pipe come back as results; and the `Queue`
//! under the thread pool loses no item and no wake-up.

mod support;

use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use proactor::{Op, Queue};
use support::{backends, next, pipe, put, take, uring};

#[test]
fn a_read_hands_back_its_own_buffer_with_the_data_in_it() {
    for (name, mut proactor) in backends(2) {
        let (reader, writer) = pipe();
        put(&writer, b"hello");
        let buf = vec![0u8; 64];
        let address = buf.as_ptr();
        proactor.submit(Op::read(reader, buf, 7)).expect("submit");
        let done = next(name, proactor.as_mut());
        assert_eq!(done.user_data, 7, "{name}: the completion's user_data");
        assert_eq!(done.result.ok(), Some(5), "{name}: 5 bytes were waiting");
        assert_eq!(
            &done.buf[..5],
            b"hello",
            "{name}: the bytes read, in the buffer"
        );
        assert!(
            done.buf.len() == 64 && done.buf.as_ptr() == address,
            "{name}: the completion must hand back the buffer that was submitted (the kernel or \
             the worker wrote into it), whole: not a copy, not a new one"
        );
        assert!(
            proactor.wait().expect("wait").is_none(),
            "{name}: nothing is in flight any more, so wait must return None at once"
        );
    }
}

#[test]
fn a_write_starts_at_submit_and_completes_with_its_count() {
    for (name, mut proactor) in backends(2) {
        let (reader, writer) = pipe();
        proactor
            .submit(Op::write(writer, b"ping".to_vec(), 3))
            .expect("submit");
        // Before any wait: the operation runs on its own once submitted.
        assert_eq!(take(&reader, 16), b"ping", "{name}: what reached the pipe");
        let done = next(name, proactor.as_mut());
        assert_eq!(done.user_data, 3, "{name}: the completion's user_data");
        assert_eq!(done.result.ok(), Some(4), "{name}: 4 bytes written");
        assert_eq!(done.buf, b"ping", "{name}: the buffer, handed back");
    }
}

#[test]
fn completions_come_as_operations_finish_matched_by_user_data() {
    for (name, mut proactor) in backends(2) {
        // `a` is submitted first but has no data yet; `b` has. `b` finishes first.
        let (a, a_writer) = pipe();
        let (b, b_writer) = pipe();
        put(&b_writer, b"bee");
        proactor.submit(Op::read(a, vec![0; 8], 1)).expect("submit");
        proactor.submit(Op::read(b, vec![0; 8], 2)).expect("submit");
        let first = next(name, proactor.as_mut());
        assert_eq!(
            (first.user_data, first.result.ok(), &first.buf[..3]),
            (2, Some(3), &b"bee"[..]),
            "{name}: the read of `b` (user_data 2) finished first, though submitted second: \
             its completion must carry its user_data, its count and its buffer (is each \
             completion matched to the operation it names, or to the oldest one in flight?)"
        );
        put(&a_writer, b"a");
        let second = next(name, proactor.as_mut());
        assert_eq!(
            (second.user_data, second.result.ok(), &second.buf[..1]),
            (1, Some(1), &b"a"[..]),
            "{name}: then the read of `a` (user_data 1)"
        );
    }
}

#[test]
fn many_reads_in_flight_finish_in_the_order_their_data_comes() {
    let count = 8;
    for (name, mut proactor) in backends(count) {
        let pipes: Vec<_> = (0..count).map(|_| pipe()).collect();
        let mut writers = Vec::new();
        for (i, (reader, writer)) in pipes.into_iter().enumerate() {
            proactor
                .submit(Op::read(reader, vec![0; 16], 100 + i as u64))
                .expect("submit");
            writers.push(writer);
        }
        for (i, writer) in writers.iter().enumerate().rev() {
            put(writer, format!("pipe {i}").as_bytes());
            let done = next(name, proactor.as_mut());
            let n = done.result.as_ref().copied().unwrap_or(0);
            assert_eq!(
                (done.user_data, String::from_utf8_lossy(&done.buf[..n])),
                (100 + i as u64, format!("pipe {i}").into()),
                "{name}: only pipe {i} had data, so the read with user_data {} finished next",
                100 + i
            );
        }
        assert!(proactor.wait().expect("wait").is_none(), "{name}: all done");
    }
}

#[test]
fn a_failed_operation_completes_with_its_error_and_its_buffer() {
    for (name, mut proactor) in backends(2) {
        let (_reader, writer) = pipe();
        // Reading the write end of a pipe fails (EBADF).
        proactor
            .submit(Op::read(writer, vec![0; 32], 9))
            .expect("submit");
        let done = next(name, proactor.as_mut());
        assert_eq!(done.user_data, 9, "{name}: the completion's user_data");
        assert!(
            done.result.is_err(),
            "{name}: reading a pipe's write end fails, but the result was {:?} (io_uring \
             reports an error as a negative result: -errno)",
            done.result
        );
        assert_eq!(done.buf.len(), 32, "{name}: the buffer comes back even so");
    }
}

#[test]
fn a_read_at_the_end_of_a_pipe_completes_with_zero() {
    for (name, mut proactor) in backends(2) {
        let (reader, writer) = pipe();
        drop(writer);
        proactor
            .submit(Op::read(reader, vec![0; 32], 4))
            .expect("submit");
        let done = next(name, proactor.as_mut());
        assert_eq!(done.result.ok(), Some(0), "{name}: Ok(0), the end");
    }
}

#[test]
fn dropping_a_uring_cancels_what_is_in_flight_first() {
    let Some(mut ring) = uring() else {
        return;
    };
    let (reader, writer) = pipe();
    let keep = reader.try_clone().expect("dup the read end");
    ring.submit(Op::read(reader, vec![0; 8], 1))
        .expect("submit");
    // The read waits on an empty pipe: dropping the ring cancels it, and waits until the kernel
    // has let go of its buffer.
    drop(ring);
    put(&writer, b"later");
    assert_eq!(
        take(&keep, 8),
        b"later",
        "the cancelled read took nothing from the pipe"
    );
}

#[test]
fn a_pop_waits_for_the_push() {
    let queue = Arc::new(Queue::new());
    let popper = {
        let queue = queue.clone();
        thread::spawn(move || queue.pop())
    };
    queue.push(5u32);
    assert_eq!(popper.join().expect("the popper panicked"), 5);
}

#[test]
fn two_pushes_before_any_pop_are_both_kept() {
    // Two operations that finish at once: both completions must be there to take.
    let queue = Arc::new(Queue::new());
    queue.push(1u32);
    queue.push(2);
    let mut popped = [pop_within(&queue, "first"), pop_within(&queue, "second")];
    popped.sort();
    assert_eq!(popped, [1, 2], "two pushed, two popped");
}

/// `queue.pop()` on another thread, failing the test if it has nothing within 5 s.
fn pop_within(queue: &Arc<Queue<u32>>, which: &str) -> u32 {
    let (sender, popped) = mpsc::channel();
    let queue = queue.clone();
    thread::spawn(move || {
        let _ = sender.send(queue.pop());
    });
    popped
        .recv_timeout(Duration::from_secs(5))
        .unwrap_or_else(|_| {
            panic!(
                "two items were pushed, but the {which} pop found nothing within 5 s: was one \
             lost, overwritten by the other?"
            )
        })
}
