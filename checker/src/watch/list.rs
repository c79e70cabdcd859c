//! The interactive list (`l` in the watcher): move through every exercise, filter by chapter,
//! status or name, make one current, or reset one after saying so and asking first.
//!
//! Pure state and rendering: the watcher hands it keys and the terminal's size and acts on
//! what it returns, so all of it is tested without a terminal.

use colored::Colorize;

use super::terminal::Key;

/// One exercise as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub chapter: String,
    pub title: String,
    pub done: bool,
}

/// What the watcher must do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Nothing but drawing the list again.
    Redraw,
    /// Back to the watcher's screen.
    Close,
    /// Make this exercise (index in course order) current and check it.
    Choose(usize),
    /// The learner confirmed: reset this exercise.
    Reset(usize),
    /// Ctrl-C: quit the watcher, as everywhere.
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusFilter {
    All,
    Todo,
    Done,
}

impl StatusFilter {
    fn next(self) -> StatusFilter {
        match self {
            StatusFilter::All => StatusFilter::Todo,
            StatusFilter::Todo => StatusFilter::Done,
            StatusFilter::Done => StatusFilter::All,
        }
    }

    fn name(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Todo => "todo",
            StatusFilter::Done => "done",
        }
    }

    fn admits(self, done: bool) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::Todo => !done,
            StatusFilter::Done => done,
        }
    }
}

pub struct List {
    entries: Vec<Entry>,
    /// The watcher's current exercise.
    current: usize,
    /// The exercise under the cursor (index in course order).
    cursor: usize,
    /// The first visible row of the filtered list.
    offset: usize,
    chapter: Option<String>,
    status: StatusFilter,
    search: String,
    /// `/` was pressed: keys type the search until Enter or Esc.
    typing: bool,
    /// `r` was pressed on this exercise: the next key answers "reset it?".
    confirming: Option<usize>,
    /// Where resets put the learner's files, named in the question.
    backups: String,
    /// One line of news: what a reset did, or why nothing matches.
    message: Option<String>,
    /// The check of the current exercise, which goes on while the list is open.
    check: String,
}

/// Lines above the rows (title, filters, the check going on meanwhile).
const HEADER: usize = 3;
/// Lines below them: the news (a question, what a reset did), wrapped, and the keys.
const NEWS_LINES: usize = 3;

impl List {
    pub fn new(entries: Vec<Entry>, current: usize, backups: String) -> List {
        List {
            cursor: current.min(entries.len().saturating_sub(1)),
            entries,
            current,
            offset: 0,
            chapter: None,
            status: StatusFilter::All,
            search: String::new(),
            typing: false,
            confirming: None,
            backups,
            message: None,
            check: String::new(),
        }
    }

    /// What the check of the current exercise is doing, shown under the filters.
    pub fn show_check(&mut self, check: String) {
        self.check = check;
    }

    /// New statuses (a check finished) or a new current exercise (a save elsewhere).
    pub fn refresh(&mut self, entries: Vec<Entry>, current: usize) {
        self.entries = entries;
        self.current = current;
        self.keep_cursor_visible();
    }

    pub fn say(&mut self, message: String) {
        self.message = Some(message);
    }

    /// The exercises that pass the filters, in course order.
    fn visible(&self) -> Vec<usize> {
        let search = self.search.to_lowercase();
        (0..self.entries.len())
            .filter(|&index| {
                let entry = &self.entries[index];
                self.chapter.as_ref().is_none_or(|c| *c == entry.chapter)
                    && self.status.admits(entry.done)
                    && entry.id.to_lowercase().contains(&search)
            })
            .collect()
    }

    /// After a filter changes: the cursor stays where it was if that row is still shown,
    /// otherwise it goes to the first row shown.
    fn keep_cursor_visible(&mut self) {
        let visible = self.visible();
        if !visible.contains(&self.cursor)
            && let Some(&first) = visible.first()
        {
            self.cursor = first;
        }
    }

