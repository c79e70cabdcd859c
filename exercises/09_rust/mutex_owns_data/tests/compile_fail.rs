//! The compile_fail stage: threadlings compiles each snippet below on its own against your
//! crate (`#[cfg(snippet = ...)]` keeps them out of ordinary builds). A snippet marked
//! `expect: compiles` must compile; one marked with an error code must be refused with that
//! code. E0277: a trait bound (here `Sync`) is not satisfied; E0599: no such method; E0597: a
//! borrowed value does not live long enough.
#![allow(dead_code)]

/// Threads must be able to share a `Mutex<Vec<u64>>` and change the data through guards.
/// expect: compiles
#[cfg(snippet = "threads_share_a_mutex")]
mod threads_share_a_mutex {
    use mutex_owns_data::Mutex;

    fn run() {
        let list = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            s.spawn(|| list.lock().push(1u64));
            s.spawn(|| list.lock().push(2u64));
        });
    }
}

/// The point of a mutex: a value that may move between threads but not be shared (a `Cell`)
/// becomes shareable behind it, since one thread at a time reaches it. `Mutex<Cell<u64>>`
/// must be `Sync`: ask `T: Send`, not more.
/// expect: compiles
#[cfg(snippet = "a_mutex_makes_a_cell_shareable")]
mod a_mutex_makes_a_cell_shareable {
    use std::cell::Cell;

    use mutex_owns_data::Mutex;

    fn run() {
        let cell = Mutex::new(Cell::new(0u64));
        std::thread::scope(|s| {
            s.spawn(|| {
                let guard = cell.lock();
                guard.set(guard.get() + 1);
            });
        });
    }
}

/// A mutex of an `Rc` must not be shared: each thread could clone the `Rc` out through its
/// guard, and then two threads change one `Rc`'s count without atomic instructions. The
/// mutex may be `Sync` only when `T: Send`.
/// expect: E0277
#[cfg(snippet = "a_mutex_of_an_rc_is_not_shared")]
mod a_mutex_of_an_rc_is_not_shared {
    use std::rc::Rc;

    use mutex_owns_data::Mutex;

    fn needs_sync<T: Sync>(_: &T) {}

    fn run() {
        needs_sync(&Mutex::new(Rc::new(1u8)));
    }
}

/// A guard of a `Cell` must not be shared: every thread holding `&guard` would get `&Cell`
/// and could set it at the same time. A guard may be `Sync` only when `T: Sync`.
/// expect: E0277
#[cfg(snippet = "a_guard_of_a_cell_is_not_shared")]
mod a_guard_of_a_cell_is_not_shared {
    use std::cell::Cell;

    use mutex_owns_data::Mutex;

    fn needs_sync<T: Sync>(_: &T) {}

    fn run() {
        let cell = Mutex::new(Cell::new(0u64));
        let guard = cell.lock();
        needs_sync(&guard);
    }
}

/// No quick look without the lock: while the mutex is shared, a guard is the only way to the
/// data. (`peek` must be gone.)
/// expect: E0599
#[cfg(snippet = "no_way_to_the_data_but_a_guard")]
mod no_way_to_the_data_but_a_guard {
    use mutex_owns_data::Mutex;

    fn run() {
        let count = Mutex::new(0u64);
        let _ = count.peek();
    }
}

/// A reference into the data must not outlive the guard it came from: after the unlock,
/// another thread may be changing the data.
/// expect: E0597
#[cfg(snippet = "a_reference_does_not_outlive_its_guard")]
mod a_reference_does_not_outlive_its_guard {
    use mutex_owns_data::Mutex;

    fn run() {
        let count = Mutex::new(0u64);
        let escaped: &u64;
        {
            let guard = count.lock();
            escaped = &guard;
        }
        println!("{escaped}");
    }
}
