//! Unit tests: what each tally does on one thread, and which promises its type makes.

mod support;

use std::cell::Cell;

use data_race::{LocalTally, SharedTally};
use static_assertions::assert_impl_all;

// A local tally may move to another thread (it owns its count); a shared one is shared.
assert_impl_all!(LocalTally: Send);
assert_impl_all!(SharedTally: Send, Sync);

#[test]
fn the_probe_tells_sync_types_from_others() {
    // The test support itself: if this failed, the test below would prove nothing.
    assert!(is_sync!(u64) && is_sync!(std::sync::Mutex<Cell<u8>>));
    assert!(!is_sync!(Cell<u64>) && !is_sync!(std::rc::Rc<u8>));
}

#[test]
fn a_local_tally_is_not_sync() {
    assert!(
        !is_sync!(LocalTally),
        "LocalTally is Sync, so two threads may call `add` on one tally at the same time, and \
         both read, add and write its Cell with nothing ordering them: a data race in safe \
         code. A Cell is not Sync for exactly that reason; the `unsafe impl Sync` overrides \
         the compiler's verdict with a promise that is not true. Remove it"
    );
}

#[test]
fn a_local_tally_counts() {
    let tally = LocalTally::new();
    tally.add(2);
    tally.add(5);
    assert_eq!(tally.get(), 7);
    assert_eq!(LocalTally::default().get(), 0, "a new tally starts at 0");
}

#[test]
fn a_shared_tally_counts_and_absorbs_local_tallies() {
    let shared = SharedTally::new();
    shared.add(3);
    let local = LocalTally::new();
    local.add(4);
    shared.absorb(local);
    assert_eq!(
        shared.get(),
        7,
        "3 added directly, 4 absorbed from a local tally"
    );
    assert_eq!(SharedTally::default().get(), 0, "a new tally starts at 0");
}
