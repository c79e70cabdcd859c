//! Wrong: a thread per client, with blocking reads; right answers, but not one thread.

use std::io::{self, Read, Write};
use std::net::TcpListener;
use std::thread;

/// Serves `clients` connections, each on a thread of its own.
pub fn serve(listener: TcpListener, clients: usize) -> io::Result<()> {
    // Bug: the design this chapter replaces: ten thousand clients, ten thousand threads.
    let mut handles = Vec::new();
    for _ in 0..clients {
        let (mut stream, _) = listener.accept()?;
        handles.push(thread::spawn(move || {
            let mut lines = 0u64;
            let mut buf = [0u8; 4096];
            loop {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64,
                }
            }
            let _ = stream.write_all(format!("{lines}\n").as_bytes());
        }));
    }
    for handle in handles {
        let _ = handle.join();
    }
    Ok(())
}
