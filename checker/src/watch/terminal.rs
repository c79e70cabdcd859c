//! The learner's terminal: single-key input without echo, and output that still reads well.
//!
//! Raw mode must never outlive threadlings: it is undone when the watcher ends, when a key
//! cannot be read, on a panic (before its message is printed) and on `process::exit` (a
//! second Ctrl-C or SIGTERM ends threadlings at once).

use std::io::IsTerminal;
use std::sync::Once;
use std::sync::mpsc::Sender;

use super::Event;

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

/// Sends each key press as an [`Event::Key`]; a key that cannot be read ends the reader, says
/// so, and gives the terminal back its usual mode, so Ctrl-C works again.
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
        let TermEvent::Key(key) = event else { continue };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        // Raw mode swallows Ctrl-C's signal: treat it as quit.
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        let key = match key.code {
            _ if ctrl_c => 'q',
            KeyCode::Char(c) => c.to_ascii_lowercase(),
            KeyCode::Esc => 'q',
            _ => continue,
        };
        if events.send(Event::Key(key)).is_err() {
            return;
        }
    }
}

/// Leaves raw mode (a no-op when the terminal is not in it).
fn restore_terminal() {
    let _ = crossterm::terminal::disable_raw_mode();
}

/// Restores the terminal on a panic (first, so the panic message reads normally) and at
/// `exit()`, which runs no destructors.
fn restore_on_every_way_out() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
        }));
        extern "C" fn restore_at_exit() {
            restore_terminal();
        }
        // Safety: `atexit` only records the function; `restore_at_exit` takes no arguments,
        // cannot unwind (it ignores every error) and touches nothing that exit has torn down.
        #[allow(unsafe_code)]
        unsafe {
            nix::libc::atexit(restore_at_exit);
        }
    });
}

/// Raw mode also turns off output processing, so "\n" would no longer return the carriage.
/// Turn that part back on: keys arrive one by one, and printed lines still look right.
fn keep_newlines() {
    use nix::sys::termios::{OutputFlags, SetArg, tcgetattr, tcsetattr};
    let stdout = std::io::stdout();
    if let Ok(mut settings) = tcgetattr(&stdout) {
        settings.output_flags |= OutputFlags::OPOST | OutputFlags::ONLCR;
        let _ = tcsetattr(&stdout, SetArg::TCSANOW, &settings);
    }
}
