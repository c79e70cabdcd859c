//! Wrong: waits in `poll(2)`, then takes one read for the whole message.

use std::io::{self, Read};
use std::os::fd::AsFd;

use rustix::event::{PollFd, PollFlags, poll};

/// Waits until `stream` is readable and returns what one read gives.
pub fn read_message<S: Read + AsFd>(stream: &mut S) -> io::Result<Vec<u8>> {
    let mut fds = [PollFd::new(&*stream, PollFlags::IN)];
    poll(&mut fds, None)?;
    // Bug: a read returns what has arrived so far, up to the buffer's size: one part.
    let mut buf = vec![0u8; 64 * 1024];
    let n = stream.read(&mut buf)?;
    buf.truncate(n);
    Ok(buf)
}
