//! A notice board: a writer pins values into slots one at a time; a reader collects every
//! value pinned so far, with one fence for all the slots it looked at.
//!
//! This version works on your machine, and it is wrong: no access is ordered with anything.
//! Keep every atomic access `Relaxed`, and add the fences that make it right (the `TODO`s).
//! Read README.md first; run `threadlings hint` when stuck.

use shim::cell::UnsafeCell;
#[allow(unused_imports)] // you will need `fence`
use shim::sync::atomic::{AtomicBool, Ordering, fence};

struct Slot {
    /// The value. A plain cell: only the fences make it safe for a reader to read it.
    value: UnsafeCell<u64>,
    /// `true` once `value` holds the whole value.
    pinned: AtomicBool,
    /// `true` once some thread has begun to pin this slot (a second `pin` panics).
    claimed: AtomicBool,
}

/// A fixed number of slots, each written at most once.
pub struct Board {
    slots: Vec<Slot>,
}

// Safety: a slot's value is written only by the thread that won its `claimed`, before its
// `pinned` store; it is read only after a load that saw `pinned`... provided that seeing the
// flag also means seeing the write. That is what the fences must guarantee.
unsafe impl Sync for Board {}

impl Board {
    pub fn new(slots: usize) -> Self {
        let slots = (0..slots)
            .map(|_| Slot {
                value: UnsafeCell::new(0),
                pinned: AtomicBool::new(false),
                claimed: AtomicBool::new(false),
            })
            .collect();
        Board { slots }
    }

    /// Puts `value` into slot `slot`. Each slot takes one value; a second `pin` panics, as
    /// does a slot number past the end.
    pub fn pin(&self, slot: usize, value: u64) {
        let slot = &self.slots[slot];
        // Relaxed: `claimed` only decides who may write; it carries nothing to anyone.
        if slot.claimed.swap(true, Ordering::Relaxed) {
            panic!("Board::pin called twice for one slot: each slot takes exactly one value");
        }
        // Safety: winning `claimed` makes this thread the slot's only writer, and no reader
        // reads it before it has seen `pinned` (stored below, after the fence).
        slot.value.with_mut(|cell| unsafe { *cell = value });
        // TODO: Relaxed is to stay. What must come between the write above and this store,
        // so that a reader that sees the flag can see the write?
        slot.pinned.store(true, Ordering::Relaxed);
    }

    /// Every slot's value if it has been pinned, `None` for the others.
    pub fn read_all(&self) -> Vec<Option<u64>> {
        // Relaxed: the loads only find out which slots are pinned.
        let pinned: Vec<bool> = self
            .slots
            .iter()
            .map(|slot| slot.pinned.load(Ordering::Relaxed))
            .collect();
        // TODO: the other half. What must come between the flag loads and the value reads?
        self.slots
            .iter()
            .zip(pinned)
            .map(|(slot, pinned)| {
                // Safety: we saw `pinned`, so the slot's only write is done (is it, for us?).
                pinned.then(|| slot.value.with(|cell| unsafe { *cell }))
            })
            .collect()
    }
}
