//! The list's side of the watcher: opening and closing it, its keys, and a reset from it.

use anyhow::Result;

use super::list::{self, Action, List};
use super::terminal::{self, Key};
use super::{Flow, Switch, Watch};
use crate::overview::{self, load_progress};
use crate::restore;

impl Watch<'_> {
    pub(super) fn on_list_key(&mut self, key: Key) -> Result<Flow> {
        let (_, rows) = terminal::size();
        let Some(list) = self.list.as_mut() else {
            return Ok(Flow::Continue);
        };
        match list.on_key(key, rows) {
            Action::Redraw => self.draw_list(),
            Action::Close => self.close_list(),
            Action::Quit => return Ok(Flow::Quit),
            Action::Choose(index) => {
                self.close_list();
                if index == self.current {
                    self.start_check(Some("re-run"));
                } else {
                    self.switch_to(index, Switch::Asked)?;
                }
            }
            Action::Reset(index) => {
                let message = self.reset(index);
                self.refresh_list()?;
                if let Some(list) = self.list.as_mut() {
                    list.say(message);
                }
                self.draw_list();
            }
        }
        Ok(Flow::Continue)
    }

    /// Resets an exercise from the list; says what it did, or why it could not.
    fn reset(&mut self, index: usize) -> String {
        let exercise = &self.workbook.exercises[index];
        match restore::reset(self.workbook, exercise) {
            Ok(restored) => {
                for path in &restored.restored {
                    let path = self.workbook.root.join(path);
                    if let Ok(written) = std::fs::read(&path) {
                        self.written_by_reset.insert(path, written);
                    }
                }
                let saved: Vec<String> = restored
                    .backups
                    .iter()
                    .map(|(file, saved)| {
                        format!("your {} is in {}", file.display(), saved.display())
                    })
                    .collect();
                format!(
                    "reset {} as shipped; {}",
                    exercise.id(),
                    if saved.is_empty() {
                        "there was no file of yours to save".to_string()
                    } else {
                        saved.join(", ")
                    }
                )
            }
            Err(error) => format!("reset failed, nothing changed: {error:#}"),
        }
    }

    pub(super) fn open_list(&mut self) -> Result<()> {
        if !self.interactive {
            return Ok(());
        }
        let backups = self.workbook.state_dir().join("backups");
        let backups = backups
            .strip_prefix(&self.workbook.root)
            .unwrap_or(&backups)
            .display()
            .to_string();
        let mut list = List::new(self.entries()?, self.current, backups);
        list.show_check(self.check_line.clone());
        self.list = Some(list);
        terminal::enter_alternate_screen();
        self.draw_list();
        Ok(())
    }

    /// Back to the watcher's screen, and what it printed meanwhile.
    pub(super) fn close_list(&mut self) {
        if self.list.take().is_none() {
            return;
        }
        terminal::leave_alternate_screen();
        for text in std::mem::take(&mut self.deferred) {
            self.print(&text);
        }
    }

    fn entries(&self) -> Result<Vec<list::Entry>> {
        let progress = load_progress(self.store)?;
        Ok(self
            .workbook
            .exercises
            .iter()
            .map(|exercise| list::Entry {
                id: exercise.id(),
                chapter: exercise.manifest.chapter.clone(),
                title: exercise.manifest.title.clone(),
                done: overview::is_done(&progress, exercise),
            })
            .collect())
    }

    pub(super) fn refresh_list(&mut self) -> Result<()> {
        if self.list.is_none() {
            return Ok(());
        }
        let entries = self.entries()?;
        if let Some(list) = self.list.as_mut() {
            list.refresh(entries, self.current);
        }
        Ok(())
    }

    pub(super) fn draw_list(&mut self) {
        if let Some(list) = self.list.as_mut() {
            let (columns, rows) = terminal::size();
            terminal::draw(&list.render(columns, rows));
        }
    }
}
