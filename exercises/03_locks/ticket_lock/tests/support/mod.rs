//! Test support: knowing, without guessing from the clock, that a thread is waiting in `lock`.
//!
//! To check first-come-first-served entry, a test must start the next thread only once the
//! previous one has taken its ticket. Sleeping "long enough" is a guess that a busy machine
//! breaks. Instead we watch the waiting thread's own CPU time: a thread that has *run* for
//! several milliseconds since it called `lock` (which is all it does) is well past the first
//! step of `lock`, however the machine scheduled it.

use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a waiter must have run inside `lock` before it counts as queued.
const CPU_TIME_IN_LOCK: Duration = Duration::from_millis(5);
/// A waiter that sleeps instead of spinning gains CPU time slowly: accept it after this long.
const AT_MOST: Duration = Duration::from_secs(2);

/// Returns once `waiter`, a thread whose only work is to call `lock`, is surely waiting in it.
pub fn until_waiting<R>(waiter: &JoinHandle<R>) {
    let started = Instant::now();
    let cpu_at_start = cpu_time(waiter);
    while started.elapsed() < AT_MOST {
        match (cpu_at_start, cpu_time(waiter)) {
            (Some(before), Some(now)) if now.saturating_sub(before) >= CPU_TIME_IN_LOCK => return,
            // Without a per-thread CPU clock (not Linux), a short wait on the clock must do.
            (None, _) | (_, None) if started.elapsed() >= Duration::from_millis(100) => return,
            _ => std::thread::sleep(Duration::from_millis(1)),
        }
    }
}

/// The CPU time `thread` has used so far, where the platform can tell.
#[cfg(target_os = "linux")]
fn cpu_time<R>(thread: &JoinHandle<R>) -> Option<Duration> {
    use std::os::unix::thread::JoinHandleExt;

    let mut clock: libc::clockid_t = 0;
    // Safety: the handle's thread has not been joined (we borrow its `JoinHandle`), so its
    // `pthread_t` is valid; `clock` is a valid place for the id to be written.
    if unsafe { libc::pthread_getcpuclockid(thread.as_pthread_t(), &mut clock) } != 0 {
        return None;
    }
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // Safety: `clock` is a CPU-time clock id the call above returned; `time` is writable.
    if unsafe { libc::clock_gettime(clock, &mut time) } != 0 {
        return None;
    }
    Some(Duration::new(time.tv_sec as u64, time.tv_nsec as u32))
}

#[cfg(not(target_os = "linux"))]
fn cpu_time<R>(_thread: &JoinHandle<R>) -> Option<Duration> {
    None
}
