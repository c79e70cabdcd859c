//! The check of the current exercise, on a worker thread that sends its progress and verdict
//! to the watcher's loop as events tagged with the check's generation.

use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;

use super::{Event, Update};
use crate::runner::{self, ModelBuilds, Subject};
use crate::sandbox::Cancel;
use crate::workbook::{Exercise, Workbook};

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
        let thread = std::thread::spawn(move || {
            let subject = Subject {
                name: exercise.id(),
                crate_dir: exercise.dir.clone(),
                manifest: &exercise.manifest,
                target_dir,
            };
            let report = runner::check_keeping_builds(
                &subject,
                &thread_cancel,
                &model_builds,
                &mut |progress| {
                    let _ = events.send(Event::Check {
                        generation,
                        update: Update::Progress(progress),
                    });
                },
            );
            let _ = events.send(Event::Check {
                generation,
                update: Update::Done(Box::new(report)),
            });
        });
        Running { cancel, thread }
    }

    /// Cancels the check and waits until its processes are gone.
    pub fn stop(self) {
        self.cancel.cancel();
        let _ = self.thread.join();
    }
}
