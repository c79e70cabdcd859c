//! Test support for `serve`: a server on its own thread, clients on loopback (port 0), the
//! process's thread count and CPU time.
#![allow(dead_code)] // each test file uses part of this module

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// A server serving `clients` on its own thread; `finished` says it returned.
pub struct Server {
    pub address: SocketAddr,
    pub finished: mpsc::Receiver<std::io::Result<()>>,
}

pub fn start(clients: usize) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let address = listener.local_addr().expect("the bound address");
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(poll_server::serve(listener, clients));
    });
    Server { address, finished }
}

impl Server {
    /// Waits for `serve` to return, and fails, explaining, if it does not in time.
    pub fn wait(&self) {
        match self.finished.recv_timeout(Duration::from_secs(10)) {
            Ok(Ok(())) => {}
            Ok(Err(error)) => panic!("serve failed: {error}"),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("serve did not return (10 s) though every client was answered")
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("serve panicked (see above)"),
        }
    }
}

/// A connected client with a read timeout, so that a stalled server fails the test.
pub fn connect(address: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(address).expect("connect on loopback");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("set a read timeout");
    stream
}

/// Sends `text`, closes the writing side and reads the server's answer.
pub fn finish(mut stream: TcpStream, text: &[u8]) -> String {
    stream.write_all(text).expect("send to the server");
    stream
        .shutdown(Shutdown::Write)
        .expect("close the writing side");
    let mut answer = String::new();
    match stream.read_to_string(&mut answer) {
        Ok(_) => answer,
        Err(error) => panic!(
            "no answer from the server within 5 s ({error}), though this client closed its \
             side: is the server stuck waiting on another client's socket?"
        ),
    }
}

/// `count` lines of various lengths.
pub fn lines(count: usize, seed: usize) -> Vec<u8> {
    (0..count)
        .flat_map(|i| {
            let mut line = vec![b'a' + ((i + seed) % 26) as u8; (i * 7 + seed) % 90];
            line.push(b'\n');
            line
        })
        .collect()
}

/// The threads of this process, where the system says (Linux and Android, macOS and iOS,
/// FreeBSD, AIX); `None` elsewhere.
pub fn threads() -> Option<usize> {
    num_threads::num_threads().map(usize::from)
}

/// The CPU time this process has used so far.
pub fn cpu_time() -> Duration {
    let time = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

/// CPU time the calling thread has used so far.
pub fn thread_cpu_time() -> Duration {
    let time = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}
