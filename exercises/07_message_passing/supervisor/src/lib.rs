//! A one-for-one supervisor: "let it crash", then restart just the child that crashed.
//!
//! As shipped it restarts a crashed child *every* time, so a child that always crashes is
//! restarted for ever. Make it give up when crashes come too often. Read README.md first;
//! run `threadlings hint` when stuck.

use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use shim::sync::mpsc;

/// Where the supervisor reads the time: injected, so tests control it without sleeping.
pub trait Clock: Send + Sync {
    fn now(&self) -> Duration;
}

/// A child: a name, and the work it does when started. A panic in `run` is a crash.
#[derive(Clone)]
pub struct Child {
    pub name: String,
    pub run: Arc<dyn Fn() + Send + Sync>,
}

/// How many restarts the supervisor allows within a period before it gives up.
#[derive(Debug, Clone, Copy)]
pub struct Intensity {
    pub max_restarts: usize,
    pub period: Duration,
}

/// What happened, in the order the supervisor saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// `child` started for the `run`-th time (0 is the first start).
    Started { child: String, run: usize },
    /// `child` panicked with `reason`.
    Crashed { child: String, reason: String },
    /// `child` returned normally: it is done and is not restarted.
    Finished { child: String },
    /// `child` crashed once too often within the period: nothing more is restarted.
    GaveUp { child: String },
}

/// How a child's run ended, as its thread reports it.
enum Exit {
    Finished,
    Crashed(String),
}

/// Starts every child on its own thread and restarts (only) a child that crashes, until every
/// child has finished or the restart intensity is exceeded. Returns what happened.
pub fn supervise(children: Vec<Child>, intensity: Intensity, clock: Arc<dyn Clock>) -> Vec<Event> {
    let (exits, exited) = mpsc::channel::<(usize, Exit)>();
    let mut events = Vec::new();
    let mut runs = vec![0usize; children.len()];
    // When recent restarts happened (all children count together, as in Erlang/OTP).
    let mut restarts: VecDeque<Duration> = VecDeque::new();
    let mut running = 0;
    let mut gave_up = false;
    for index in 0..children.len() {
        start(&children, index, 0, &exits, &mut events);
        running += 1;
    }
    while running > 0 {
        let Ok((index, exit)) = exited.recv() else {
            break;
        };
        running -= 1;
        let name = children[index].name.clone();
        match exit {
            Exit::Finished => events.push(Event::Finished { child: name }),
            Exit::Crashed(reason) => {
                events.push(Event::Crashed {
                    child: name.clone(),
                    reason,
                });
                if gave_up {
                    continue;
                }
                // TODO: "let it crash" is not "restart for ever". Count the restarts of the last
                // `intensity.period` (by `clock`), and once there have been
                // `intensity.max_restarts` of them, record `Event::GaveUp` and restart nothing
                // more.
                runs[index] += 1;
                start(&children, index, runs[index], &exits, &mut events);
                running += 1;
            }
        }
    }
    events
}

/// Starts run `run` of child `index` on a new thread, which reports how it ended.
fn start(
    children: &[Child],
    index: usize,
    run: usize,
    exits: &mpsc::Sender<(usize, Exit)>,
    events: &mut Vec<Event>,
) {
    events.push(Event::Started {
        child: children[index].name.clone(),
        run,
    });
    let work = Arc::clone(&children[index].run);
    let exits = exits.clone();
    shim::thread::spawn(move || {
        // The crash stays in this thread: catch it here and report it as a message.
        let exit = match panic::catch_unwind(AssertUnwindSafe(|| work())) {
            Ok(()) => Exit::Finished,
            Err(payload) => Exit::Crashed(panic_reason(payload.as_ref())),
        };
        // The supervisor outlives every child it waits for; a failed send means it is gone.
        let _ = exits.send((index, exit));
    });
}

/// The message a panic was raised with.
fn panic_reason(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        message.to_string()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic without a message".to_string()
    }
}
