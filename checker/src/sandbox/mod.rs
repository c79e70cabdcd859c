//! The one place that runs learner code (and the builds that compile it).
//!
//! Every job runs in a process group of its own, with resource limits, under a wall-clock
//! limit. When the limit passes (or the job is cancelled) the whole group gets SIGTERM, a
//! short grace, then SIGKILL. After *every* job, even one that passed, the group is killed
//! once more so that no leaked child outlives it, and on Linux a final sweep finds and kills
//! any descendant that left the group: each job's processes carry a tag in their environment
//! ([`sweep`] says how it finds them, and what it cannot see).
//!
//! Grading can shut learner code in further ([`Isolation::Bubblewrap`]): inside bubblewrap it
//! has no network, its own process and IPC namespaces, and a read-only view of the whole file
//! system but for its own folder (and the test's log folder), with a private `/tmp`.

use std::ffi::OsString;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, kill_process_group};

mod sweep;
pub use sweep::{TAG_ENV, processes_with_env, survivors};

/// How long a group gets between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_millis(300);
/// How much of each output stream is kept; the rest is read and dropped.
const OUTPUT_CAP: usize = 4 << 20;

/// Resource limits for one job.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub wall: Duration,
    /// Address-space limit (RLIMIT_AS), where the OS enforces it.
    pub memory_bytes: Option<u64>,
    /// CPU-time limit (RLIMIT_CPU) for each process of the job.
    pub cpu_secs: Option<u64>,
    /// How many more processes and threads the job may start (RLIMIT_NPROC), where the OS
    /// enforces it. The kernel counts every task of the user, so this is added to what the
    /// user already runs (see [`process_allowance`]).
    pub extra_tasks: Option<u64>,
}

impl Limits {
    /// Only a wall-clock limit: for builds and for listing tests.
    pub const fn wall_only(wall: Duration) -> Limits {
        Limits {
            wall,
            memory_bytes: None,
            cpu_secs: None,
            extra_tasks: None,
        }
    }
}

/// How far a job is shut in, beyond its process group and resource limits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Isolation {
    /// The process group and the limits only: a learner's own checks.
    #[default]
    Limits,
    /// Also inside bubblewrap (`bwrap`, at this path): no network, and nothing writable but
    /// the job's folder and its [`Job::writable`] folders.
    Bubblewrap { program: PathBuf },
}

#[derive(Debug, thiserror::Error)]
pub enum IsolationError {
    #[error(
        "--sandbox needs bubblewrap (`bwrap`), which is not on PATH: install it (Debian and \
         Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install bubblewrap`; Linux only), \
         or grade without --sandbox. Learner code never runs without the sandbox asked for."
    )]
    NotInstalled,
    #[error(
        "--sandbox: {program} cannot make a sandbox here ({message}); unprivileged user \
         namespaces may be off (see `sysctl kernel.unprivileged_userns_clone` and \
         `user.max_user_namespaces`). Grade as a user who may use them, or without --sandbox."
    )]
    Unusable { program: PathBuf, message: String },
}

impl Isolation {
    /// Bubblewrap from `PATH`, once it has shown that it can make a sandbox here: asking
    /// for a sandbox must never quietly run without one.
    pub fn bubblewrap() -> Result<Isolation, IsolationError> {
        let program = find_program("bwrap", std::env::var_os("PATH").as_deref())
            .ok_or(IsolationError::NotInstalled)?;
        let isolation = Isolation::Bubblewrap {
            program: program.clone(),
        };
        let unusable = |message: String| IsolationError::Unusable {
            program: program.clone(),
            message,
        };
        let folder = tempfile::tempdir().map_err(|error| unusable(error.to_string()))?;
        let probe = Job::new("/bin/sh", folder.path(), Limits::wall_only(PROBE_LIMIT))
            .arg("-c")
            .arg("echo ok > probe")
            .isolation(isolation.clone());
        let outcome = run(&probe, &Cancel::default()).map_err(|e| unusable(e.to_string()))?;
        if outcome.exit != Exit::Code(0) || !folder.path().join("probe").is_file() {
            return Err(unusable(format!(
                "a trial run ended with {:?}: {}",
                outcome.exit,
                outcome.stderr.trim()
            )));
        }
        Ok(isolation)
    }
}

