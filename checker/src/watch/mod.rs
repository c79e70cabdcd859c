//! `threadlings watch` (and a bare `threadlings`): re-check the current exercise on every save.
//!
//! One loop of events: file saves, key presses and the progress of the check running on a
//! worker thread. Each check carries a generation number; a save during a check cancels it
//! (the sandbox kills its process groups) and starts a new one, and any late message of the
//! old generation is dropped, so the screen never shows a verdict for code no longer on disk.
//! A save to another exercise's file makes that exercise current: the learner is followed.
//! While the list (`l`) is open, checks go on and what they print waits until it closes.

mod browse;
mod checking;
mod files;
mod list;
mod screens;
mod terminal;

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::Result;
use colored::Colorize;

use crate::overview::{self, load_progress};
use crate::report;
use crate::runner::{ModelBuilds, Progress};
use crate::sandbox::Cancel;
use crate::state::StateStore;
use crate::verdict::CheckReport;
use crate::workbook::Workbook;
use checking::Running;
use list::List;
use terminal::Key;

/// How often the loop looks for an interrupt while nothing else happens.
const INTERRUPT_POLL: Duration = Duration::from_millis(100);

/// Saves closer together than this are one save (editors often write a file in bursts).
const QUIET: Duration = Duration::from_millis(60);

pub enum Event {
    Saved(PathBuf),
    Key(Key),
    /// The terminal changed size: the list re-flows.
    Resize,
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

/// Why another exercise becomes current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Switch {
    /// `n` after a pass, or Enter in the list.
    Asked,
    /// The learner saved one of its files.
    Saved,
}

