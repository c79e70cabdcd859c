//! Wrong: after `WouldBlock`, reads again at once instead of waiting in `poll(2)`.

use std::io::{self, Read};
use std::os::fd::AsFd;

/// Reads from the non-blocking `stream` until the peer closes its side, spinning meanwhile.
pub fn read_message<S: Read + AsFd>(stream: &mut S) -> io::Result<Vec<u8>> {
    let mut message = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Ok(message),
            Ok(n) => message.extend_from_slice(&buf[..n]),
            // Bug: right answers, but a core burnt at 100% while the peer pauses.
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => std::hint::spin_loop(),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}
