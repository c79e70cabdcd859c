//! Wrong: serves one client to its end before accepting the next, with blocking reads.

use std::io::{self, Read, Write};
use std::net::TcpListener;

/// Serves `clients` connections, one after the other.
pub fn serve(listener: TcpListener, clients: usize) -> io::Result<()> {
    for _ in 0..clients {
        let (mut stream, _) = listener.accept()?;
        let mut lines = 0u64;
        let mut buf = [0u8; 4096];
        // Bug: while this blocks on one client, every other client waits for nothing.
        loop {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64,
            }
        }
        let _ = stream.write_all(format!("{lines}\n").as_bytes());
    }
    Ok(())
}
