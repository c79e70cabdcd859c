//! `serve` that reads each ready client until WouldBlock, and keeps the poll set in step with
//! the clients (slot 0 is the listener).

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};

use rustix::event::{PollFd, PollFlags, poll};

/// Serves the first `clients` connections accepted on `listener`, all on this thread.
pub fn serve(listener: TcpListener, clients: usize) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut streams: Vec<TcpStream> = Vec::new();
    let mut lines: Vec<u64> = Vec::new();
    let (mut accepted, mut finished) = (0, 0);
    let mut buf = [0u8; 4096];
    while finished < clients {
        let mut fds = vec![PollFd::new(
            &listener,
            // Once all have come, the listener is polled for nothing: an empty event set.
            if accepted < clients {
                PollFlags::IN
            } else {
                PollFlags::empty()
            },
        )];
        fds.extend(streams.iter().map(|s| PollFd::new(s, PollFlags::IN)));
        if let Err(e) = poll(&mut fds, None) {
            if e == rustix::io::Errno::INTR {
                continue;
            }
            return Err(e.into());
        }
        let ready: Vec<bool> = fds.iter().map(|fd| !fd.revents().is_empty()).collect();
        drop(fds);
        for index in (0..streams.len()).rev() {
            if !ready[index + 1] {
                continue;
            }
            // Read until WouldBlock (nothing more now) or the end.
            let done = loop {
                match streams[index].read(&mut buf) {
                    Ok(0) => {
                        let answer = format!("{}\n", lines[index]);
                        let _ = streams[index].write_all(answer.as_bytes());
                        break true;
                    }
                    Ok(n) => {
                        lines[index] += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break false,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => break true,
                }
            };
            if done {
                streams.swap_remove(index);
                lines.swap_remove(index);
                finished += 1;
            }
        }
        if ready[0] {
            while accepted < clients {
                match listener.accept() {
                    Ok((stream, _)) => {
                        stream.set_nonblocking(true)?;
                        streams.push(stream);
                        lines.push(0);
                        accepted += 1;
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(())
}
