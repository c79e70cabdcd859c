//! Loom model: every interleaving of a publisher and its readers, with weak memory.
//!
//! Loom tracks every access to the mailbox's value (through `shim::cell::UnsafeCell`). When a
//! reader reads it with no happens-before edge from the publisher's write, loom stops with a
//! "Causality violation": that read could see the value stale or half-written. A Release
//! store of the flag and an Acquire load that sees it make that edge; Relaxed does not.
//!
//! Each test declares what a reader may get (its litmus outcomes) and reports what it got:
//! when a test fails, `threadlings explain` shows how often each outcome came up.
#![cfg(loom)]

use message_passing::Mailbox;
use shim::outcomes::{Litmus, Outcome, observe};
use shim::sync::Arc;
use shim::thread;

/// Why a reader that saw the flag cannot read an old message.
const NO_STALE: &str = "the flag without the message: the message is written before the \
                        Release store of `ready`, so an Acquire load that sees `true` sees it";

/// Polls until the message is there, giving the other threads a turn between tries.
fn wait_for(mailbox: &Mailbox) -> u64 {
    loop {
        if let Some(value) = mailbox.try_read() {
            return value;
        }
        thread::yield_now();
    }
}

#[test]
fn a_reader_that_sees_the_message_sees_exactly_the_message() {
    const WAITED: Litmus = Litmus {
        observed: "what a reader that polls until try_read() succeeds got, publish(42) racing",
        outcomes: &[
            Outcome::allowed("42", "the message: the one value ever published"),
            Outcome::forbidden("0", NO_STALE),
        ],
    };
    shim::model(|| {
        let mailbox = Arc::new(Mailbox::new());
        let writer = {
            let mailbox = Arc::clone(&mailbox);
            thread::spawn(move || mailbox.publish(42))
        };
        let seen = wait_for(&mailbox);
        observe(&WAITED, &seen);
        assert_eq!(
            seen, 42,
            "the reader saw the flag but not the data (it read {seen}): publish with \
             Release and read the flag with Acquire"
        );
        writer.join().unwrap();
    });
}

#[test]
fn a_single_look_finds_nothing_or_the_whole_message() {
    const ONE_LOOK: Litmus = Litmus {
        observed: "what one try_read() returned, publish(7) racing",
        outcomes: &[
            Outcome::allowed("None", "it looked before it could see the flag"),
            Outcome::allowed("Some(7)", "it saw the flag, and with it the message"),
            Outcome::forbidden("Some(0)", NO_STALE),
        ],
    };
    shim::model(|| {
        let mailbox = Arc::new(Mailbox::new());
        let writer = {
            let mailbox = Arc::clone(&mailbox);
            thread::spawn(move || mailbox.publish(7))
        };
        let seen = mailbox.try_read();
        observe(&ONE_LOOK, &seen);
        assert!(
            seen.is_none() || seen == Some(7),
            "a read racing with publish(7) returned {seen:?}: it must be None (not yet) or \
             Some(7), never a stale or half-written value"
        );
        writer.join().unwrap();
        assert_eq!(
            mailbox.try_read(),
            Some(7),
            "once publish has returned (and the thread was joined), try_read must see it"
        );
    });
}

#[test]
fn two_readers_never_see_anything_but_the_message() {
    // Two readers that spin until they succeed make loom hit its branch limit (each one's
    // yield lets the other spin again), so here each reader looks a few times and may give up.
    const LOOKS: usize = 3;
    const EACH_READER: Litmus = Litmus {
        observed: "what each of two readers got (up to 3 looks each), publish(99) racing",
        outcomes: &[
            Outcome::allowed("None", "it gave up before it could see the flag"),
            Outcome::allowed("Some(99)", "it saw the flag, and with it the message"),
            Outcome::forbidden("Some(0)", NO_STALE),
        ],
    };
    shim::model(|| {
        let mailbox = Arc::new(Mailbox::new());
        let readers: Vec<_> = (0..2)
            .map(|_| {
                let mailbox = Arc::clone(&mailbox);
                thread::spawn(move || {
                    for _ in 0..LOOKS {
                        if let Some(value) = mailbox.try_read() {
                            return Some(value);
                        }
                        thread::yield_now();
                    }
                    None
                })
            })
            .collect();
        mailbox.publish(99);
        for reader in readers {
            let seen = reader.join().unwrap();
            observe(&EACH_READER, &seen);
            assert!(
                seen.is_none() || seen == Some(99),
                "a reader got {seen:?} from a mailbox that only ever held 99: every reader \
                 needs an Acquire load that pairs with the publisher's Release store"
            );
        }
        assert_eq!(
            mailbox.try_read(),
            Some(99),
            "the publisher must see its own message"
        );
    });
}
