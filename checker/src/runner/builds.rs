//! Builds that run on threads of their own, and the model-checker builds that outlive the
//! check that started them.
//!
//! A loom or shuttle build compiles the model checker itself the first time (tens of seconds
//! on two cores). If it were stopped whenever an earlier stage fails, as it does on the
//! shipped code of every exercise, the check after the fixing save would start it from
//! nothing. [`ModelBuilds`] lets the watcher keep these builds going across checks of one
//! exercise: a save cancels the check, not the builds, and the next check's build of the same
//! model only has to compile the learner's crate again (cargo waits for the running build's
//! lock, then finds everything else fresh).

use std::path::Path;
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::sandbox::Cancel;

use super::cargo::{self, Build, BuildOutcome};

/// How often a check waiting for a build looks for its own cancellation.
const CANCEL_POLL: Duration = Duration::from_millis(20);

/// A build running on its own thread; its outcome arrives once.
pub struct PendingBuild(Receiver<BuildOutcome>);

impl PendingBuild {
    /// Starts `build` on a thread; `cancel` stops it.
    pub fn start(build: Build, cancel: Cancel) -> (PendingBuild, Option<JoinHandle<()>>) {
        let (sender, receiver) = mpsc::channel();
        let name = format!("build-{}", build.cfg.unwrap_or("std"));
        let thread = thread::Builder::new()
            .name(name)
            .spawn(move || {
                let _ = sender.send(cargo::build(&build, &cancel));
            })
            // A thread that cannot start drops the sender: `wait` then reports it.
            .ok();
        (PendingBuild(receiver), thread)
    }

    /// The outcome if the build is done, without waiting.
    pub fn ready(&self) -> Option<BuildOutcome> {
        match self.0.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(lost_thread()),
        }
    }

    /// Waits for the outcome, or until `cancel` (the check's, which may not stop the build).
    pub fn wait(&self, cancel: &Cancel) -> BuildOutcome {
        loop {
            match self.0.recv_timeout(CANCEL_POLL) {
                Ok(outcome) => return outcome,
                Err(RecvTimeoutError::Timeout) if cancel.is_cancelled() => {
                    return BuildOutcome::Cancelled;
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return lost_thread(),
            }
        }
    }
}

fn lost_thread() -> BuildOutcome {
    BuildOutcome::Failed("the build's thread ended without a result".into())
}

/// The model-checker builds of one exercise, which go on when a check stops early.
///
/// Dropping it (or [`ModelBuilds::stop`]) cancels every build and waits until its processes
/// are gone, so no compiler outlives threadlings.
pub struct ModelBuilds {
    cancel: Cancel,
    running: Mutex<Vec<Running>>,
}

struct Running {
    cfg: Option<&'static str>,
    cancel: Cancel,
    thread: JoinHandle<()>,
}

impl ModelBuilds {
    /// Builds that stop when `parent` is cancelled (and when [`ModelBuilds::stop`] is called).
    pub fn new(parent: &Cancel) -> ModelBuilds {
        ModelBuilds {
            cancel: parent.child(),
            running: Mutex::new(Vec::new()),
        }
    }

    /// Starts a model build that is not stopped with the check that asked for it.
    pub fn start(&self, build: Build) -> PendingBuild {
        let cfg = build.cfg;
        let cancel = self.cancel.child();
        let (pending, thread) = PendingBuild::start(build, cancel.clone());
        let mut running = self.lock();
        // Of the earlier builds of this model, the oldest still running is worth keeping (it
        // may be compiling the model checker); any others only wait for its lock to compile
        // code that is no longer on disk, and the new build replaces them.
        let mut oldest_kept = false;
        for build in running.iter().filter(|build| build.cfg == cfg) {
            if build.thread.is_finished() {
                continue;
            }
            if oldest_kept {
                build.cancel.cancel();
            }
            oldest_kept = true;
        }
        let (finished, still_running): (Vec<_>, Vec<_>) = running
            .drain(..)
            .partition(|build| build.thread.is_finished());
        *running = still_running;
        for build in finished {
            let _ = build.thread.join();
        }
        if let Some(thread) = thread {
            running.push(Running {
                cfg,
                cancel,
                thread,
            });
        }
        pending
    }

    /// Cancels every build and waits for its processes to be gone.
    pub fn stop(&self) {
        self.cancel.cancel();
        let builds = std::mem::take(&mut *self.lock());
        for build in builds {
            let _ = build.thread.join();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Running>> {
        self.running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for ModelBuilds {
    fn drop(&mut self) {
        self.stop();
    }
}

/// True when `package` was never built into `target_dir`: the build compiles everything it
/// depends on (the shim, or a model checker) from nothing, which takes a while, once.
pub fn first_time(target_dir: &Path, package: &str) -> bool {
    let fingerprints = target_dir.join("debug").join(".fingerprint");
    let Ok(entries) = std::fs::read_dir(fingerprints) else {
        return true;
    };
    let prefix = format!("{package}-");
    !entries
        .filter_map(Result::ok)
        .any(|entry| entry.file_name().to_string_lossy().starts_with(&prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_is_built_for_the_first_time_until_cargo_fingerprinted_it() {
        let target = tempfile::tempdir().unwrap();
        assert!(first_time(target.path(), "spinlock"));
        let fingerprints = target.path().join("debug/.fingerprint");
        std::fs::create_dir_all(fingerprints.join("spinlock_extra-0123")).unwrap();
        assert!(first_time(target.path(), "spinlock"));
        std::fs::create_dir_all(fingerprints.join("spinlock-89ab")).unwrap();
        assert!(!first_time(target.path(), "spinlock"));
    }
}
