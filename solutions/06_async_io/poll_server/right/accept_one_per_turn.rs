//! `serve` that accepts one connection per turn of the loop and keeps its clients in a map
//! from each socket's fd to the socket and its line count.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::{AsFd, AsRawFd, RawFd};

use rustix::event::{PollFd, PollFlags, poll};

/// Serves the first `clients` connections accepted on `listener`, all on this thread.
pub fn serve(listener: TcpListener, clients: usize) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut open: HashMap<RawFd, (TcpStream, u64)> = HashMap::new();
    let (mut accepted, mut finished) = (0, 0);
    while finished < clients {
        let mut ready: Vec<RawFd> = Vec::new();
        {
            let mut fds: Vec<PollFd<'_>> = open
                .values()
                .map(|(stream, _)| PollFd::new(stream, PollFlags::IN))
                .collect();
            if accepted < clients {
                fds.push(PollFd::new(&listener, PollFlags::IN));
            }
            match poll(&mut fds, None) {
                Ok(_) | Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Err(e.into()),
            }
            for fd in &fds {
                if !fd.revents().is_empty() {
                    ready.push(fd.as_fd().as_raw_fd());
                }
            }
        }
        for fd in ready {
            if fd == listener.as_raw_fd() {
                // One at a time: poll says at once if more are waiting.
                match listener.accept() {
                    Ok((stream, _)) => {
                        stream.set_nonblocking(true)?;
                        open.insert(stream.as_raw_fd(), (stream, 0));
                        accepted += 1;
                    }
                    Err(e)
                        if matches!(
                            e.kind(),
                            io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                        ) => {}
                    Err(e) => return Err(e),
                }
                continue;
            }
            let Some((stream, lines)) = open.get_mut(&fd) else {
                continue;
            };
            let mut buf = [0u8; 1024];
            let done = match stream.read(&mut buf) {
                Ok(0) => {
                    let _ = writeln!(stream, "{lines}");
                    true
                }
                Ok(n) => {
                    *lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
                    false
                }
                Err(e) => !matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                ),
            };
            if done {
                open.remove(&fd);
                finished += 1;
            }
        }
    }
    Ok(())
}