    pub fn on_key(&mut self, key: Key, rows: usize) -> Action {
        if key == Key::Interrupt {
            return Action::Quit;
        }
        if let Some(index) = self.confirming.take() {
            if key == Key::Char('y') {
                return Action::Reset(index);
            }
            self.message = Some("reset cancelled: nothing changed".into());
            return Action::Redraw;
        }
        if self.typing {
            match key {
                Key::Char(c) => self.search.push(c),
                Key::Backspace => {
                    self.search.pop();
                }
                Key::Enter => self.typing = false,
                Key::Esc => {
                    self.typing = false;
                    self.search.clear();
                }
                _ => return self.on_move(key, rows),
            }
            self.keep_cursor_visible();
            return Action::Redraw;
        }
        self.message = None;
        match key {
            Key::Char('q') | Key::Esc => return Action::Close,
            Key::Enter if self.visible().contains(&self.cursor) => {
                return Action::Choose(self.cursor);
            }
            Key::Char('c') => {
                self.chapter = self.next_chapter();
                self.keep_cursor_visible();
            }
            Key::Char('s') => {
                self.status = self.status.next();
                self.keep_cursor_visible();
            }
            Key::Char('/') => self.typing = true,
            Key::Char('r') if self.visible().contains(&self.cursor) => {
                self.confirming = Some(self.cursor);
            }
            _ => return self.on_move(key, rows),
        }
        Action::Redraw
    }

    fn on_move(&mut self, key: Key, rows: usize) -> Action {
        let visible = self.visible();
        let Some(at) = visible.iter().position(|&index| index == self.cursor) else {
            return Action::Redraw;
        };
        let page = rows
            .saturating_sub(HEADER + 1 + self.news(80).len().max(1))
            .max(1);
        let last = visible.len() - 1;
        let to = match key {
            Key::Up | Key::Char('k') => at.saturating_sub(1),
            Key::Down | Key::Char('j') => (at + 1).min(last),
            Key::PageUp => at.saturating_sub(page),
            Key::PageDown => (at + page).min(last),
            Key::Home | Key::Char('g') => 0,
            Key::End | Key::Char('G') => last,
            _ => at,
        };
        self.cursor = visible[to];
        Action::Redraw
    }

    /// The chapter filter after `c`: all chapters, then each in course order, then all again.
    fn next_chapter(&self) -> Option<String> {
        let mut chapters: Vec<&String> = self.entries.iter().map(|e| &e.chapter).collect();
        chapters.dedup();
        match &self.chapter {
            None => chapters.first().map(|c| (*c).clone()),
            Some(now) => chapters
                .iter()
                .position(|c| *c == now)
                .and_then(|at| chapters.get(at + 1))
                .map(|c| (*c).clone()),
        }
    }

    /// The screen for a terminal of `width` × `height`: every line cut to the width, and the
    /// rows scrolled so the cursor is always shown.
    pub fn render(&mut self, width: usize, height: usize) -> Vec<String> {
        let visible = self.visible();
        let news = self.news(width);
        // The news takes at least one line: the scroll position shows there when there is none.
        let room = height.saturating_sub(HEADER + 1 + news.len().max(1)).max(1);
        let at = visible.iter().position(|&i| i == self.cursor).unwrap_or(0);
        if at < self.offset {
            self.offset = at;
        } else if at >= self.offset + room {
            self.offset = at + 1 - room;
        }
        self.offset = self.offset.min(visible.len().saturating_sub(room));
        let done = self.entries.iter().filter(|e| e.done).count();
        let mut lines = vec![
            fit(
                &format!(
                    "threadlings — every exercise ({done}/{} done)",
                    self.entries.len()
                ),
                width,
            )
            .bold()
            .to_string(),
            fit(
                &format!(
                    "chapter: {} · status: {} · search: {}{}",
                    self.chapter.as_deref().unwrap_or("all"),
                    self.status.name(),
                    if self.search.is_empty() && !self.typing {
                        "none"
                    } else {
                        &self.search
                    },
                    if self.typing { "▏" } else { "" }
                ),
                width,
            )
            .dimmed()
            .to_string(),
            fit(&self.check, width).dimmed().to_string(),
        ];
        let id_width = self.entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
        for &index in visible.iter().skip(self.offset).take(room) {
            lines.push(self.row(index, id_width, width));
        }
        if visible.is_empty() {
            lines.push(fit("  no exercise matches these filters", width));
        }
        while lines.len() < HEADER + room {
            lines.push(String::new());
        }
        if news.is_empty() && visible.len() > room {
            lines.push(fit(
                &format!(
                    "rows {}–{} of {}",
                    self.offset + 1,
                    (self.offset + room).min(visible.len()),
                    visible.len()
                ),
                width,
            ));
        } else if news.is_empty() {
            lines.push(String::new());
        }
        for line in news {
            lines.push(if self.confirming.is_some() {
                line.yellow().bold().to_string()
            } else {
                line
            });
        }
        let keys = if self.typing {
            "type to search · Enter: keep · Esc: clear"
        } else {
            "↑↓ j k move · Enter make current · c chapter · s status · / search · r reset · q back"
        };
        lines.push(fit(keys, width).dimmed().to_string());
        lines
    }

