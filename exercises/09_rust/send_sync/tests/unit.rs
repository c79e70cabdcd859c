//! Unit tests: what a `Shared` does, on one thread. Whether it may cross threads is the
//! compile_fail stage's question (tests/compile_fail.rs); how it behaves on many, the stress
//! test's.

use std::sync::atomic::{AtomicUsize, Ordering};

use send_sync::Shared;

#[test]
fn update_changes_the_value_and_returns_what_the_change_returns() {
    let shared = Shared::new(vec![1, 2]);
    let length = shared.update(|list| {
        list.push(3);
        list.len()
    });
    assert_eq!(length, 3, "update returns what the change returned");
    assert_eq!(shared.get(), vec![1, 2, 3], "get sees the change");
}

#[test]
fn every_clone_is_a_handle_to_the_same_value() {
    let first = Shared::new(10u64);
    let second = first.clone();
    second.update(|n| *n += 5);
    assert_eq!(
        first.get(),
        15,
        "a change made through one handle is seen through the other: a clone shares the \
         value, it does not copy it"
    );
}

#[test]
fn the_value_is_dropped_once_when_the_last_handle_goes() {
    static DROPPED: AtomicUsize = AtomicUsize::new(0);
    // Clone only so that this test compiles whatever `Clone for Shared` asks of `T` (that it
    // should ask nothing is the compile_fail stage's question).
    #[derive(Clone)]
    struct Noisy;
    impl Drop for Noisy {
        fn drop(&mut self) {
            DROPPED.fetch_add(1, Ordering::Relaxed);
        }
    }
    let first = Shared::new(Noisy);
    let second = first.clone();
    drop(first);
    assert_eq!(
        DROPPED.load(Ordering::Relaxed),
        0,
        "one handle is left: the value must live on"
    );
    drop(second);
    assert_eq!(
        DROPPED.load(Ordering::Relaxed),
        1,
        "the last handle is gone: the value is dropped, once"
    );
}
