//! Test support for `read_message`: loopback socket pairs (port 0, never a fixed port) and a
//! stream that counts the reads made on it.
#![allow(dead_code)] // each test file uses part of this module

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::fd::{AsFd, BorrowedFd};
use std::thread;
use std::time::Duration;

/// A connected loopback pair: the reader in non-blocking mode, the writer blocking.
pub fn pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let writer = TcpStream::connect(listener.local_addr().expect("the bound address"))
        .expect("connect on loopback");
    let (reader, _) = listener.accept().expect("accept on loopback");
    reader
        .set_nonblocking(true)
        .expect("make the reader non-blocking");
    (reader, writer)
}

/// Sends `chunks` one by one, pausing `pause` before each, then closes the writing side.
/// Stops quietly if the reader is gone (a wrong answer that returned early): the reading
/// side's assertion says what went wrong.
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

/// A stream that counts how often it was read, and how often a read said `WouldBlock`.
pub struct Counting {
    pub inner: TcpStream,
    pub reads: usize,
    pub would_blocks: usize,
}

impl Counting {
    pub fn new(inner: TcpStream) -> Self {
        Counting {
            inner,
            reads: 0,
            would_blocks: 0,
        }
    }
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reads += 1;
        let result = self.inner.read(buf);
        if matches!(&result, Err(e) if e.kind() == io::ErrorKind::WouldBlock) {
            self.would_blocks += 1;
        }
        result
    }
}

impl AsFd for Counting {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.inner.as_fd()
    }
}

/// `len` bytes that are not all the same, so a lost or reordered part shows.
pub fn bytes(len: usize, seed: u64) -> Vec<u8> {
    (0..len as u64)
        .map(|i| (i.wrapping_mul(31).wrapping_add(seed) % 251) as u8)
        .collect()
}
