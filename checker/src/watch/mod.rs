//! `threadlings watch` (and a bare `threadlings`): re-check the current exercise on every save.
//!
//! One loop of events: file saves, key presses and the progress of the check running on a
//! worker thread. Each check carries a generation number; a save during a check cancels it
//! (the sandbox kills its process groups) and starts a new one, and any late message of the
//! old generation is dropped, so the screen never shows a verdict for code no longer on disk.

mod files;
mod terminal;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::Result;
use colored::Colorize;

use crate::overview::{self, load_progress};
use crate::report;
use crate::runner::{self, ModelBuilds, Progress, Subject};
use crate::sandbox::Cancel;
use crate::state::StateStore;
use crate::verdict::CheckReport;
use crate::workbook::Workbook;

/// How often the loop looks for an interrupt while nothing else happens.
const INTERRUPT_POLL: Duration = Duration::from_millis(100);

/// Saves closer together than this are one save (editors often write a file in bursts).
const QUIET: Duration = Duration::from_millis(60);

pub enum Event {
    Saved(PathBuf),
    Key(char),
    Check {
        generation: u64,
        update: Update,
    },
    /// Something the watcher relies on went wrong (the file watcher, the key reader): the
    /// learner must know, or saves and keys would seem ignored for no reason.
    Fault(String),
}

#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    Quit,
}

pub enum Update {
    Progress(Progress),
    Done(Box<CheckReport>),
}

struct Running {
    generation: u64,
    cancel: Cancel,
    thread: JoinHandle<()>,
}

struct Watch<'a> {
    workbook: &'a Workbook,
    store: &'a StateStore,
    events: Sender<Event>,
    /// Index of the exercise on screen.
    current: usize,
    generation: u64,
    running: Option<Running>,
    /// The current exercise's model-checker builds, which go on between its checks.
    model_builds: Arc<ModelBuilds>,
    /// The root of every check's and build's cancellation: Ctrl-C or SIGTERM cancels it.
    interrupt: &'a Cancel,
    /// The last finished check of the current exercise passed.
    passed: bool,
    interactive: bool,
}

pub fn run(
    workbook: &Workbook,
    store: &StateStore,
    start_with: Option<&str>,
    interrupt: &Cancel,
) -> Result<ExitCode> {
    let interactive = std::io::stdout().is_terminal();
    if !interactive {
        colored::control::set_override(false);
    }
    let (sender, receiver) = mpsc::channel();
    let _file_watcher = files::watch(&workbook.root.join("exercises"), sender.clone())?;
    let keys = terminal::KeyInput::start(sender.clone());
    let progress = load_progress(store)?;
    let current = match start_with {
        Some(asked) => {
            let slug = workbook.find(asked)?.slug().to_string();
            workbook
                .exercises
                .iter()
                .position(|exercise| exercise.slug() == slug)
                .unwrap_or(0)
        }
        None => overview::current_index(workbook, &progress).unwrap_or(0),
    };
    let mut watch = Watch {
        workbook,
        store,
        events: sender,
        current,
        generation: 0,
        running: None,
        model_builds: Arc::new(ModelBuilds::new(interrupt)),
        interrupt,
        passed: false,
        interactive: keys.active(),
    };
    watch.introduce()?;
    watch.start_check();
    let result = watch.event_loop(&receiver);
    watch.stop_check();
    watch.model_builds.stop();
    drop(keys);
    result
}

