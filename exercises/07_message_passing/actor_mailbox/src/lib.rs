//! Actors: private state, a mailbox, and nothing shared.
//!
//! Make `Address::send`, `Address::ask` and `spawn` work. Read README.md first; run
//! `threadlings hint` when stuck.

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
        // TODO: put the message in the mailbox; never wait for the actor.
        let _ = message;
        todo!("send a message")
    }

    /// Request/reply: sends the message that `request` builds around a reply address, and
    /// waits for the answer. `None` if the actor is gone or drops the request unanswered.
    pub fn ask<R>(&self, request: impl FnOnce(mpsc::Sender<R>) -> M) -> Option<R> {
        // TODO: make a reply channel, send the request built around its sender, wait for the
        // answer on its receiver.
        let _ = request;
        todo!("ask and wait for the reply")
    }
}

/// Starts `actor` on its own thread. It handles its messages in the order they arrive until
/// every `Address` is gone; then the thread ends and returns the actor's final state.
pub fn spawn<A: Actor>(mut actor: A) -> (Address<A::Message>, JoinHandle<A>) {
    // TODO: make the mailbox (a channel), start a thread that handles each message as it
    // arrives, and return the actor when nobody can send it anything any more.
    let _ = &mut actor;
    todo!("start the actor")
}
