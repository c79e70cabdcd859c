//! `std::thread`, `loom::thread` or `shuttle::thread`, by `cfg`.

#[cfg(loom)]
pub use loom::thread::{Builder, JoinHandle};
#[cfg(loom)]
pub use loom_park::{Thread, current, park};
// loom 0.7 has no scoped threads: `scope` exists under std and shuttle only.
#[cfg(all(shuttle, not(loom)))]
pub use shuttle::thread::{
    Builder, JoinHandle, Scope, ScopedJoinHandle, Thread, current, park, scope, spawn, yield_now,
};
#[cfg(not(any(loom, shuttle)))]
pub use std::thread::{
    Builder, JoinHandle, Scope, ScopedJoinHandle, Thread, current, park, scope, spawn, yield_now,
};

/// Loom's `spawn`, recorded in the trace of the execution (`crate::trace`) when one is asked
/// for, so that the story of a failure says where each thread came from.
#[cfg(loom)]
#[track_caller]
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + 'static,
    T: 'static,
{
    let handle = loom::thread::spawn(f);
    crate::trace::record_spawn(handle.thread().id(), std::panic::Location::caller());
    handle
}

/// Lets another thread run (loom's `yield_now`); a thread that yields is not spinning blindly.
#[cfg(loom)]
pub fn yield_now() {
    crate::fairness::note_yield();
    loom::thread::yield_now();
}

/// Parking with std's semantics under loom.
///
/// Loom 0.7's `Thread::unpark` wakes its target from whatever it is blocked on: an unpark that
/// reaches a thread blocked in `JoinHandle::join` aborts the model ("assertion failed:
/// state.notified", tokio-rs/loom#249), though on std that unpark only leaves a token for a later
/// `park`. Correct code does this all the time (a waiter woken after it already gave up and went
/// on to join), so the shim parks on a token of its own: a loom mutex and condvar per thread.
/// `unpark` before `park` is kept, as in std, and what happens before an `unpark` is visible
/// after the `park` it ends (the mutex orders them). Only `JoinHandle::thread` still hands out
/// loom's own `Thread`; exercises use `current()`.
#[cfg(loom)]
mod loom_park {
    use std::sync::Arc;

    /// A thread's parking token.
    #[derive(Debug)]
    struct Parker {
        token: loom::sync::Mutex<bool>,
        unparked: loom::sync::Condvar,
    }

    loom::thread_local! {
        static PARKER: Arc<Parker> = Arc::new(Parker {
            token: loom::sync::Mutex::new(false),
            unparked: loom::sync::Condvar::new(),
        });
    }

    /// A handle to a thread, as `std::thread::Thread`.
    #[derive(Debug, Clone)]
    pub struct Thread {
        thread: loom::thread::Thread,
        parker: Arc<Parker>,
    }

    impl Thread {
        /// Makes the token available: the thread's next `park` (or the one it is in) returns.
        pub fn unpark(&self) {
            let mut token = self
                .parker
                .token
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            *token = true;
            drop(token);
            self.parker.unparked.notify_one();
        }

        pub fn id(&self) -> loom::thread::ThreadId {
            self.thread.id()
        }

        pub fn name(&self) -> Option<&str> {
            self.thread.name()
        }
    }

    /// The calling thread.
    pub fn current() -> Thread {
        Thread {
            thread: loom::thread::current(),
            parker: PARKER.with(Arc::clone),
        }
    }

    /// Blocks until the token is available, then takes it.
    pub fn park() {
        let parker = PARKER.with(Arc::clone);
        let mut token = parker
            .token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        while !*token {
            token = parker
                .unparked
                .wait(token)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        *token = false;
    }
}
