//! Loom model: every interleaving of two threads taking tickets.
//!
//! A lost update needs one thread to stop between reading the count and writing it back,
//! while another thread reads the same count. Loom tries every such point.
//!
//! The first test declares the tickets two threads may get (its litmus outcomes) and reports
//! what they got: when it fails, `threadlings explain` shows how often each came up.
#![cfg(loom)]

use lost_update::Counter;
use shim::outcomes::{Litmus, Outcome, observe};
use shim::sync::Arc;
use shim::thread;

#[test]
fn two_threads_never_get_the_same_ticket() {
    const TICKETS: Litmus = Litmus {
        observed: "the two tickets two threads took from a counter at 7, in order",
        outcomes: &[
            Outcome::allowed("[7, 8]", "one ticket each, whichever thread came first"),
            Outcome::forbidden(
                "[7, 7]",
                "a lost update: both read 7 before either wrote 8 back; reading and writing the \
                 count must be one indivisible step",
            ),
            Outcome::forbidden(
                "[8, 8]",
                "a ticket read back after another thread's update: the ticket must be the \
                 number this thread's own update replaced",
            ),
        ],
    };
    shim::model(|| {
        let counter = Arc::new(Counter::new(7));
        let other = {
            let counter = counter.clone();
            thread::spawn(move || counter.take())
        };
        let mine = counter.take();
        let theirs = other.join().unwrap();
        let mut tickets = [mine, theirs];
        tickets.sort_unstable();
        observe(&TICKETS, &tickets);
        assert_eq!(
            tickets,
            [7, 8],
            "two threads took one ticket each and got {mine} and {theirs}: both read the count \
             before either wrote it back (a lost update). Reading and writing the count must \
             be one indivisible step"
        );
        assert_eq!(
            counter.peek(),
            9,
            "two tickets were taken, so the next one is 9"
        );
    });
}

#[test]
fn a_block_and_a_single_ticket_never_overlap() {
    shim::model(|| {
        let counter = Arc::new(Counter::new(0));
        let other = {
            let counter = counter.clone();
            thread::spawn(move || counter.take_many(3))
        };
        let single = counter.take();
        let block = other.join().unwrap();
        assert!(
            (single == 0 && block == 1) || (block == 0 && single == 3),
            "take() returned {single} while take_many(3) returned {block}..{}: the ticket and \
             the block overlap or leave a gap",
            block + 3
        );
        assert_eq!(
            counter.peek(),
            4,
            "four tickets were taken, so none may be lost"
        );
    });
}
