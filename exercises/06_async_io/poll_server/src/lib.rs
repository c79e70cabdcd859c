//! `serve`: one thread, `poll(2)`, many clients.
//!
//! Each client sends lines and then closes its writing side; the server answers with how many
//! lines it got (`"3\n"`) and closes. Many clients are connected at once, and they finish in
//! any order: a server that waits on one client's socket while another has data stalls them
//! all. This one never blocks on a socket: it sleeps in `poll` on all of them at once.

use std::io;
use std::net::TcpListener;

/// Serves the first `clients` connections accepted on `listener`, all on the calling thread,
/// and returns once every one of them has been answered (or has failed).
///
/// Every socket is non-blocking; the thread sleeps only in `rustix::event::poll`, waiting for
/// the listener (a new client) and every connected client at once.
pub fn serve(listener: TcpListener, clients: usize) -> io::Result<()> {
    // TODO: make the listener non-blocking; keep a list of connected clients (a non-blocking
    // stream and its line count). Loop until `clients` have been answered: poll the listener
    // (while fewer than `clients` were accepted) and every client for `PollFlags::IN`; accept
    // until WouldBlock; read the ready clients, counting b'\n'; on a read of 0 bytes write the
    // count and a newline, and drop that client.
    let _ = (listener, clients);
    todo!("serve every client from this one thread, waiting in poll")
}