/// How long the trial run of bubblewrap may take.
const PROBE_LIMIT: Duration = Duration::from_secs(20);

/// The first executable file called `name` in the folders of `path` (a `PATH` value).
fn find_program(name: &str, path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(path?)
        .map(|folder| folder.join(name))
        .find(|candidate| {
            candidate
                .metadata()
                .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
}

/// bubblewrap's arguments that run `job` shut in: everything read-only (`/` bound read-only,
/// a fresh `/dev`, `/proc` and `/tmp`), its folder and `writable` bound read-write, no
/// network, its own process and IPC namespaces, and gone when its parent dies.
pub fn bubblewrap_args(job: &Job) -> Vec<OsString> {
    let mut args: Vec<OsString> = [
        "--die-with-parent",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-pid",
        "--ro-bind",
        "/",
        "/",
        "--dev",
        "/dev",
        "--proc",
        "/proc",
        "--tmpfs",
        "/tmp",
    ]
    .into_iter()
    .map(OsString::from)
    .collect();
    // After the tmpfs: what lives under /tmp is bound on top of the private one. The program
    // too, read-only: a workbook cloned under /tmp keeps its test binaries there.
    let program = &job.program;
    if program.is_absolute() && program.starts_with("/tmp") {
        args.extend(["--ro-bind".into(), program.into(), program.into()]);
    }
    for folder in std::iter::once(&job.cwd).chain(&job.writable) {
        args.extend(["--bind".into(), folder.into(), folder.into()]);
    }
    args.extend(["--chdir".into(), job.cwd.clone().into(), "--".into()]);
    args.push(job.program.clone().into());
    args.extend(job.args.iter().cloned());
    args
}

/// bubblewrap ends with its child's exit code, or 128 + the signal that killed it: read the
/// latter back as the signal, so a crash under the sandbox is judged as one without it. (A
/// program that exits with 129 to 192 on purpose is judged as crashed: a failure either way.)
fn exit_through_bubblewrap(exit: Exit) -> Exit {
    match exit {
        Exit::Code(code) if (129..=192).contains(&code) => Exit::Signal(code - 128),
        other => other,
    }
}

/// A program to run and how.
#[derive(Debug, Clone)]
pub struct Job {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub cwd: PathBuf,
    pub env: Vec<(OsString, OsString)>,
    /// Variables removed from the inherited environment.
    pub env_removed: Vec<OsString>,
    pub limits: Limits,
    /// A nice value (0 to 19) for work that must not slow down the job the learner waits for.
    pub niceness: Option<i32>,
    pub isolation: Isolation,
    /// Folders besides `cwd` the job may write to when it is shut in.
    pub writable: Vec<PathBuf>,
}

impl Job {
    pub fn new(program: impl Into<PathBuf>, cwd: impl Into<PathBuf>, limits: Limits) -> Job {
        Job {
            program: program.into(),
            args: Vec::new(),
            cwd: cwd.into(),
            env: Vec::new(),
            env_removed: Vec::new(),
            limits,
            niceness: None,
            isolation: Isolation::Limits,
            writable: Vec::new(),
        }
    }

    pub fn isolation(mut self, isolation: Isolation) -> Job {
        self.isolation = isolation;
        self
    }

    pub fn writable(mut self, folder: impl Into<PathBuf>) -> Job {
        self.writable.push(folder.into());
        self
    }

    /// Runs the job at a lower CPU priority (and everything it starts, which inherits it).
    pub fn niceness(mut self, niceness: i32) -> Job {
        self.niceness = Some(niceness);
        self
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Job {
        self.args.push(arg.into());
        self
    }

    pub fn env_remove(mut self, key: impl Into<OsString>) -> Job {
        self.env_removed.push(key.into());
        self
    }

    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Job {
        self.env.push((key.into(), value.into()));
        self
    }
}

/// How a job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    Signal(i32),
    TimedOut,
    Cancelled,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub exit: Exit,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// Processes of the job still alive after it ended, killed by the cleanup.
    pub leftovers_killed: usize,
}

/// Lets another thread stop a running job (the watcher cancels a check when a file is saved).
///
/// A child token is cancelled when it or any of its ancestors is. `main` makes the root one
/// and cancels it on Ctrl-C or SIGTERM: learner code runs in process groups of its own, which
/// a Ctrl-C at the terminal does not reach, so every job must hang from that root to stop.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    own: Arc<AtomicBool>,
    ancestors: Vec<Arc<AtomicBool>>,
}

impl Cancel {
    pub fn cancel(&self) {
        self.own.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.own.load(Ordering::SeqCst)
            || self
                .ancestors
                .iter()
                .any(|flag| flag.load(Ordering::SeqCst))
    }

    /// A token that can be cancelled on its own, and is cancelled with this one.
    pub fn child(&self) -> Cancel {
        let mut ancestors = self.ancestors.clone();
        ancestors.push(Arc::clone(&self.own));
        Cancel {
            own: Arc::default(),
            ancestors,
        }
    }
}

/// Runs `job` to its end, or until its wall-clock limit or `cancel`, and cleans up after it.
pub fn run(job: &Job, cancel: &Cancel) -> std::io::Result<Outcome> {
    let tag = new_tag();
    let mut command = match &job.isolation {
        Isolation::Limits => {
            let mut command = Command::new(&job.program);
            command.args(&job.args);
            command
        }
        Isolation::Bubblewrap { program } => {
            let mut command = Command::new(program);
            command.args(bubblewrap_args(job));
            command
        }
    };
    for key in &job.env_removed {
        command.env_remove(key);
    }
    command
        .current_dir(&job.cwd)
        .envs(job.env.iter().map(|(k, v)| (k, v)))
        .env(TAG_ENV, &tag)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    limit_resources(&mut command, job.limits);
    if let Some(niceness) = job.niceness {
        lower_priority(&mut command, niceness);
    }

    let started = Instant::now();
    let mut child = command.spawn()?;
    let group = Pid::from_child(&child);
    // Before anything waits for the leader (it stays in /proc until then): the sweep counts
    // only the processes that started since as possibly the job's.
    let since = sweep::start_time(child.id());
    let stdout = child.stdout.take().map(read_capped);
    let stderr = child.stderr.take().map(read_capped);

    // A thread blocks in wait() so that the exit is seen the moment it happens.
    let (exited_tx, exited) = mpsc::channel();
    thread::Builder::new()
        .name("sandbox-wait".into())
        .spawn(move || {
            let _ = exited_tx.send(child.wait());
        })?;

    let deadline = started + job.limits.wall;
    let mut exit = None;
    while exit.is_none() {
        let tick = deadline
            .saturating_duration_since(Instant::now())
            .min(Duration::from_millis(20));
        match exited.recv_timeout(tick) {
            Ok(status) => exit = Some(exit_of(status?)),
            Err(RecvTimeoutError::Disconnected) => {
                return Err(std::io::Error::other("lost track of the job's process"));
            }
            Err(RecvTimeoutError::Timeout) if cancel.is_cancelled() => {
                terminate(group, &exited);
                exit = Some(Exit::Cancelled);
            }
            Err(RecvTimeoutError::Timeout) if Instant::now() >= deadline => {
                terminate(group, &exited);
                exit = Some(Exit::TimedOut);
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
    let elapsed = started.elapsed();
    let exit = exit.unwrap_or(Exit::Cancelled);
    let exit = match job.isolation {
        Isolation::Limits => exit,
        Isolation::Bubblewrap { .. } => exit_through_bubblewrap(exit),
    };

    // The leader is gone; anything left in its group is a leak: kill it. Then sweep for
    // processes that left the group (setsid, double fork) but still carry the job's tag.
    let group_had_members = kill_process_group(group, Signal::KILL).is_ok();
    let leftovers_killed = usize::from(group_had_members) + sweep::sweep(&tag, since);
    Ok(Outcome {
        exit,
        stdout: collect(stdout),
        stderr: collect(stderr),
        elapsed,
        leftovers_killed,
    })
}

/// SIGTERM to the group, a grace period for the leader to exit, then SIGKILL.
fn terminate(group: Pid, exited: &mpsc::Receiver<std::io::Result<ExitStatus>>) {
    let _ = kill_process_group(group, Signal::TERM);
    if exited.recv_timeout(GRACE).is_err() {
        let _ = kill_process_group(group, Signal::KILL);
        // SIGKILL cannot be ignored; the wait returns promptly.
        let _ = exited.recv_timeout(Duration::from_secs(5));
    }
}

fn exit_of(status: ExitStatus) -> Exit {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => Exit::Code(code),
        (None, Some(signal)) => Exit::Signal(signal),
        (None, None) => Exit::Code(-1),
    }
}

#[allow(unsafe_code)]
fn limit_resources(command: &mut Command, limits: Limits) {
    use rustix::process::{Resource, Rlimit, setrlimit};
    use std::os::unix::process::CommandExt;
    let limit = |value: u64, hard: u64| Rlimit {
        current: Some(value),
        maximum: Some(hard),
    };

    let memory = limits.memory_bytes;
    let cpu = limits.cpu_secs;
    // Linux only: elsewhere there is no allowance to give.
    #[cfg(target_os = "linux")]
    let tasks = limits.extra_tasks.and_then(process_allowance);
    // Safety: the closure runs in the child between fork and exec, where only
    // async-signal-safe calls are allowed; setrlimit is one, and nothing here allocates.
    unsafe {
        command.pre_exec(move || {
            // Best effort: an OS that does not enforce a limit must not stop the job.
            let _ = setrlimit(Resource::Core, limit(0, 0));
            if let Some(bytes) = memory {
                let _ = setrlimit(Resource::As, limit(bytes, bytes));
            }
            if let Some(seconds) = cpu {
                let _ = setrlimit(Resource::Cpu, limit(seconds, seconds + 5));
            }
            #[cfg(target_os = "linux")]
            if let Some(tasks) = tasks {
                let _ = setrlimit(Resource::Nproc, limit(tasks, tasks));
            }
            Ok(())
        });
    }
}

#[allow(unsafe_code)]
fn lower_priority(command: &mut Command, niceness: i32) {
    use std::os::unix::process::CommandExt;
    // Safety: the closure runs in the child between fork and exec; setpriority is a plain
    // system call (async-signal-safe) and nothing here allocates.
    unsafe {
        command.pre_exec(move || {
            // Best effort: at worst the job runs at the usual priority.
            let _ = libc::setpriority(libc::PRIO_PROCESS, 0, niceness);
            Ok(())
        });
    }
}

/// The RLIMIT_NPROC value that lets a job start `extra` more tasks: the user's current task
/// count plus `extra`. Linux only (where the limit counts threads too), and only for users
/// the kernel holds to it: root ignores RLIMIT_NPROC, so there it is not set. Counted once
/// per run of threadlings; the allowance is generous enough to absorb later growth.
pub fn process_allowance(extra: u64) -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        use std::sync::OnceLock;
        static CURRENT: OnceLock<Option<u64>> = OnceLock::new();
        let current = *CURRENT.get_or_init(|| {
            let uid = rustix::process::getuid();
            if uid.is_root() {
                return None;
            }
            let uid = uid.as_raw().to_string();
            let entries = std::fs::read_dir("/proc").ok()?;
            let tasks = entries
                .filter_map(Result::ok)
                .filter(|entry| {
                    entry
                        .file_name()
                        .to_str()
                        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
                })
                .filter_map(|entry| std::fs::read_to_string(entry.path().join("status")).ok())
                .filter(|status| {
                    status.lines().any(|l| {
                        l.strip_prefix("Uid:")
                            .and_then(|r| r.split_whitespace().next())
                            == Some(&uid)
                    })
                })
                .filter_map(|status| {
                    status
                        .lines()
                        .find_map(|l| l.strip_prefix("Threads:"))
                        .and_then(|n| n.trim().parse::<u64>().ok())
                })
                .sum();
            Some(tasks)
        });
        current.map(|tasks| tasks + extra)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = extra;
        None
    }
}

/// Reads a stream to its end on a thread, keeping at most `OUTPUT_CAP` bytes.
fn read_capped(mut stream: impl Read + Send + 'static) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    let _ = thread::Builder::new()
        .name("sandbox-read".into())
        .spawn(move || {
            let mut kept = Vec::new();
            let mut buffer = [0u8; 8192];
            while let Ok(read) = stream.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                let room = OUTPUT_CAP.saturating_sub(kept.len());
                kept.extend_from_slice(&buffer[..read.min(room)]);
            }
            let _ = tx.send(kept);
        });
    rx
}

