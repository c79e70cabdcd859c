//! `read_message` with a poll that wakes up now and then: a timeout is not a readiness.

use std::io::{self, Read};
use std::os::fd::AsFd;

use rustix::event::{PollFd, PollFlags, Timespec, poll};

/// Reads from the non-blocking `stream` until the peer closes its side; waits in `poll(2)`.
pub fn read_message<S: Read + AsFd>(stream: &mut S) -> io::Result<Vec<u8>> {
    let mut message = Vec::with_capacity(4096);
    loop {
        // Read straight into the spare room of the message: no second buffer to copy from.
        let filled = message.len();
        message.resize(filled + 4096, 0);
        let result = stream.read(&mut message[filled..]);
        message.truncate(filled + *result.as_ref().unwrap_or(&0));
        match result {
            Ok(0) => return Ok(message),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                // A second at most per wait; poll says 0 ready fds on timeout: wait again
                // rather than read, since nothing changed.
                let second = Timespec {
                    tv_sec: 1,
                    tv_nsec: 0,
                };
                loop {
                    let mut fds = [PollFd::new(&*stream, PollFlags::IN)];
                    match poll(&mut fds, Some(&second)) {
                        Ok(0) | Err(rustix::io::Errno::INTR) => continue,
                        Ok(_) => break,
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}