    /// The news under the rows (a question, what a reset did), wrapped to the width and at
    /// most [`NEWS_LINES`] long; empty when there is none.
    fn news(&self, width: usize) -> Vec<String> {
        let news = match (self.confirming, &self.message) {
            (Some(index), _) => format!(
                "Reset {}? Your files are saved under {} first. y: reset · any other key: no",
                self.entries[index].id, self.backups
            ),
            (None, Some(message)) => message.clone(),
            (None, None) => return Vec::new(),
        };
        let mut lines: Vec<String> = textwrap::wrap(&news, width.max(1))
            .into_iter()
            .map(|line| line.into_owned())
            .collect();
        if lines.len() > NEWS_LINES {
            lines.truncate(NEWS_LINES);
            let last = format!("{}…", lines[NEWS_LINES - 1]);
            lines[NEWS_LINES - 1] = fit(&last, width);
        }
        lines
    }

    /// `> done  locks/spinlock ← current  A spin lock…`: the cursor, status and current
    /// exercise are marked in text as well as colour, so they read without colour too, and
    /// the marks come before the title, which is what a narrow terminal cuts.
    fn row(&self, index: usize, id_width: usize, width: usize) -> String {
        let entry = &self.entries[index];
        let pointer = if index == self.cursor { ">" } else { " " };
        let status = if entry.done { "done" } else { "todo" };
        let id = if index == self.current {
            format!("{} ← current", entry.id)
        } else {
            entry.id.clone()
        };
        let id_width = id_width + " ← current".len();
        let text = fit(
            &format!("{pointer} {status}  {id:<id_width$}  {}", entry.title),
            width,
        );
        match (index == self.cursor, index == self.current, entry.done) {
            (true, _, _) => text.reversed().to_string(),
            (false, true, _) => text.yellow().bold().to_string(),
            (false, false, true) => text.green().to_string(),
            (false, false, false) => text,
        }
    }
}

