//! Test support for `proactor`: pipes, and the back ends to check on this system (the thread
//! pool everywhere; io_uring where the kernel allows it, and a skip that says why elsewhere).
#![allow(dead_code)] // each test file uses part of this module

use std::io::Read;
use std::os::fd::OwnedFd;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use proactor::{Completion, Proactor, ThreadPool};

/// Set (to anything) to check as if io_uring were not here: the skip message and the thread
/// pool alone, as on macOS or a locked-down kernel, proven on a kernel that has io_uring.
pub const NO_IO_URING: &str = "THREADLINGS_NO_IO_URING";

/// The start of every skip message of the io_uring part, for the checker's own test.
pub const SKIP_PREFIX: &str = "io_uring back end not checked";

/// A pipe: (read end, write end).
pub fn pipe() -> (OwnedFd, OwnedFd) {
    let (reader, writer) = std::io::pipe().expect("make a pipe");
    (reader.into(), writer.into())
}

/// Writes `bytes` into a pipe's write end (small amounts: a pipe holds 64 KiB).
pub fn put(writer: &OwnedFd, bytes: &[u8]) {
    let mut writer = std::io::PipeWriter::from(writer.try_clone().expect("dup the write end"));
    std::io::Write::write_all(&mut writer, bytes).expect("write into the pipe");
}

/// Reads what a pipe holds now, up to `len` bytes; fails the test if nothing comes in 5 s.
pub fn take(reader: &OwnedFd, len: usize) -> Vec<u8> {
    let mut reader = std::io::PipeReader::from(reader.try_clone().expect("dup the read end"));
    let (sender, received) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = vec![0; len];
        let n = reader.read(&mut buf).expect("read the pipe");
        buf.truncate(n);
        let _ = sender.send(buf);
    });
    received.recv_timeout(Duration::from_secs(5)).expect(
        "nothing reached the pipe within 5 s of `submit`: does submit start the operation, or \
         only wait?",
    )
}

/// Why the io_uring part cannot run here, or `None` when it can.
pub fn io_uring_unavailable() -> Option<String> {
    if std::env::var_os(NO_IO_URING).is_some() {
        return Some(format!(
            "{SKIP_PREFIX}: {NO_IO_URING} is set (as if this kernel had no io_uring); the \
             thread-pool back end was checked alone"
        ));
    }
    probe()
}

#[cfg(target_os = "linux")]
fn probe() -> Option<String> {
    use io_uring::opcode::{AsyncCancel, Read, Write};
    // The test's own probe, so that a `Uring::new` that fails cannot pass as "skipped".
    let ring = match io_uring::IoUring::new(2) {
        Ok(ring) => ring,
        Err(error) => {
            let disabled = std::fs::read_to_string("/proc/sys/kernel/io_uring_disabled")
                .map(|value| format!("; /proc/sys/kernel/io_uring_disabled = {}", value.trim()))
                .unwrap_or_default();
            return Some(format!(
                "{SKIP_PREFIX}: this kernel refuses io_uring_setup ({error}{disabled}: too old, \
                 turned off, or filtered by seccomp in a container); the thread-pool back end \
                 was checked alone"
            ));
        }
    };
    // READ and WRITE came in Linux 5.6 (so did the probe itself): a 5.1 to 5.5 ring lacks them.
    let mut ops = io_uring::Probe::new();
    let usable = ring.submitter().register_probe(&mut ops).is_ok()
        && [Read::CODE, Write::CODE, AsyncCancel::CODE]
            .iter()
            .all(|&code| ops.is_supported(code));
    (!usable).then(|| {
        format!(
            "{SKIP_PREFIX}: this kernel's io_uring has no READ, WRITE or ASYNC_CANCEL (they came \
             in Linux 5.6); the thread-pool back end was checked alone"
        )
    })
}

#[cfg(not(target_os = "linux"))]
fn probe() -> Option<String> {
    Some(format!(
        "{SKIP_PREFIX}: io_uring is Linux's, not this system's; the thread-pool back end was \
         checked alone"
    ))
}

/// The learner's `Uring`, where io_uring is here; otherwise the skip is reported and `None`.
pub fn uring() -> Option<Box<dyn Proactor>> {
    if let Some(why) = io_uring_unavailable() {
        shim::skipped(&why);
        return None;
    }
    uring_here()
}

#[cfg(target_os = "linux")]
fn uring_here() -> Option<Box<dyn Proactor>> {
    match proactor::Uring::new(64) {
        Ok(ring) => Some(Box::new(ring)),
        Err(error) => panic!("Uring::new(64) failed ({error}), though io_uring works here"),
    }
}

#[cfg(not(target_os = "linux"))]
fn uring_here() -> Option<Box<dyn Proactor>> {
    None
}

/// Every back end to check here, by name: a pool of `workers`, and io_uring where it can run.
pub fn backends(workers: usize) -> Vec<(&'static str, Box<dyn Proactor>)> {
    let mut all: Vec<(&'static str, Box<dyn Proactor>)> =
        vec![("ThreadPool", Box::new(ThreadPool::new(workers)))];
    if let Some(ring) = uring() {
        all.push(("Uring", ring));
    }
    all
}

/// The next completion; fails the test, saying which back end, if there is none or an error.
pub fn next(name: &str, proactor: &mut dyn Proactor) -> Completion {
    match proactor.wait() {
        Ok(Some(completion)) => completion,
        Ok(None) => panic!("{name}: wait returned None though an operation is in flight"),
        Err(error) => panic!("{name}: wait failed: {error}"),
    }
}
