//! `read_message`: read everything a peer sends on a non-blocking socket, up to its end.
//!
//! A non-blocking `read` never puts the thread to sleep: when no byte has arrived yet it fails
//! at once with `WouldBlock`. That is not an error and not the end; it means "not yet". To
//! wait for "now there is something", ask the kernel with `poll(2)`, here through
//! `rustix::event::poll`, and read again when it says the socket is readable.

use std::io::{self, Read};
use std::os::fd::AsFd;

/// Reads from `stream`, a socket in non-blocking mode, until the peer closes its side
/// (a read of 0 bytes), and returns every byte it sent, in order.
///
/// While nothing is there to read it sleeps in `poll(2)`, never in a busy loop and never in
/// a sleep. Real errors (not `WouldBlock`, not `Interrupted`) are returned.
pub fn read_message<S: Read + AsFd>(stream: &mut S) -> io::Result<Vec<u8>> {
    // TODO: loop on `read` into a buffer, keep what each read gave (it may be a part of the
    // message), stop at a read of 0 bytes (the end). On `WouldBlock`, wait with
    // `rustix::event::poll` on a `PollFd::new(&*stream, PollFlags::IN)` and read again.
    // As it is, std's `read_to_end` meets `WouldBlock` as soon as the peer pauses and fails.
    let mut message = Vec::new();
    stream.read_to_end(&mut message)?;
    Ok(message)
}