struct Watch<'a> {
    workbook: &'a Workbook,
    store: &'a StateStore,
    events: Sender<Event>,
    /// Index of the exercise on screen.
    current: usize,
    /// When it became current: the time spent on it is recorded when it stops being.
    since: Instant,
    generation: u64,
    running: Option<Running>,
    /// The current exercise's model-checker builds, which go on between its checks.
    model_builds: Arc<ModelBuilds>,
    /// The root of every check's and build's cancellation: Ctrl-C or SIGTERM cancels it.
    interrupt: &'a Cancel,
    /// The last finished check of the current exercise passed.
    passed: bool,
    interactive: bool,
    /// The interactive list, while it is open.
    list: Option<List>,
    /// What the watcher printed while the list was open, shown when it closes.
    deferred: Vec<String>,
    /// What the check of the current exercise is doing, in a line (the list shows it).
    check_line: String,
    /// How many times another exercise became current: a save that settles after a switch
    /// belongs to the exercise the learner left.
    switches: u64,
    /// Files the list's reset wrote, with what it wrote: their save events are the reset's,
    /// not the learner's, and must not make that exercise current.
    written_by_reset: HashMap<PathBuf, Vec<u8>>,
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
        since: Instant::now(),
        generation: 0,
        running: None,
        model_builds: Arc::new(ModelBuilds::new(interrupt)),
        interrupt,
        passed: false,
        interactive: keys.active(),
        list: None,
        deferred: Vec::new(),
        check_line: String::new(),
        switches: 0,
        written_by_reset: HashMap::new(),
    };
    let starts_chapter = current == 0
        || workbook.exercises[current - 1].manifest.chapter
            != workbook.exercises[current].manifest.chapter;
    watch.introduce(starts_chapter)?;
    watch.start_check(None);
    let result = watch.event_loop(&receiver);
    watch.close_list();
    watch.stop_check();
    watch.model_builds.stop();
    let recorded = watch.record_time();
    drop(keys);
    recorded?;
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
            let flow = match event {
                Event::Saved(path) => self.on_saves(path, events)?,
                other => self.handle(other)?,
            };
            if flow == Flow::Quit {
                return Ok(ExitCode::SUCCESS);
            }
        }
    }

    /// Every event but a save.
    fn handle(&mut self, event: Event) -> Result<Flow> {
        match event {
            Event::Key(key) => return self.on_key(key),
            Event::Resize => self.draw_list(),
            Event::Check { generation, update } if generation == self.generation => {
                self.on_update(update)?
            }
            // A message from a check that was cancelled: its code is no longer on disk.
            Event::Check { .. } => {}
            Event::Fault(message) => self.warn(&message),
            Event::Saved(_) => {}
        }
        Ok(Flow::Continue)
    }

    /// A save, and the saves that follow it within a moment (editors write in bursts): one
    /// check of the current exercise, or, when only another exercise's files were saved,
    /// that exercise becomes current.
    fn on_saves(&mut self, first: PathBuf, events: &Receiver<Event>) -> Result<Flow> {
        let switches = self.switches;
        let mut saved = Vec::new();
        saved.extend(self.saved_exercise(&first));
        let settle_until = Instant::now() + QUIET * 5;
        loop {
            match events.recv_timeout(QUIET) {
                Ok(Event::Saved(path)) => saved.extend(self.saved_exercise(&path)),
                Ok(other) => {
                    if self.handle(other)? == Flow::Quit {
                        return Ok(Flow::Quit);
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(Flow::Quit),
            }
            if Instant::now() > settle_until {
                break;
            }
        }
        if self.switches != switches {
            // The learner chose another exercise meanwhile (Enter in the list): the choice
            // wins, and its check, started since, reads every file as it is now.
        } else if saved.contains(&self.current) {
            self.start_check(Some("the file changed"));
        } else if let Some(&other) = saved.last() {
            self.switch_to(other, Switch::Saved)?;
        }
        Ok(Flow::Continue)
    }

    /// The exercise whose file was saved, unless the save is the list's own reset.
    fn saved_exercise(&mut self, path: &Path) -> Option<usize> {
        let owner = files::owner(
            self.workbook.exercises.iter().map(|e| &e.dir).enumerate(),
            path,
        )?;
        if let Some(written) = self.written_by_reset.get(path) {
            if std::fs::read(path).is_ok_and(|now| now == *written) {
                return (owner == self.current).then_some(owner);
            }
            self.written_by_reset.remove(path);
        }
        Some(owner)
    }

    fn on_key(&mut self, key: Key) -> Result<Flow> {
        if self.list.is_some() {
            return self.on_list_key(key);
        }
        let Key::Char(key) = key else {
            return Ok(if key == Key::Interrupt {
                Flow::Quit
            } else {
                Flow::Continue
            });
        };
        match key.to_ascii_lowercase() {
            'q' => return Ok(Flow::Quit),
            'h' => {
                let exercise = &self.workbook.exercises[self.current];
                let hint = overview::reveal_next_hint(self.store, exercise)?;
                self.print(&format!("\n{hint}\n"));
            }
            'e' => {
                let exercise = &self.workbook.exercises[self.current];
                let text = overview::explain_last_check(self.store, exercise)?;
                self.print(&format!("\n{text}\n"));
            }
            'l' => self.open_list()?,
            'r' => self.start_check(Some("re-run")),
            'n' if self.passed => {
                let progress = load_progress(self.store)?;
                let next = overview::current_index(self.workbook, &progress)
                    .unwrap_or((self.current + 1) % self.workbook.exercises.len());
                self.switch_to(next, Switch::Asked)?;
            }
            'n' => self.print("n moves on once this exercise passes."),
            _ => {}
        }
        Ok(Flow::Continue)
    }

    /// Makes another exercise current: its own model builds, its introduction (with its
    /// chapter's opening screen when the chapter changes), and a check.
    fn switch_to(&mut self, index: usize, why: Switch) -> Result<()> {
        self.stop_check();
        // The last exercise's model builds would only slow down the new one's.
        self.model_builds.stop();
        self.model_builds = Arc::new(ModelBuilds::new(self.interrupt));
        self.record_time()?;
        self.switches += 1;
        let chapter = |index: usize| &self.workbook.exercises[index].manifest.chapter;
        let new_chapter = chapter(index) != chapter(self.current);
        self.current = index;
        self.introduce(new_chapter)?;
        if why == Switch::Saved {
            self.print(&format!(
                "{} you saved {}: checking it",
                "→".bold(),
                self.workbook.exercises[index].id()
            ));
        }
        self.refresh_list()?;
        self.draw_list();
        self.start_check(None);
        Ok(())
    }

    /// Adds the time the current exercise has been on screen to its progress.
    fn record_time(&mut self) -> Result<()> {
        let seconds = self.since.elapsed().as_secs();
        self.since = Instant::now();
        let slug = self.workbook.exercises[self.current].slug().to_string();
        self.store.update(|progress| {
            progress.exercises.entry(slug).or_default().seconds += seconds;
        })?;
        Ok(())
    }

    fn on_update(&mut self, update: Update) -> Result<()> {
        match update {
            Update::Progress(progress) => {
                self.print(&report::progress_line(&progress));
            }
            Update::Done(report) => {
                self.running = None;
                self.passed = report.verdict.passed();
                self.show_check(format!(
                    "last check: {} {}",
                    report.exercise,
                    if self.passed {
                        "passed"
                    } else {
                        "did not pass (q shows why)"
                    }
                ));
                let exercise = &self.workbook.exercises[self.current];
                let passed = self.passed;
                overview::record_check(self.store, exercise, &report)?;
                self.print(&format!("\n{}", report::verdict_text(&report)));
                if passed {
                    self.congratulate(&report)?;
                } else {
                    let help = self.keys_help();
                    self.print(&help);
                }
                self.refresh_list()?;
                self.draw_list();
            }
        }
        Ok(())
    }

    fn congratulate(&mut self, report: &CheckReport) -> Result<()> {
        let exercise = &self.workbook.exercises[self.current];
        self.print(&screens::verified(report));
        self.print(&screens::after_pass(self.workbook, exercise));
        self.record_time()?;
        let progress = load_progress(self.store)?;
        self.print(&overview::overall(self.workbook, &progress));
        match overview::current_index(self.workbook, &progress) {
            Some(next) if self.interactive => self.print(&format!(
                "next: {} — press n to go on.\n{}",
                self.workbook.exercises[next].id(),
                self.keys_help()
            )),
            // Without a terminal there are no keys: `watch NAME` or a save moves on.
            Some(next) => self.print(&format!(
                "next: {} — save one of its files, or run `cargo run -- watch {}`",
                self.workbook.exercises[next].id(),
                self.workbook.exercises[next].slug()
            )),
            None => self.print(&screens::closing(self.workbook, &progress)),
        }
        Ok(())
    }

    /// Shows the exercise now on screen, after its chapter's opening screen if asked.
    fn introduce(&mut self, with_chapter: bool) -> Result<()> {
        let exercise = &self.workbook.exercises[self.current];
        let progress = load_progress(self.store)?;
        if self.interactive && self.list.is_none() {
            print!("\x1b[2J\x1b[H");
        }
        let mut text = screens::exercise(self.workbook, &progress, exercise);
        if with_chapter {
            match crate::course::chapter(self.workbook, exercise) {
                Ok(chapter) => text = format!("{}\n{text}", screens::chapter(&chapter)),
                Err(error) => self.warn(&error.to_string()),
            }
        }
        self.print(&text);
        Ok(())
    }

    /// Cancels the running check (if any, saying why) and starts a new one of the current
    /// exercise.
    fn start_check(&mut self, why_cancelled: Option<&str>) {
        if let Some(running) = self.running.take() {
            running.stop();
            if let Some(why) = why_cancelled {
                self.print(&format!("  {} cancelled: {why}", "·".dimmed()));
            }
        }
        self.generation += 1;
        let exercise = &self.workbook.exercises[self.current];
        self.print(&format!("\n{} {}", "checking".bold(), exercise.id()));
        self.show_check(format!("checking {}…", exercise.id()));
        self.running = Some(Running::start(
            self.workbook,
            exercise,
            self.generation,
            self.interrupt.child(),
            &self.model_builds,
            &self.events,
        ));
        self.passed = false;
    }

    /// Keeps the line that says what the check is doing, and shows it on the list.
    fn show_check(&mut self, line: String) {
        if let Some(list) = self.list.as_mut() {
            list.show_check(line.clone());
        }
        self.check_line = line;
        self.draw_list();
    }

    /// Cancels the running check and waits until its processes are gone.
    fn stop_check(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop();
        }
    }

    fn keys_help(&self) -> String {
        if self.interactive {
            "keys: n next · h hint · e explain · l list · r re-run · q quit"
                .dimmed()
                .to_string()
        } else {
            String::new()
        }
    }

    /// A warning goes on the watcher's screen, and on the list's too while it is open.
    fn warn(&mut self, message: &str) {
        if let Some(list) = self.list.as_mut() {
            list.say(format!("warning: {message}"));
        }
        self.draw_list();
        self.print(&format!("{} {message}", "warning:".yellow().bold()));
    }

    /// Prints a block of text, or keeps it for later while the list covers the screen.
    fn print(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.list.is_some() {
            self.deferred.push(text.to_string());
            return;
        }
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{text}");
        let _ = stdout.flush();
    }
}
