//! Peterson's lock: mutual exclusion for two threads from plain loads and stores.
//!
//! This version uses Release and Acquire, "the usual pair", and it is wrong: both threads can
//! be inside at once. Run the checks, read what loom says, then fix `lock`.
//! Read README.md first; run `threadlings hint` when stuck.

use std::ops::{Deref, DerefMut};

use shim::cell::UnsafeCell;
use shim::sync::Arc;
#[allow(unused_imports)] // you will need `fence`
use shim::sync::atomic::{AtomicBool, AtomicUsize, Ordering, fence};

struct Shared<T> {
    /// `wants[i]`: side `i` wants to enter, or is inside.
    wants: [AtomicBool; 2],
    /// Whose turn it is to go first when both want to enter.
    turn: AtomicUsize,
    value: UnsafeCell<T>,
}

/// One of the two sides of a Peterson lock. Each thread takes its own side.
pub struct Side<T> {
    shared: Arc<Shared<T>>,
    me: usize,
}

// Safety: a `Side` only ever hands the value to the one thread that holds the lock, so
// moving a side to another thread moves access to the `T`: `T: Send` suffices.
unsafe impl<T: Send> Send for Side<T> {}

/// A Peterson lock around `value`: the two sides, one for each thread.
pub fn peterson<T>(value: T) -> (Side<T>, Side<T>) {
    let shared = Arc::new(Shared {
        wants: [AtomicBool::new(false), AtomicBool::new(false)],
        turn: AtomicUsize::new(0),
        value: UnsafeCell::new(value),
    });
    let other = Side {
        shared: Arc::clone(&shared),
        me: 1,
    };
    (Side { shared, me: 0 }, other)
}

impl<T> Side<T> {
    /// Waits until the other side is not inside, then enters.
    pub fn lock(&mut self) -> PetersonGuard<'_, T> {
        let shared = &*self.shared;
        let (me, other) = (self.me, 1 - self.me);
        // Release: "everything before this is visible to whoever sees it"...
        shared.wants[me].store(true, Ordering::Release);
        // Release: "you go first".
        shared.turn.store(other, Ordering::Release);
        // Acquire: "...and we see everything before the other side's stores". But does a
        // load here promise to see the other side's `wants` store at all? TODO
        while shared.wants[other].load(Ordering::Acquire)
            && shared.turn.load(Ordering::Acquire) == other
        {
            shim::hint::spin_loop();
        }
        PetersonGuard { side: self }
    }
}

/// Access to the value while this side holds the lock; dropping it unlocks.
pub struct PetersonGuard<'a, T> {
    side: &'a mut Side<T>,
}

// Safety: `&PetersonGuard` hands out `&T` and nothing else, so sharing a guard between
// threads shares the `T`: it needs `T: Sync`, like a `&T` would.
unsafe impl<T: Sync> Sync for PetersonGuard<'_, T> {}

impl<T> Deref for PetersonGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // Safety: the guard exists only while this side holds the lock.
        self.side.shared.value.with(|value| unsafe { &*value })
    }
}

impl<T> DerefMut for PetersonGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // Safety: holding the lock and `&mut` to the guard makes us the only user.
        self.side
            .shared
            .value
            .with_mut(|value| unsafe { &mut *value })
    }
}

impl<T> Drop for PetersonGuard<'_, T> {
    fn drop(&mut self) {
        // Release: our writes to the value are seen by the other side once it sees this.
        self.side.shared.wants[self.side.me].store(false, Ordering::Release);
    }
}
