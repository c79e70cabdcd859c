//! The Linux half of the test support (all of it: the tests need epoll).

use std::future::Future;
use std::io::Write;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

use epoll_reactor::{Reactor, read_to_end};
use rustix::net::{RecvFlags, recv};

/// A connected loopback pair: the reader in non-blocking mode, the writer blocking.
pub fn pair() -> (TcpStream, TcpStream) {
    let (reader, writer) = blocking_pair();
    reader
        .set_nonblocking(true)
        .expect("make the reader non-blocking");
    (reader, writer)
}

fn blocking_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let writer = TcpStream::connect(listener.local_addr().expect("the bound address"))
        .expect("connect on loopback");
    let (reader, _) = listener.accept().expect("accept on loopback");
    (reader, writer)
}

/// A non-blocking reader whose socket already holds `message` (a few KiB at most) and, after
/// it, the writer's end: all of it arrived before anyone registers the socket.
pub fn holding(message: &[u8]) -> TcpStream {
    let (reader, mut writer) = blocking_pair();
    writer.write_all(message).expect("send the message");
    writer
        .shutdown(Shutdown::Write)
        .expect("close the writing side");
    // Wait in the kernel, not in a sleep, until all of it is there: a peek (it takes nothing
    // away) that waits for one byte more than the message, so it returns only at the end.
    let mut peeked = vec![0u8; message.len() + 1];
    let (got, _) = recv(
        &reader,
        &mut peeked[..],
        RecvFlags::PEEK | RecvFlags::WAITALL,
    )
    .expect("peek at the message");
    assert_eq!(got, message.len(), "the peek saw the whole message");
    reader
        .set_nonblocking(true)
        .expect("make the reader non-blocking");
    reader
}

/// Sends `chunks` one by one, pausing `pause` before each, then closes the writing side.
/// Stops quietly if the reader is gone: the reading side's assertion says what went wrong.
pub fn send_slowly(
    mut writer: TcpStream,
    chunks: Vec<Vec<u8>>,
    pause: Duration,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        for chunk in chunks {
            thread::sleep(pause);
            if writer.write_all(&chunk).is_err() {
                return;
            }
        }
        let _ = writer.shutdown(Shutdown::Write);
    })
}

/// `len` bytes that are not all the same, so a lost or reordered part shows.
pub fn bytes(len: usize, seed: u64) -> Vec<u8> {
    (0..len as u64)
        .map(|i| (i.wrapping_mul(31).wrapping_add(seed) % 251) as u8)
        .collect()
}

/// A task's waker: it only notes that the task was woken.
struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // Relaxed: the flag carries no data; `run_all` reads it on this same thread.
        self.0.store(true, Ordering::Relaxed);
    }
}

/// A task of `run_all`: its future, its waker's flag, and its output once it has one.
struct Task<F: Future> {
    future: Pin<Box<F>>,
    woken: Arc<Flag>,
    output: Option<F::Output>,
}

/// Runs `tasks` to their end on this thread and returns their outputs, in order.
///
/// It polls every task once, then only those whose waker was woken; while none was, it
/// turns the reactor with no timeout. A turn with no timeout returns with at least one event:
/// one that returns with none is a busy loop, and fails here.
pub fn run_all<F: Future>(reactor: &Reactor, futures: Vec<F>) -> Vec<F::Output> {
    let mut tasks: Vec<Task<F>> = futures
        .into_iter()
        .map(|future| Task {
            future: Box::pin(future),
            woken: Arc::new(Flag(AtomicBool::new(true))),
            output: None,
        })
        .collect();
    loop {
        let mut any_woken = false;
        for task in tasks.iter_mut() {
            if task.output.is_none() && task.woken.0.swap(false, Ordering::Relaxed) {
                any_woken = true;
                let waker = Waker::from(task.woken.clone());
                if let Poll::Ready(output) =
                    task.future.as_mut().poll(&mut Context::from_waker(&waker))
                {
                    task.output = Some(output);
                }
            }
        }
        if tasks.iter().all(|task| task.output.is_some()) {
            return tasks.into_iter().filter_map(|task| task.output).collect();
        }
        if !any_woken {
            let events = reactor.turn(None).expect("turn failed");
            assert!(
                events > 0,
                "turn(None) returned with no event: with no timeout it must sleep in \
                 epoll_wait until an event comes (a timeout of 0 makes every wait a busy loop)"
            );
        }
    }
}

/// Reads every stream to its end on one thread, through one reactor of its own.
pub fn read_all(mut streams: Vec<TcpStream>) -> Vec<Vec<u8>> {
    let reactor = Reactor::new().expect("make a reactor");
    let tokens: Vec<_> = streams
        .iter()
        .map(|stream| reactor.register(stream).expect("register a socket"))
        .collect();
    let tasks = streams
        .iter_mut()
        .zip(tokens)
        .map(|(stream, token)| read_to_end(&reactor, token, stream))
        .collect();
    run_all(&reactor, tasks)
        .into_iter()
        .map(|message| message.expect("read_to_end failed"))
        .collect()
}

/// Runs `work` on its own thread and fails, explaining `stuck`, if it does not end in time.
pub fn within<T: Send + 'static>(stuck: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(Duration::from_secs(8)) {
        Ok(value) => value,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("stuck for 8 s, waiting for an event that never came: {stuck}")
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            panic!("the reading thread panicked (see above)")
        }
    }
}