impl Watch<'_> {
    fn event_loop(&mut self, events: &Receiver<Event>) -> Result<ExitCode> {
        loop {
            // SIGINT/SIGTERM cancel the root token (see main.rs), and with it the running
            // check; the loop only has to notice it and quit.
            let event = match events.recv_timeout(INTERRUPT_POLL) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) if self.interrupt.is_cancelled() => {
                    return Ok(ExitCode::SUCCESS);
                }
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return Ok(ExitCode::SUCCESS),
            };
            match event {
                Event::Saved(path) => {
                    let mut relevant = self.is_current(&path);
                    // Let a burst of writes settle, so one save starts one check.
                    let settle_until = Instant::now() + QUIET * 5;
                    loop {
                        match events.recv_timeout(QUIET) {
                            Ok(Event::Saved(path)) => relevant |= self.is_current(&path),
                            Ok(other) => {
                                if self.handle_later(other)? == Flow::Quit {
                                    return Ok(ExitCode::SUCCESS);
                                }
                            }
                            Err(RecvTimeoutError::Timeout) => break,
                            Err(RecvTimeoutError::Disconnected) => return Ok(ExitCode::SUCCESS),
                        }
                        if Instant::now() > settle_until {
                            break;
                        }
                    }
                    if relevant {
                        self.start_check();
                    }
                }
                Event::Key(key) => {
                    if self.on_key(key)? == Flow::Quit {
                        return Ok(ExitCode::SUCCESS);
                    }
                }
                Event::Check { generation, update } if generation == self.generation => {
                    self.on_update(update)?
                }
                // A message from a check that was cancelled: its code is no longer on disk.
                Event::Check { .. } => {}
                Event::Fault(message) => self.warn(&message),
            }
        }
    }

    /// An event that arrived while saves were settling: handle everything but saves.
    fn handle_later(&mut self, event: Event) -> Result<Flow> {
        match event {
            Event::Key(key) => self.on_key(key),
            Event::Check { generation, update } if generation == self.generation => {
                self.on_update(update)?;
                Ok(Flow::Continue)
            }
            Event::Fault(message) => {
                self.warn(&message);
                Ok(Flow::Continue)
            }
            Event::Saved(_) | Event::Check { .. } => Ok(Flow::Continue),
        }
    }

    fn is_current(&self, path: &std::path::Path) -> bool {
        let dirs = self.workbook.exercises.iter().map(|e| &e.dir).enumerate();
        files::owner(dirs, path) == Some(self.current)
    }

    fn on_key(&mut self, key: char) -> Result<Flow> {
        match key {
            'q' => return Ok(Flow::Quit),
            'h' => {
                let exercise = &self.workbook.exercises[self.current];
                let hint = overview::reveal_next_hint(self.store, exercise)?;
                self.print(&format!("\n{hint}\n"));
            }
            'l' => {
                let progress = load_progress(self.store)?;
                self.print(&overview::table(self.workbook, &progress));
            }
            'r' => self.start_check(),
            'n' if self.passed => {
                let progress = load_progress(self.store)?;
                self.current = overview::current_index(self.workbook, &progress)
                    .unwrap_or((self.current + 1) % self.workbook.exercises.len());
                self.stop_check();
                // The last exercise's model builds would only slow down the new one's.
                self.model_builds.stop();
                self.model_builds = Arc::new(ModelBuilds::new(self.interrupt));
                self.introduce()?;
                self.start_check();
            }
            'n' => self.print("n moves on once this exercise passes."),
            _ => {}
        }
        Ok(Flow::Continue)
    }

    fn on_update(&mut self, update: Update) -> Result<()> {
        match update {
            Update::Progress(progress) => {
                self.print(&report::progress_line(&progress));
            }
            Update::Done(report) => {
                self.running = None;
                self.passed = report.verdict.passed();
                let exercise = &self.workbook.exercises[self.current];
                let passed = self.passed;
                self.store.update(|p| {
                    p.exercises
                        .entry(exercise.slug().to_string())
                        .or_default()
                        .done = passed
                })?;
                self.print(&format!("\n{}", report::verdict_text(&report)));
                if passed {
                    self.congratulate(&report)?;
                } else {
                    self.print(&self.keys_help());
                }
            }
        }
        Ok(())
    }

    fn congratulate(&self, report: &CheckReport) -> Result<()> {
        let verified: Vec<String> = report
            .stages
            .iter()
            .map(|stage| match (stage.stage.cfg(), stage.explored) {
                (Some("loom"), Some(n)) => format!("loom explored {n} interleavings"),
                (Some("shuttle"), Some(n)) => format!("shuttle ran {n} random schedules"),
                _ => format!("{} {} passed", stage.tests_run, stage.stage),
            })
            .collect();
        self.print(&format!(
            "{} Verified: {}.",
            "Well done!".green().bold(),
            verified.join(", ")
        ));
        let progress = load_progress(self.store)?;
        self.print(&overview::overall(self.workbook, &progress));
        match overview::current_index(self.workbook, &progress) {
            Some(next) => self.print(&format!(
                "next: {} — press n to go on.\n{}",
                self.workbook.exercises[next].id(),
                self.keys_help()
            )),
            None => self.print(
                "Every exercise passes: the workbook is done! Test the theory with `cargo run -- quiz`.",
            ),
        }
        Ok(())
    }

    /// Shows the exercise now on screen: where to read and what to edit.
    fn introduce(&self) -> Result<()> {
        let exercise = &self.workbook.exercises[self.current];
        let progress = load_progress(self.store)?;
        if self.interactive {
            print!("\x1b[2J\x1b[H");
        }
        let relative = |path: PathBuf| {
            path.strip_prefix(&self.workbook.root)
                .unwrap_or(&path)
                .display()
                .to_string()
        };
        let mut text = format!(
            "{}\n{}\n{}\n\n{} {} — {}\n  read  {}\n",
            "threadlings — concurrency in Rust, checked by loom".bold(),
            overview::overall(self.workbook, &progress),
            overview::chapter_bars(self.workbook, &progress),
            "exercise:".bold(),
            exercise.id(),
            exercise.manifest.title,
            relative(exercise.dir.join("README.md")),
        );
        for file in &exercise.manifest.files {
            text.push_str(&format!("  edit  {}\n", relative(exercise.dir.join(file))));
        }
        text.push_str("Every save re-checks it.");
        self.print(&text);
        Ok(())
    }

    /// Cancels the running check (if any) and starts a new one of the current exercise.
    fn start_check(&mut self) {
        self.stop_check();
        self.generation += 1;
        let generation = self.generation;
        let exercise = self.workbook.exercises[self.current].clone();
        let target_dir = self.workbook.target_dir();
        let cancel = self.interrupt.child();
        let events = self.events.clone();
        let thread_cancel = cancel.clone();
        let model_builds = Arc::clone(&self.model_builds);
        self.print(&format!("\n{} {}", "checking".bold(), exercise.id()));
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
        self.running = Some(Running {
            generation,
            cancel,
            thread,
        });
        self.passed = false;
    }

    /// Cancels the running check and waits until its processes are gone.
    fn stop_check(&mut self) {
        if let Some(running) = self.running.take() {
            running.cancel.cancel();
            let _ = running.thread.join();
            if running.generation == self.generation {
                self.print(&format!("  {} cancelled: the file changed", "·".dimmed()));
            }
        }
    }

    fn keys_help(&self) -> String {
        if self.interactive {
            "keys: n next · h hint · l list · r re-run · q quit"
                .dimmed()
                .to_string()
        } else {
            String::new()
        }
    }

    fn warn(&self, message: &str) {
        self.print(&format!("{} {message}", "warning:".yellow().bold()));
    }

    fn print(&self, text: &str) {
        if text.is_empty() {
            return;
        }
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{text}");
        let _ = stdout.flush();
    }
}
