//! The learner's terminal: single-key input without echo, and output that still reads well.

use std::io::IsTerminal;
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
        if crossterm::terminal::enable_raw_mode().is_err() {
            return KeyInput { active: false };
        }
        keep_newlines();
        let _ = std::thread::Builder::new()
            .name("keys".into())
            .spawn(move || {
                use crossterm::event::{
                    Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers, read,
                };
                while let Ok(event) = read() {
                    let TermEvent::Key(key) = event else { continue };
                    if key.kind != KeyEventKind::Press {
                        continue;
                    }
                    // Raw mode swallows Ctrl-C's signal: treat it as quit.
                    let ctrl_c = key.modifiers.contains(KeyModifiers::CONTROL)
                        && key.code == KeyCode::Char('c');
                    let key = match key.code {
                        _ if ctrl_c => 'q',
                        KeyCode::Char(c) => c.to_ascii_lowercase(),
                        KeyCode::Esc => 'q',
                        _ => continue,
                    };
                    if events.send(Event::Key(key)).is_err() {
                        break;
                    }
                }
            });
        KeyInput { active: true }
    }

    pub fn active(&self) -> bool {
        self.active
    }
}

impl Drop for KeyInput {
    fn drop(&mut self) {
        if self.active {
            let _ = crossterm::terminal::disable_raw_mode();
        }
    }
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
