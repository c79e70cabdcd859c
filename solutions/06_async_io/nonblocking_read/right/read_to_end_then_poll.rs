//! `read_message`, leaning on std: `read_to_end` keeps what it read before it met `WouldBlock`.

use std::io::{self, Read};
use std::os::fd::AsFd;

use rustix::event::{PollFd, PollFlags, poll};

/// Reads from the non-blocking `stream` until the peer closes its side; waits in `poll(2)`.
pub fn read_message<S: Read + AsFd>(stream: &mut S) -> io::Result<Vec<u8>> {
    let mut message = Vec::new();
    loop {
        // `read_to_end` appends every part it reads and returns at the end (Ok) or at the
        // first error, keeping the bytes read before it in `message`.
        match stream.read_to_end(&mut message) {
            Ok(_) => return Ok(message),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let mut fds = [PollFd::new(&*stream, PollFlags::IN)];
                // EINTR: just read again; a spurious return costs one more WouldBlock.
                match poll(&mut fds, None) {
                    Ok(_) | Err(rustix::io::Errno::INTR) => {}
                    Err(e) => return Err(e.into()),
                }
            }
            Err(e) => return Err(e),
        }
    }
}
