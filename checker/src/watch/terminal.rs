//! The learner's terminal: single-key input without echo, and output that still reads well.
//!
//! Raw mode and the list's alternate screen must never outlive threadlings: they are undone
//! when the watcher ends, when a key cannot be read, on a panic (before its message is
//! printed) and on `process::exit` (a second Ctrl-C or SIGTERM ends threadlings at once).

use std::io::{IsTerminal, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

use super::Event;

/// A key the watcher acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Esc,
    Backspace,
    /// Ctrl-C: raw mode swallows its signal, so it arrives as a key.
    Interrupt,
}

/// The terminal's size in (columns, rows); 80×24 when it does not say (a terminal made by
/// `script` without a size reports 0×0).
pub fn size() -> (usize, usize) {
    match crossterm::terminal::size() {
        Ok((columns, rows)) if columns > 0 && rows > 0 => (columns.into(), rows.into()),
        _ => (80, 24),
    }
}

/// Whether the list's alternate screen is showing: the one piece of terminal state besides
/// raw mode that a way out must undo.
static ALTERNATE: AtomicBool = AtomicBool::new(false);

/// Switches to the alternate screen (the watcher's own screen stays as it was, to come back
/// to) and hides the cursor.
pub fn enter_alternate_screen() {
    use crossterm::{cursor::Hide, terminal::EnterAlternateScreen};
    ALTERNATE.store(true, Ordering::SeqCst);
    let _ = crossterm::execute!(std::io::stdout(), EnterAlternateScreen, Hide);
}

/// Back to the watcher's screen, with the cursor shown.
pub fn leave_alternate_screen() {
    use crossterm::{cursor::Show, terminal::LeaveAlternateScreen};
    if ALTERNATE.swap(false, Ordering::SeqCst) {
        let _ = crossterm::execute!(std::io::stdout(), Show, LeaveAlternateScreen);
    }
}

/// Draws a whole screen of lines at once (no flicker between the clear and the text).
pub fn draw(lines: &[String]) {
    let mut frame = String::from("\x1b[H\x1b[2J");
    frame.push_str(&lines.join("\n"));
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(frame.as_bytes());
    let _ = stdout.flush();
}

/// Puts the terminal in raw mode for single keys, and restores it when dropped.
pub struct KeyInput {
    active: bool,
}

impl KeyInput {
    /// Starts reading keys on a thread, when stdin and stdout are terminals; otherwise does
    /// nothing and the watcher takes no keys.
    pub fn start(events: Sender<Event>) -> KeyInput {
        if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
            return KeyInput { active: false };
        }
        restore_on_every_way_out();
        if let Err(error) = crossterm::terminal::enable_raw_mode() {
            let _ = events.send(Event::Fault(format!(
                "keys are off: the terminal refused raw mode ({error}); Ctrl-C quits"
            )));
            return KeyInput { active: false };
        }
        keep_newlines();
        let spawned = std::thread::Builder::new()
            .name("keys".into())
            .spawn(move || read_keys(&events));
        if spawned.is_err() {
            restore_terminal();
            return KeyInput { active: false };
        }
        KeyInput { active: true }
    }

    pub fn active(&self) -> bool {
        self.active
    }
}

impl Drop for KeyInput {
    fn drop(&mut self) {
        if self.active {
            restore_terminal();
        }
    }
}

/// Sends each key press as an [`Event::Key`] and each change of size as [`Event::Resize`]; a
/// key that cannot be read ends the reader, says so, and gives the terminal back its usual
/// mode, so Ctrl-C works again.
fn read_keys(events: &Sender<Event>) {
    use crossterm::event::{Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers, read};
    loop {
        let event = match read() {
            Ok(event) => event,
            Err(error) => {
                restore_terminal();
                let _ = events.send(Event::Fault(format!(
                    "keys are off: reading the keyboard failed ({error}); Ctrl-C quits"
                )));
                return;
            }
        };
        let key = match event {
            TermEvent::Resize(..) => {
                if events.send(Event::Resize).is_err() {
                    return;
                }
                continue;
            }
            TermEvent::Key(key) if key.kind == KeyEventKind::Press => key,
            _ => continue,
        };
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        let key = match key.code {
            _ if ctrl_c => Key::Interrupt,
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Backspace => Key::Backspace,
            _ => continue,
        };
        if events.send(Event::Key(key)).is_err() {
            return;
        }
    }
}

/// Leaves the alternate screen and raw mode (each a no-op when the terminal is not in it).
fn restore_terminal() {
    leave_alternate_screen();
    let _ = crossterm::terminal::disable_raw_mode();
}

/// Restores the terminal on a panic (first, so the panic message reads normally) and at
/// `exit()`, which runs no destructors.
fn restore_on_every_way_out() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A check's panic is caught and shown as its verdict: the watcher goes on.
            if std::thread::current().name() != Some(super::checking::THREAD_NAME) {
                restore_terminal();
            }
            previous(info);
        }));
        extern "C" fn restore_at_exit() {
            restore_terminal();
        }
        // Safety: `atexit` only records the function; `restore_at_exit` takes no arguments,
        // cannot unwind (it ignores every error) and touches nothing that exit has torn down.
        #[allow(unsafe_code)]
        unsafe {
            libc::atexit(restore_at_exit);
        }
    });
}

/// Raw mode also turns off output processing, so "\n" would no longer return the carriage.
/// Turn that part back on: keys arrive one by one, and printed lines still look right.
fn keep_newlines() {
    use rustix::termios::{OptionalActions, OutputModes, tcgetattr, tcsetattr};
    let stdout = std::io::stdout();
    if let Ok(mut settings) = tcgetattr(&stdout) {
        settings.output_modes |= OutputModes::OPOST | OutputModes::ONLCR;
        let _ = tcsetattr(&stdout, OptionalActions::Now, &settings);
    }
}
