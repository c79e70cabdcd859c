//! Unit tests: the mutex on one thread. Whether it may be shared, and whether anything but a
//! guard reaches the data, is the compile_fail stage's question (tests/compile_fail.rs).

use mutex_owns_data::Mutex;

#[test]
fn a_guard_reads_and_changes_the_data() {
    let names = Mutex::new(vec!["ada"]);
    names.lock().push("grace");
    let guard = names.lock();
    assert_eq!(
        *guard,
        vec!["ada", "grace"],
        "a change made through one guard is there for the next"
    );
}

#[test]
fn dropping_the_guard_unlocks() {
    let count = Mutex::new(0u64);
    for _ in 0..3 {
        // Each guard is dropped at the end of its statement: if it did not unlock, the second
        // `lock` would wait for ever.
        *count.lock() += 1;
    }
    assert_eq!(*count.lock(), 3);
}

#[test]
fn exclusive_access_needs_no_lock() {
    let mut count = Mutex::new(5u64);
    *count.get_mut() += 1;
    assert_eq!(
        count.into_inner(),
        6,
        "get_mut and into_inner reach the data directly"
    );
}
