//! Wrong: non-blocking sockets, but no poll: it tries every socket again and again.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};

/// Serves `clients` connections from this thread, spinning while nothing happens.
pub fn serve(listener: TcpListener, clients: usize) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut connected: Vec<(TcpStream, u64)> = Vec::new();
    let (mut accepted, mut finished) = (0, 0);
    let mut buf = [0u8; 4096];
    // Bug: without poll, nothing tells it when to look: it looks all the time.
    while finished < clients {
        if accepted < clients
            && let Ok((stream, _)) = listener.accept()
        {
            stream.set_nonblocking(true)?;
            connected.push((stream, 0));
            accepted += 1;
        }
        for index in (0..connected.len()).rev() {
            let (stream, lines) = &mut connected[index];
            match stream.read(&mut buf) {
                Ok(0) => {
                    let _ = stream.write_all(format!("{lines}\n").as_bytes());
                    connected.swap_remove(index);
                    finished += 1;
                }
                Ok(n) => *lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(_) => {
                    connected.swap_remove(index);
                    finished += 1;
                }
            }
        }
    }
    Ok(())
}
