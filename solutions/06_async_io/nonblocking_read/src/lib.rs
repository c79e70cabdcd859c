//! `read_message`: read everything a peer sends on a non-blocking socket, up to its end.
//!
//! A non-blocking `read` never puts the thread to sleep: when no byte has arrived yet it fails
//! at once with `WouldBlock`. That is not an error and not the end; it means "not yet". To
//! wait for "now there is something", ask the kernel with `poll(2)`, here through
//! `rustix::event::poll`, and read again when it says the socket is readable.

use std::io::{self, Read};
use std::os::fd::AsFd;

use rustix::event::{PollFd, PollFlags, poll};

/// Reads from `stream`, a socket in non-blocking mode, until the peer closes its side
/// (a read of 0 bytes), and returns every byte it sent, in order.
///
/// While nothing is there to read it sleeps in `poll(2)`, never in a busy loop and never in
/// a sleep. Real errors (not `WouldBlock`, not `Interrupted`) are returned.
pub fn read_message<S: Read + AsFd>(stream: &mut S) -> io::Result<Vec<u8>> {
    let mut message = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            // The peer closed its side: nothing more will come.
            Ok(0) => return Ok(message),
            // One part of the message; there may be more.
            Ok(n) => message.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => wait_readable(stream)?,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Sleeps in `poll(2)` until `stream` is readable (data, the end, or an error to read).
fn wait_readable(stream: &impl AsFd) -> io::Result<()> {
    let mut fds = [PollFd::new(stream, PollFlags::IN)];
    loop {
        match poll(&mut fds, None) {
            Ok(_) => return Ok(()),
            // A signal cut the wait short: wait again.
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
}
