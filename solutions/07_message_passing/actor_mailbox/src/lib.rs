//! Actors: private state, a mailbox, and nothing shared.
//!
//! Reference solution.

use shim::sync::mpsc;
use shim::thread::{self, JoinHandle};

/// An actor: state that only its own thread touches, changed one message at a time.
pub trait Actor: Send + 'static {
    type Message: Send + 'static;

    /// Handles one message. Runs on the actor's thread, never two at once.
    fn handle(&mut self, message: Self::Message);
}

/// Where to send an actor its messages. Cloning it makes another sender, not another actor.
pub struct Address<M> {
    mailbox: mpsc::Sender<M>,
}

impl<M> Clone for Address<M> {
    fn clone(&self) -> Self {
        Address {
            mailbox: self.mailbox.clone(),
        }
    }
}

impl<M> Address<M> {
    /// Puts `message` in the mailbox and returns at once, however busy the actor is.
    /// `Err` gives the message back if the actor is gone.
    pub fn send(&self, message: M) -> Result<(), M> {
        self.mailbox.send(message).map_err(|mpsc::SendError(message)| message)
    }

    /// Request/reply: sends the message that `request` builds around a reply address, and
    /// waits for the answer. `None` if the actor is gone or drops the request unanswered.
    pub fn ask<R>(&self, request: impl FnOnce(mpsc::Sender<R>) -> M) -> Option<R> {
        let (reply_to, reply) = mpsc::channel();
        self.send(request(reply_to)).ok()?;
        reply.recv().ok()
    }
}

/// Starts `actor` on its own thread. It handles its messages in the order they arrive until
/// every `Address` is gone; then the thread ends and returns the actor's final state.
pub fn spawn<A: Actor>(mut actor: A) -> (Address<A::Message>, JoinHandle<A>) {
    let (mailbox, messages) = mpsc::channel();
    let running = thread::spawn(move || {
        // `recv` fails only once every sender is dropped and the mailbox is empty: the actor
        // has handled every message anybody sent it.
        while let Ok(message) = messages.recv() {
            actor.handle(message);
        }
        actor
    });
    (Address { mailbox }, running)
}