/// `text` cut to `width` characters, with `…` where it was cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<Entry> {
        let entry = |chapter: &str, slug: &str, done| Entry {
            id: format!("{chapter}/{slug}"),
            chapter: chapter.into(),
            title: format!("The {slug} exercise"),
            done,
        };
        vec![
            entry("locks", "spinlock", true),
            entry("locks", "ticket_lock", false),
            entry("atomics", "fences", false),
            entry("atomics", "arc", true),
            entry("async", "join", false),
        ]
    }

    fn list() -> List {
        colored::control::set_override(false);
        List::new(entries(), 1, ".threadlings/backups/".into())
    }

    fn row_with<'a>(lines: &'a [String], marker: &str) -> Option<&'a String> {
        lines.iter().find(|line| line.starts_with(marker))
    }

    #[test]
    fn the_cursor_starts_on_the_current_exercise_and_moves_with_arrows_and_j_k() {
        let mut list = list();
        let lines = list.render(80, 20);
        let pointed = row_with(&lines, ">").unwrap();
        assert!(pointed.contains("locks/ticket_lock") && pointed.contains("← current"));
        assert!(lines.iter().any(|l| l.contains("done  locks/spinlock")));
        list.on_key(Key::Char('j'), 20);
        list.on_key(Key::Down, 20);
        assert!(
            row_with(&list.render(80, 20), ">")
                .unwrap()
                .contains("atomics/arc")
        );
        list.on_key(Key::Char('k'), 20);
        list.on_key(Key::End, 20);
        assert_eq!(list.on_key(Key::Enter, 20), Action::Choose(4));
        list.on_key(Key::Home, 20);
        list.on_key(Key::Up, 20);
        assert_eq!(list.on_key(Key::Enter, 20), Action::Choose(0));
    }

    #[test]
    fn filters_by_chapter_status_and_name_and_the_cursor_follows() {
        let mut list = list();
        list.on_key(Key::Char('c'), 20);
        list.on_key(Key::Char('c'), 20);
        let lines = list.render(80, 20);
        assert!(lines[1].contains("chapter: atomics"));
        let rows: Vec<&String> = lines
            .iter()
            .filter(|l| l.contains("todo  ") || l.contains("done  "))
            .collect();
        assert_eq!(rows.len(), 2, "{lines:#?}");
        assert!(row_with(&lines, ">").unwrap().contains("atomics/fences"));
        list.on_key(Key::Char('s'), 20);
        list.on_key(Key::Char('s'), 20);
        let lines = list.render(80, 20);
        assert!(lines[1].contains("status: done"));
        assert!(row_with(&lines, ">").unwrap().contains("atomics/arc"));
        // Every chapter again, every status again, then a search.
        for _ in 0..2 {
            list.on_key(Key::Char('c'), 20);
        }
        list.on_key(Key::Char('s'), 20);
        for key in [Key::Char('/'), Key::Char('J'), Key::Char('o'), Key::Enter] {
            list.on_key(key, 20);
        }
        let lines = list.render(80, 20);
        assert!(lines[1].contains("chapter: all · status: all · search: Jo"));
        assert_eq!(list.on_key(Key::Enter, 20), Action::Choose(4));
        // While typing, letters are the search, not commands; Esc clears it.
        list.on_key(Key::Char('/'), 20);
        list.on_key(Key::Char('q'), 20);
        assert!(
            list.render(80, 20)
                .iter()
                .any(|l| l.contains("no exercise matches"))
        );
        list.on_key(Key::Esc, 20);
        assert_eq!(list.visible().len(), 5);
        assert_eq!(list.on_key(Key::Char('q'), 20), Action::Close);
        assert_eq!(list.on_key(Key::Interrupt, 20), Action::Quit);
    }

    #[test]
    fn reset_asks_first_names_the_backup_and_only_y_goes_ahead() {
        let mut list = list();
        assert_eq!(list.on_key(Key::Char('r'), 20), Action::Redraw);
        let question = list.render(100, 20);
        assert!(
            question.iter().any(|l| l.contains(
                "Reset locks/ticket_lock? Your files are saved under .threadlings/backups/ first"
            )),
            "{question:#?}"
        );
        assert_eq!(list.on_key(Key::Char('n'), 20), Action::Redraw);
        assert!(
            list.render(100, 20)
                .iter()
                .any(|l| l.contains("reset cancelled"))
        );
        list.on_key(Key::Char('r'), 20);
        assert_eq!(list.on_key(Key::Char('y'), 20), Action::Reset(1));
    }

    #[test]
    fn a_small_terminal_scrolls_to_the_cursor_and_every_line_fits() {
        let mut list = list();
        // Room for two rows, and the scroll position under them.
        let lines = list.render(30, 7);
        assert_eq!(lines.len(), 7, "{lines:#?}");
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:#?}");
        assert!(lines[5].contains("rows 1–2 of 5"), "{lines:#?}");
        for _ in 0..3 {
            list.on_key(Key::Down, 7);
        }
        let lines = list.render(30, 7);
        assert!(row_with(&lines, ">").unwrap().contains("async/join"));
        assert!(!lines.iter().any(|l| l.contains("locks/spinlock")));
        // Wider again: the rows take the new width (re-flow on resize).
        let wide = list.render(120, 7);
        assert!(wide.iter().any(|l| l.contains("The join exercise")));
        // The current mark comes before the title, so a narrow terminal keeps it.
        list.refresh(entries(), 4);
        let narrow = list.render(30, 7);
        assert!(narrow.iter().any(|l| l.contains("async/join ← current")));
        list.on_key(Key::PageUp, 7);
        list.on_key(Key::PageUp, 7);
        assert!(
            row_with(&list.render(30, 7), ">")
                .unwrap()
                .contains("spinlock")
        );
        // The reset's question is wrapped, not cut.
        list.on_key(Key::Char('r'), 7);
        let asked = list.render(30, 9);
        assert_eq!(asked.len(), 9);
        let asked = asked.join(" ");
        assert!(
            asked.contains("Reset locks/spinlock?") && asked.contains(".threadlings/backups/"),
            "{asked}"
        );
    }

    #[test]
    fn a_refresh_moves_the_current_mark_and_the_done_marks() {
        let mut list = list();
        let mut changed = entries();
        changed[1].done = true;
        list.refresh(changed, 2);
        list.show_check("checking atomics/fences…".into());
        let lines = list.render(80, 20);
        assert_eq!(lines[2], "checking atomics/fences…");
        assert!(lines.iter().any(|l| l.contains("done  locks/ticket_lock")));
        assert!(
            lines
                .iter()
                .any(|l| l.contains("atomics/fences") && l.contains("← current"))
        );
    }
}
