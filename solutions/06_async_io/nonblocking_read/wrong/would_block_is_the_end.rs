//! Wrong: takes `WouldBlock` for the end of the message.

use std::io::{self, Read};
use std::os::fd::AsFd;

/// Reads from the non-blocking `stream` until... the first pause in the peer's sending.
pub fn read_message<S: Read + AsFd>(stream: &mut S) -> io::Result<Vec<u8>> {
    let mut message = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Ok(message),
            Ok(n) => message.extend_from_slice(&buf[..n]),
            // Bug: "nothing yet" is not "nothing more".
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(message),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}
