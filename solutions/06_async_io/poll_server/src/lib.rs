//! `serve`: one thread, `poll(2)`, many clients.
//!
//! Each client sends lines and then closes its writing side; the server answers with how many
//! lines it got (`"3\n"`) and closes. Many clients are connected at once, and they finish in
//! any order: a server that waits on one client's socket while another has data stalls them
//! all. This one never blocks on a socket: it sleeps in `poll` on all of them at once.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};

use rustix::event::{PollFd, PollFlags, poll};

/// A connected client: its socket and the lines it has sent so far.
struct Client {
    stream: TcpStream,
    lines: u64,
}

/// What one read of a ready client came to.
enum Progress {
    Reading,
    Done,
}

/// Serves the first `clients` connections accepted on `listener`, all on the calling thread,
/// and returns once every one of them has been answered (or has failed).
///
/// Every socket is non-blocking; the thread sleeps only in `rustix::event::poll`, waiting for
/// the listener (a new client) and every connected client at once.
pub fn serve(listener: TcpListener, clients: usize) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut connected: Vec<Client> = Vec::new();
    let (mut accepted, mut finished) = (0, 0);
    while finished < clients {
        let accepting = accepted < clients;
        // Which sockets are ready: the listener first (while it is polled), then the clients.
        let ready: Vec<bool> = {
            let mut fds: Vec<PollFd<'_>> = Vec::with_capacity(connected.len() + 1);
            if accepting {
                fds.push(PollFd::new(&listener, PollFlags::IN));
            }
            fds.extend(
                connected
                    .iter()
                    .map(|client| PollFd::new(&client.stream, PollFlags::IN)),
            );
            match poll(&mut fds, None) {
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(e.into()),
            }
            fds.iter().map(|fd| !fd.revents().is_empty()).collect()
        };
        let (listener_ready, clients_ready) = ready.split_at(usize::from(accepting));
        // Backwards, so that removing a finished client moves none still to be looked at.
        for index in (0..connected.len()).rev() {
            if clients_ready[index] && matches!(read_some(&mut connected[index]), Progress::Done)
            {
                connected.swap_remove(index);
                finished += 1;
            }
        }
        if listener_ready.first() == Some(&true) {
            accept_waiting(&listener, &mut connected, &mut accepted, clients)?;
        }
    }
    Ok(())
}

/// Accepts every connection waiting on `listener`, up to `clients` in all.
fn accept_waiting(
    listener: &TcpListener,
    connected: &mut Vec<Client>,
    accepted: &mut usize,
    clients: usize,
) -> io::Result<()> {
    while *accepted < clients {
        match listener.accept() {
            Ok((stream, _)) => {
                // Linux does not pass the listener's non-blocking mode on; set it each time.
                stream.set_nonblocking(true)?;
                connected.push(Client { stream, lines: 0 });
                *accepted += 1;
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// One read from a client that poll says is ready; at its end, the answer.
fn read_some(client: &mut Client) -> Progress {
    let mut buf = [0u8; 4096];
    match client.stream.read(&mut buf) {
        Ok(0) => {
            // The answer is a few bytes into an empty send buffer: it fits. A client that
            // has gone away cannot be answered; it is done either way.
            let _ = client.stream.write_all(format!("{}\n", client.lines).as_bytes());
            Progress::Done
        }
        Ok(n) => {
            client.lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
            Progress::Reading
        }
        // Poll said ready, but another look found nothing (or a signal came): poll again.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
            ) =>
        {
            Progress::Reading
        }
        // A reset connection: this client is done, the others are served on.
        Err(_) => Progress::Done,
    }
}
