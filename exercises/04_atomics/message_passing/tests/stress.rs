//! Stress test: real threads publish into and read from many mailboxes at once, for a fixed
//! time, under a watchdog.
//!
//! On x86 this almost never catches a wrong ordering (the loom stage does that); it checks that
//! the mailbox works on real hardware at full speed: every reader finds every message, and
//! never a value that was not published.

use std::sync::{Arc, Barrier};
use std::time::Duration;

use message_passing::Mailbox;
use shim::watchdog::Watchdog;

const MAILBOXES: usize = 256;
const READERS: usize = 3;

/// The message for one mailbox in one round: different for every mailbox and round, and with
/// both 32-bit halves non-zero, so neither a stale value (0) nor a half-written one matches.
fn message(round: u64, slot: usize) -> u64 {
    let mut x = (round << 16 | slot as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (x ^ (x >> 31)) | 1 << 63 | 1
}

#[test]
fn readers_racing_the_writer_see_exactly_what_was_published() {
    let watchdog = Watchdog::start(
        "readers waiting for messages in mailboxes",
        Duration::from_secs(5),
    );
    let rounds = shim::stress::repeat_for_duration(|round| {
        let mailboxes: Arc<Vec<Mailbox>> =
            Arc::new((0..MAILBOXES).map(|_| Mailbox::new()).collect());
        // Everyone starts together, so the readers chase the writer through the mailboxes.
        let start = Arc::new(Barrier::new(READERS + 1));
        let writer = {
            let (mailboxes, start) = (Arc::clone(&mailboxes), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                for (slot, mailbox) in mailboxes.iter().enumerate() {
                    mailbox.publish(message(round, slot));
                }
            })
        };
        let readers: Vec<_> = (0..READERS)
            .map(|reader| {
                let (mailboxes, start) = (Arc::clone(&mailboxes), Arc::clone(&start));
                let watchdog = watchdog.handle();
                std::thread::spawn(move || {
                    start.wait();
                    // The first reader follows the writer; the others start further ahead,
                    // where the mailboxes are still empty, and wrap around.
                    let first = reader * MAILBOXES / READERS;
                    for slot in (first..MAILBOXES).chain(0..first) {
                        let mut misses = 0u32;
                        let seen = loop {
                            if let Some(value) = mailboxes[slot].try_read() {
                                break value;
                            }
                            watchdog.progress();
                            misses += 1;
                            // Spin briefly, then give the CPU away: with more threads than
                            // cores, a reader spinning on the writer's core would stall it.
                            if misses.is_multiple_of(64) {
                                std::thread::yield_now();
                            } else {
                                std::hint::spin_loop();
                            }
                        };
                        let expected = message(round, slot);
                        assert_eq!(
                            seen, expected,
                            "mailbox {slot} (round {round}) returned {seen:#018x}, but \
                             {expected:#018x} was published: a reader must see exactly the \
                             published value, never a stale or half-written one"
                        );
                        watchdog.progress();
                    }
                })
            })
            .collect();
        writer.join().expect("the writer thread panicked");
        for reader in readers {
            reader
                .join()
                .expect("a reader thread panicked (see its message above)");
        }
    });
    assert!(rounds > 0);
}
