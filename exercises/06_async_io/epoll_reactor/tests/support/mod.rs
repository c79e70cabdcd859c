//! Test support for the reactor: loopback pairs (port 0, never a fixed port), a socket that
//! already holds a whole message and its end, writers that send in parts, and `run_all`, a
//! one-thread executor: it polls the tasks that were woken, and turns the reactor while none
//! was.
#![allow(dead_code)] // each test file uses part of this module

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
pub use linux::*;

/// epoll is Linux's: elsewhere each test file runs this one test, which says so.
#[cfg(not(target_os = "linux"))]
#[test]
fn epoll_is_linux_only() {
    shim::skipped(
        "epoll is Linux's (macOS has kqueue instead): this exercise's checks ran nothing here",
    );
}
