//! Unit tests: what a mailbox does, on real threads.
//!
//! These pass even with the orderings wrong: on x86 the hardware keeps stores in order and
//! loads in order, so the bug almost never shows here. The loom stage is where it shows.

use std::sync::Arc;
use std::time::Duration;

use message_passing::Mailbox;
use shim::watchdog::Watchdog;
use static_assertions::assert_impl_all;

#[test]
fn a_new_mailbox_is_empty() {
    assert_eq!(
        Mailbox::new().try_read(),
        None,
        "nothing was published yet, so try_read must return None"
    );
    assert_eq!(
        Mailbox::default().try_read(),
        None,
        "Mailbox::default() must be an empty mailbox too"
    );
}

#[test]
fn try_read_returns_the_published_value_every_time() {
    let mailbox = Mailbox::new();
    mailbox.publish(42);
    for _ in 0..3 {
        assert_eq!(
            mailbox.try_read(),
            Some(42),
            "after publish(42), every try_read must return Some(42)"
        );
    }
}

#[test]
fn zero_and_max_are_messages_like_any_other() {
    // A mailbox that used 0 (or u64::MAX) to mean "empty" could not carry these.
    for value in [0, u64::MAX] {
        let mailbox = Mailbox::new();
        assert_eq!(mailbox.try_read(), None, "a new mailbox must be empty");
        mailbox.publish(value);
        assert_eq!(
            mailbox.try_read(),
            Some(value),
            "publish({value}) must be read back as Some({value}): every u64 is a valid \
             message, so emptiness cannot be encoded as a special value"
        );
    }
}

#[test]
fn mailboxes_are_independent() {
    let (first, second) = (Mailbox::new(), Mailbox::new());
    first.publish(1);
    assert_eq!(
        second.try_read(),
        None,
        "publishing into one mailbox must leave another empty"
    );
    second.publish(2);
    assert_eq!((first.try_read(), second.try_read()), (Some(1), Some(2)));
}

#[test]
fn another_thread_sees_the_published_value() {
    let mailbox = Arc::new(Mailbox::new());
    let watchdog = Watchdog::start(
        "a reader polling for a published value",
        Duration::from_secs(5),
    );
    let writer = {
        let mailbox = Arc::clone(&mailbox);
        std::thread::spawn(move || mailbox.publish(0xC0FFEE))
    };
    let seen = loop {
        if let Some(value) = mailbox.try_read() {
            break value;
        }
        watchdog.progress();
        std::hint::spin_loop();
    };
    writer.join().expect("the writer thread panicked");
    assert_eq!(
        seen, 0xC0FFEE,
        "the reader saw Some, but not the value that was published"
    );
}

// Checked when this file compiles: a mailbox is made to be shared between threads (publish
// on one, read on others), and moved into one; `Default` makes an empty one.
assert_impl_all!(Mailbox: Send, Sync, Default);
