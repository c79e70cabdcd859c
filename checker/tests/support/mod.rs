//! Test support: a program running in a real pseudo-terminal, typed at and read like a person
//! would. The terminal comes from util-linux `script`, so no PTY crate is needed.
#![allow(dead_code)] // each test file uses a different part

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Pty {
    child: Child,
    input: ChildStdin,
    screen: Arc<Mutex<String>>,
    seen_up_to: usize,
}

impl Pty {
    /// Starts `args` (program first) in a terminal, in `cwd`, with extra environment.
    pub fn start(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Pty {
        Pty::start_sized(args, cwd, env, None)
    }

    /// Like [`Pty::start`], in a terminal of `(columns, rows)` when given (`script` makes one
    /// that reports no size otherwise).
    pub fn start_sized(
        args: &[&str],
        cwd: &Path,
        env: &[(&str, &str)],
        size: Option<(u16, u16)>,
    ) -> Pty {
        let mut command_line: Vec<String> = args
            .iter()
            .map(|arg| format!("'{}'", arg.replace('\'', "'\\''")))
            .collect();
        if let Some((columns, rows)) = size {
            command_line.insert(0, format!("stty rows {rows} cols {columns} && exec"));
        }
        let mut command = Command::new("script");
        command
            .args([
                "--quiet",
                "--flush",
                "--return",
                "--command",
                &command_line.join(" "),
                "/dev/null",
            ])
            .current_dir(cwd)
            .env("TERM", "xterm")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command
            .spawn()
            .expect("util-linux `script` provides the pseudo-terminal");
        let input = child.stdin.take().expect("piped stdin");
        let mut output = child.stdout.take().expect("piped stdout");
        let screen = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&screen);
        std::thread::Builder::new()
            .name("pty-reader".into())
            .spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(read) = output.read(&mut buffer) {
                    if read == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buffer[..read]));
                }
            })
            .expect("a reader thread");
        Pty {
            child,
            input,
            screen,
            seen_up_to: 0,
        }
    }

    /// Waits up to `within` until `text` appears in output not yet matched, then moves past
    /// it; returns what was shown up to and including it.
    pub fn expect_within(&mut self, text: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            {
                let screen = self.screen.lock().unwrap();
                if let Some(at) = screen[self.seen_up_to..].find(text) {
                    let shown =
                        screen[self.seen_up_to..self.seen_up_to + at + text.len()].to_string();
                    self.seen_up_to += at + text.len();
                    return shown;
                }
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let screen = self.screen.lock().unwrap();
                panic!(
                    "`{text}` did not appear within {within:?}; the terminal showed:\n{}",
                    &screen[self.seen_up_to..]
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for `text` with a deadline generous enough for a loaded two-core machine: the
    /// wait ends as soon as the text shows, so only a failure takes that long.
    pub fn expect(&mut self, text: &str) -> String {
        self.expect_within(text, Duration::from_secs(60))
    }

    /// Changes the terminal's size, as a window resize does: the program gets SIGWINCH.
    /// Linux only: the terminal is found through `/proc`.
    pub fn resize(&mut self, columns: u16, rows: u16) {
        let program = self.program();
        let terminal = std::fs::read_link(format!("/proc/{program}/fd/0"))
            .expect("the program's input is its terminal");
        let status = Command::new("stty")
            .arg("-F")
            .arg(&terminal)
            .args(["rows", &rows.to_string(), "cols", &columns.to_string()])
            .status()
            .expect("stty runs");
        assert!(
            status.success(),
            "stty could not resize {}",
            terminal.display()
        );
    }

    /// The process id of the program in the terminal (started with [`Pty::start_sized`],
    /// which `exec`s it in place of the shell). Linux only.
    pub fn program(&self) -> i32 {
        let script = self.child.id();
        let children = std::fs::read_to_string(format!("/proc/{script}/task/{script}/children"))
            .expect("the terminal's program is listed in /proc");
        children
            .split_whitespace()
            .next()
            .and_then(|pid| pid.parse().ok())
            .expect("script runs the program")
    }

    pub fn keys(&mut self, keys: &str) {
        self.input.write_all(keys.as_bytes()).unwrap();
        self.input.flush().unwrap();
    }

    /// Waits for the program to exit.
    pub fn wait(&mut self, within: Duration) -> ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the program did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The JSON a run of threadlings printed (`--json`), or a panic that shows what it printed.
pub fn stdout_json(output: &std::process::Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}):\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// Runs git in `dir` with an identity of its own; returns what it printed.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The real workbook: this repository.
pub fn real_workbook() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Copies a folder tree, leaving out any `target` folder.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == "target" {
            continue;
        }
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// A workbook with the real shim, lock file and course map and no exercise yet: the
/// workspace's members are the shim and the exercises. It is made afresh at the same place
/// (`name` in the test target's temporary folder) on every run, so a target folder kept
/// beside it (and its link to this shim) stays good, and loom is compiled for it only once.
pub fn workbook_with_shim(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    if root.exists() {
        std::fs::remove_dir_all(&root).unwrap();
    }
    std::fs::create_dir_all(&root).unwrap();
    let real = real_workbook();
    let mut manifest: toml::Table = std::fs::read_to_string(real.join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let workspace = manifest["workspace"].as_table_mut().unwrap();
    workspace.insert(
        "members".into(),
        toml::Value::Array(vec!["exercises/shim".into(), "exercises/[0-9]*/*".into()]),
    );
    workspace.remove("default-members");
    std::fs::write(root.join("Cargo.toml"), toml::to_string(&manifest).unwrap()).unwrap();
    for file in ["Cargo.lock", "COURSE.md"] {
        std::fs::copy(real.join(file), root.join(file)).unwrap();
    }
    copy_tree(&real.join("exercises/shim"), &root.join("exercises/shim"));
    root
}

/// Runs threadlings on a workbook made by [`workbook_with_shim`], its target folder beside it
/// and its progress inside it, without colours.
pub fn threadlings_in(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_threadlings"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("THREADLINGS_TARGET_DIR", root.with_extension("target"))
        .env("THREADLINGS_STATE_DIR", root.join(".threadlings"))
        .env("NO_COLOR", "1")
        .output()
        .expect("threadlings runs")
}