fn collect(stream: Option<mpsc::Receiver<Vec<u8>>>) -> String {
    // Every writer is dead by now, so the pipe reaches its end at once; the timeout only
    // guards against a process that escaped everything (possible outside Linux).
    let bytes = stream
        .and_then(|rx| rx.recv_timeout(Duration::from_secs(2)).ok())
        .unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn new_tag() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    format!(
        "{}-{}-{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shell(script: &str, wall: Duration) -> Outcome {
        let limits = Limits::wall_only(wall);
        let job = Job::new("/bin/sh", std::env::temp_dir(), limits)
            .arg("-c")
            .arg(script);
        run(&job, &Cancel::default()).expect("sh runs")
    }

    #[test]
    fn a_quick_job_reports_its_exit_code_and_output() {
        let outcome = shell("echo out; echo err >&2; exit 3", Duration::from_secs(5));
        assert_eq!(outcome.exit, Exit::Code(3));
        assert_eq!(outcome.stdout, "out\n");
        assert_eq!(outcome.stderr, "err\n");
    }

    #[test]
    fn a_hung_job_times_out_and_is_killed_even_if_it_ignores_sigterm() {
        let started = Instant::now();
        let outcome = shell(
            "trap '' TERM; while :; do :; done",
            Duration::from_millis(300),
        );
        assert_eq!(outcome.exit, Exit::TimedOut);
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_cancelled_job_stops_promptly() {
        let cancel = Cancel::default();
        let limits = Limits::wall_only(Duration::from_secs(30));
        let job = Job::new("/bin/sh", std::env::temp_dir(), limits)
            .arg("-c")
            .arg("sleep 30");
        let canceller = cancel.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(100));
            canceller.cancel();
        });
        let outcome = run(&job, &cancel).expect("sh runs");
        assert_eq!(outcome.exit, Exit::Cancelled);
        assert!(outcome.elapsed < Duration::from_secs(5));
    }

    #[test]
    fn cancelling_the_root_reaches_every_descendant_and_not_the_other_way() {
        let root = Cancel::default();
        let check = root.child();
        let stage = check.child();
        let sibling = root.child();
        stage.cancel();
        assert!(stage.is_cancelled());
        assert!(!check.is_cancelled() && !root.is_cancelled() && !sibling.is_cancelled());
        root.cancel();
        assert!(check.is_cancelled() && sibling.is_cancelled());
    }

    #[test]
    fn bubblewrap_binds_everything_read_only_but_the_jobs_folders_and_cuts_the_network() {
        let job = Job::new(
            "/work/target/test-binary",
            "/work/crate",
            Limits::wall_only(Duration::from_secs(1)),
        )
        .arg("--exact")
        .arg("a test")
        .writable("/tmp/threadlings-log");
        let args: Vec<String> = bubblewrap_args(&job)
            .iter()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect();
        let line = args.join(" ");
        for expected in [
            "--die-with-parent",
            "--unshare-net",
            "--unshare-pid",
            "--ro-bind / /",
            "--tmpfs /tmp",
            "--bind /work/crate /work/crate",
            "--bind /tmp/threadlings-log /tmp/threadlings-log",
            "--chdir /work/crate -- /work/target/test-binary --exact a test",
        ] {
            assert!(line.contains(expected), "`{expected}` not in `{line}`");
        }
        // Later mounts cover earlier ones: the writable folders come after the read-only root
        // and the private /tmp, and the program's arguments are never read as bwrap's.
        let position = |arg: &str| args.iter().position(|a| a == arg).unwrap();
        assert!(position("--tmpfs") < position("--bind"));
        assert_eq!(args[position("--") + 2..], ["--exact", "a test"]);
    }

    #[test]
    fn bubblewrap_keeps_a_program_under_tmp_visible_read_only() {
        // A workbook cloned under /tmp builds its test binaries there; the private /tmp must
        // not hide them (it did: every test "failed" under --sandbox in such a clone).
        let job = Job::new(
            "/tmp/clone/target/debug/deps/unit-1234",
            "/work/crate",
            Limits::wall_only(Duration::from_secs(1)),
        );
        let args: Vec<String> = bubblewrap_args(&job)
            .iter()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect();
        let program = "/tmp/clone/target/debug/deps/unit-1234";
        let tmpfs = args.iter().position(|a| a == "--tmpfs").unwrap();
        let bound = args
            .windows(3)
            .position(|w| w == ["--ro-bind", program, program])
            .unwrap_or_else(|| panic!("the program is not bound: {args:?}"));
        assert!(tmpfs < bound, "bound before the tmpfs covers it: {args:?}");
    }

    #[test]
    fn bubblewrap_is_looked_for_on_path_and_its_absence_is_an_error() {
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(find_program("bwrap", Some(empty.path().as_os_str())), None);
        assert_eq!(find_program("bwrap", None), None);
        let fake = empty.path().join("bwrap");
        std::fs::write(&fake, "#!/bin/sh\n").unwrap();
        assert_eq!(
            find_program("bwrap", Some(empty.path().as_os_str())),
            None,
            "a file that is not executable is not the program"
        );
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = std::env::join_paths(["/nonexistent".as_ref(), empty.path()]).unwrap();
        assert_eq!(find_program("bwrap", Some(&path)), Some(fake));
        assert!(
            IsolationError::NotInstalled
                .to_string()
                .contains("apt-get install bubblewrap")
        );
    }

    #[test]
    fn a_crash_inside_bubblewrap_is_read_back_as_its_signal() {
        assert_eq!(exit_through_bubblewrap(Exit::Code(139)), Exit::Signal(11));
        assert_eq!(exit_through_bubblewrap(Exit::Code(134)), Exit::Signal(6));
        assert_eq!(exit_through_bubblewrap(Exit::Code(101)), Exit::Code(101));
        assert_eq!(exit_through_bubblewrap(Exit::Code(0)), Exit::Code(0));
        assert_eq!(exit_through_bubblewrap(Exit::TimedOut), Exit::TimedOut);
    }

    /// Where bubblewrap works here; elsewhere (CI without it) the test says it was skipped.
    fn bubblewrap_here() -> Option<Isolation> {
        match Isolation::bubblewrap() {
            Ok(isolation) => Some(isolation),
            Err(error) => {
                eprintln!("skipped: no usable bubblewrap here ({error})");
                None
            }
        }
    }

    #[test]
    fn inside_bubblewrap_a_job_writes_only_its_folder_and_has_no_network() {
        let Some(isolation) = bubblewrap_here() else {
            return;
        };
        let own = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir_in(std::env::current_dir().unwrap()).unwrap();
        let script = format!(
            "echo mine > own.txt; echo theirs > '{}/x' 2>/dev/null && echo WROTE-OUTSIDE; \
             cat /proc/net/dev; kill -SEGV $$",
            elsewhere.path().display()
        );
        let job = Job::new(
            "/bin/sh",
            own.path(),
            Limits::wall_only(Duration::from_secs(20)),
        )
        .arg("-c")
        .arg(script)
        .isolation(isolation);
        let outcome = run(&job, &Cancel::default()).expect("bwrap runs");
        assert_eq!(outcome.exit, Exit::Signal(11), "{outcome:?}");
        assert!(own.path().join("own.txt").is_file(), "{outcome:?}");
        assert!(!outcome.stdout.contains("WROTE-OUTSIDE"), "{outcome:?}");
        assert!(!elsewhere.path().join("x").exists());
        // Only the loopback device in a network namespace of its own.
        let devices: Vec<&str> = outcome
            .stdout
            .lines()
            .filter_map(|line| line.split_once(':').map(|(name, _)| name.trim()))
            .filter(|name| !name.contains('|'))
            .collect();
        assert_eq!(devices, ["lo"], "{}", outcome.stdout);
    }
}
