//! The check of the current exercise, on a worker thread that sends its progress and verdict
//! to the watcher's loop as events tagged with the check's generation.

use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;

use super::{Event, Update};
use crate::runner::{self, ModelBuilds, Subject};
use crate::sandbox::Cancel;
use crate::verdict::{CheckReport, Verdict};
use crate::workbook::{Exercise, Workbook};

/// The name of the thread a check runs on: its panics are caught and shown as the check's
/// verdict, so the terminal's panic hook leaves the watcher's terminal alone for them.
pub const THREAD_NAME: &str = "check";

pub struct Running {
    cancel: Cancel,
    thread: JoinHandle<()>,
}

impl Running {
    /// Starts checking `exercise`; `cancel` (a child of the root) stops it.
    pub fn start(
        workbook: &Workbook,
        exercise: &Exercise,
        generation: u64,
        cancel: Cancel,
        model_builds: &Arc<ModelBuilds>,
        events: &Sender<Event>,
    ) -> Running {
        let exercise = exercise.clone();
        let target_dir = workbook.target_dir();
        let events = events.clone();
        let thread_cancel = cancel.clone();
        let model_builds = Arc::clone(model_builds);
        let check = move || {
            let subject = Subject {
                name: exercise.id(),
                crate_dir: exercise.dir.clone(),
                manifest: &exercise.manifest,
                target_dir,
                isolation: Default::default(),
            };
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                runner::check_keeping_builds(
                    &subject,
                    &thread_cancel,
                    &model_builds,
                    &mut |progress| {
                        let _ = events.send(Event::Check {
                            generation,
                            update: Update::Progress(progress),
                        });
                    },
                )
            }));
            // A bug in threadlings must not leave the screen at "checking…" for ever.
            let report = checked.unwrap_or_else(|panic| {
                let why = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("no message");
                CheckReport {
                    exercise: exercise.id(),
                    verdict: Verdict::Error {
                        message: format!(
                            "threadlings itself failed while checking ({why}): a bug to report, \
                             not your code; press r to re-run"
                        ),
                    },
                    stages: Vec::new(),
                    story: None,
                    build_duration: Default::default(),
                    total_duration: Default::default(),
                }
            });
            let _ = events.send(Event::Check {
                generation,
                update: Update::Done(Box::new(report)),
            });
        };
        let thread = std::thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(check)
            .expect("a thread for the check");
        Running { cancel, thread }
    }

    /// Cancels the check and waits until its processes are gone.
    pub fn stop(self) {
        self.cancel.cancel();
        let _ = self.thread.join();
    }
}
