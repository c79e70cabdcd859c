//! The compile_fail stage: threadlings compiles each snippet below on its own against your
//! crate (`#[cfg(snippet = ...)]` keeps them out of ordinary builds). A snippet marked
//! `expect: compiles` must compile; one marked with an error code must be refused with that
//! code: E0277 is "the trait bound is not satisfied", here "`...` cannot be sent between
//! threads safely" or "cannot be shared between threads safely".
#![allow(dead_code)]

/// A handle to a number must move into another thread: `Shared<u64>` must be `Send`.
/// expect: compiles
#[cfg(snippet = "a_handle_moves_to_another_thread")]
mod a_handle_moves_to_another_thread {
    use send_sync::Shared;

    fn run() {
        let counter = Shared::new(0u64);
        let theirs = counter.clone();
        std::thread::spawn(move || theirs.update(|n| *n += 1))
            .join()
            .unwrap();
    }
}

/// Threads must be able to share one handle by reference: `Shared<u64>` must be `Sync`.
/// expect: compiles
#[cfg(snippet = "threads_share_one_handle")]
mod threads_share_one_handle {
    use send_sync::Shared;

    fn run() {
        let counter = Shared::new(0u64);
        std::thread::scope(|s| {
            s.spawn(|| counter.update(|n| *n += 1));
            s.spawn(|| counter.update(|n| *n += 1));
        });
    }
}

/// A value that may move between threads but not be shared (a `Cell`) must still be usable
/// from many threads through a `Shared`, which lets one thread at a time reach it.
/// expect: compiles
#[cfg(snippet = "a_lock_makes_a_cell_shareable")]
mod a_lock_makes_a_cell_shareable {
    use std::cell::Cell;

    use send_sync::Shared;

    fn run() {
        let cell = Shared::new(Cell::new(0u64));
        let theirs = cell.clone();
        std::thread::spawn(move || theirs.update(|c| c.set(c.get() + 1)))
            .join()
            .unwrap();
    }
}

/// Cloning a handle never clones the value, so it must work for a value that cannot be
/// cloned.
/// expect: compiles
#[cfg(snippet = "a_handle_clones_without_cloning_the_value")]
mod a_handle_clones_without_cloning_the_value {
    use send_sync::Shared;

    struct Token;

    fn run() {
        let first = Shared::new(Token);
        let _second = first.clone();
    }
}

/// A `Shared<Rc<u64>>` must not move to another thread: `get` hands out clones of the `Rc`,
/// and two threads changing one `Rc`'s count without atomic instructions is a data race.
/// expect: E0277
#[cfg(snippet = "a_handle_to_an_rc_stays_on_its_thread")]
mod a_handle_to_an_rc_stays_on_its_thread {
    use std::rc::Rc;

    use send_sync::Shared;

    fn run() {
        let shared = Shared::new(Rc::new(1u64));
        std::thread::spawn(move || shared.get()).join().unwrap();
    }
}

/// Nor may threads share one by reference: `Shared<Rc<u64>>` must not be `Sync`.
/// expect: E0277
#[cfg(snippet = "a_handle_to_an_rc_is_not_shared")]
mod a_handle_to_an_rc_is_not_shared {
    use std::rc::Rc;

    use send_sync::Shared;

    fn run() {
        let shared = Shared::new(Rc::new(1u64));
        std::thread::scope(|s| {
            s.spawn(|| drop(shared.get()));
        });
    }
}
