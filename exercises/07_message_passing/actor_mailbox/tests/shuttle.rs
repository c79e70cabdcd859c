//! Shuttle: random schedules of several threads sending to, and asking, one actor.
//!
//! If a schedule loses a message, answers the wrong asker or leaves a thread waiting for
//! ever, shuttle stops there and prints the schedule, which replays the failure exactly.
#![cfg(shuttle)]

use actor_mailbox::{Actor, spawn};
use shim::sync::mpsc;
use shim::thread;

/// Threads that send at once, and notes each one sends.
const SENDERS: usize = 3;
const NOTES: usize = 3;

/// Keeps a log of the notes it got; only its own thread ever touches it.
#[derive(Default)]
struct Log {
    notes: Vec<(usize, usize)>,
}

enum Message {
    /// The `seq`-th note of thread `sender`.
    Note { sender: usize, seq: usize },
    /// Asks how many notes of `sender` the log holds.
    Count {
        sender: usize,
        reply: mpsc::Sender<usize>,
    },
    /// Waits for a signal before going on: the actor is busy.
    Busy(mpsc::Receiver<()>),
    /// Drops the reply address without answering.
    Ignore(mpsc::Sender<usize>),
}

impl Actor for Log {
    type Message = Message;

    fn handle(&mut self, message: Message) {
        match message {
            Message::Note { sender, seq } => self.notes.push((sender, seq)),
            Message::Count { sender, reply } => {
                let count = self
                    .notes
                    .iter()
                    .filter(|(from, _)| *from == sender)
                    .count();
                let _ = reply.send(count);
            }
            Message::Busy(until) => {
                let _ = until.recv();
            }
            Message::Ignore(reply) => drop(reply),
        }
    }
}

#[test]
fn concurrent_senders_lose_nothing_and_each_asker_gets_its_own_answer() {
    shim::model(|| {
        let (log, running) = spawn(Log::default());
        let senders: Vec<_> = (0..SENDERS)
            .map(|sender| {
                let log = log.clone();
                thread::spawn(move || {
                    for seq in 0..NOTES {
                        log.send(Message::Note { sender, seq })
                            .unwrap_or_else(|_| panic!("the actor is running"));
                    }
                    // One sender's messages arrive in the order it sent them: its notes are
                    // all in the log before its question is handled.
                    let count = log.ask(|reply| Message::Count { sender, reply });
                    assert_eq!(
                        count,
                        Some(NOTES),
                        "thread {sender} sent {NOTES} notes, then asked how many the actor has \
                         from it: the answer must be {NOTES} (lost, reordered, or another \
                         asker's reply)"
                    );
                })
            })
            .collect();
        // The actor must outlive this address: the clones are still sending.
        drop(log);
        for sender in senders {
            sender.join().expect("a sender panicked");
        }
        let log = running.join().expect("the actor crashed");
        assert_eq!(
            log.notes.len(),
            SENDERS * NOTES,
            "every note sent must be handled exactly once: {:?}",
            log.notes
        );
        for sender in 0..SENDERS {
            let seqs: Vec<usize> = log
                .notes
                .iter()
                .filter(|(from, _)| *from == sender)
                .map(|(_, seq)| *seq)
                .collect();
            assert_eq!(
                seqs,
                (0..NOTES).collect::<Vec<_>>(),
                "thread {sender}'s notes, in the order the actor handled them"
            );
        }
    });
}

#[test]
fn a_dropped_request_gives_none_while_another_is_answered() {
    shim::model(|| {
        let (log, running) = spawn(Log::default());
        let ignored = {
            let log = log.clone();
            thread::spawn(move || log.ask(Message::Ignore))
        };
        let answered = {
            let log = log.clone();
            thread::spawn(move || log.ask(|reply| Message::Count { sender: 0, reply }))
        };
        drop(log);
        assert_eq!(
            ignored.join().expect("the asker panicked"),
            None,
            "the actor dropped the request unanswered: ask must return None"
        );
        assert_eq!(answered.join().expect("the asker panicked"), Some(0));
        running.join().expect("the actor crashed");
    });
}

#[test]
fn sends_to_a_busy_actor_never_wait_for_it() {
    shim::model(|| {
        let (log, running) = spawn(Log::default());
        let (go_on, until) = mpsc::channel();
        log.send(Message::Busy(until))
            .unwrap_or_else(|_| panic!("the actor is running"));
        let other = {
            let log = log.clone();
            thread::spawn(move || {
                log.send(Message::Note { sender: 1, seq: 0 })
                    .unwrap_or_else(|_| panic!("the actor is running"));
            })
        };
        // The actor may be stuck in `Busy` until the signal below: a send that waits for the
        // actor to take its message would wait for ever (shuttle reports a deadlock).
        log.send(Message::Note { sender: 0, seq: 0 })
            .unwrap_or_else(|_| panic!("the actor is running"));
        other.join().expect("the other sender panicked");
        go_on.send(()).expect("the actor waits for the signal");
        drop(log);
        let log = running.join().expect("the actor crashed");
        assert_eq!(log.notes.len(), 2, "{:?}", log.notes);
    });
}
