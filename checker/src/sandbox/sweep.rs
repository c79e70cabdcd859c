//! The sweep after a job: kill every process that carries the job's tag in its environment,
//! wherever it went (`setsid` or a double fork takes it out of the job's process group).
//!
//! Linux only: it reads `/proc`. One look is not enough. A process caught in the middle of
//! `execve` has no environment to show for a moment: the kernel has swapped in the new
//! program's memory but not yet written its arguments and environment there, and until it
//! has, `/proc/PID/environ` and `/proc/PID/cmdline` both read empty ("spawned far enough to
//! have cmdline?" in fs/proc/base.c). A tight loop of `/bin/true` started from a tagged shell
//! showed 3% of its children that way. So the sweep looks again, after a short settle, while
//! a process that started during the job is between two programs, and stops at the first look
//! that finds nobody tagged and nobody between programs, or at a deadline.
//!
//! What it cannot see: a process that drops the tag (`env_clear` before an exec), or whose
//! environment the kernel will not show (another user's; a non-dumpable one when threadlings
//! is not root). `grade --sandbox` closes those too: its own pid namespace dies with the job.

use std::collections::HashSet;
use std::thread;
use std::time::{Duration, Instant};

/// The environment variable that tags every process of a job, for the sweep.
pub const TAG_ENV: &str = "THREADLINGS_SANDBOX_TAG";
/// How long the sweep waits between two looks, for a process to finish its exec.
const SETTLE: Duration = Duration::from_millis(5);
/// How long the sweep goes on looking at most (a process stuck between programs, or a fork
/// bomb racing the kills).
const SWEEP_LIMIT: Duration = Duration::from_secs(2);

/// The flag in `/proc/PID/stat` of a kernel thread (PF_KTHREAD), which has no environment.
const KERNEL_THREAD: u64 = 0x0020_0000;

/// Processes (not zombies) of a job, found by the tag in their environment.
pub fn survivors(tag: &str) -> Vec<i32> {
    processes_with_env(TAG_ENV, tag)
}

/// Live processes (not zombies) whose environment holds `key=value`. Linux only (it reads
/// `/proc`); empty elsewhere, where the process group is the only net.
pub fn processes_with_env(key: &str, value: &str) -> Vec<i32> {
    look(&needle(key, value), None).tagged
}

fn needle(key: &str, value: &str) -> Vec<u8> {
    format!("{key}={value}\0").into_bytes()
}

/// When the process `pid` started, in the clock ticks since boot that `/proc` counts in: read
/// it before the job's leader is waited for, so that the sweep can tell the processes that
/// started during the job (its descendants among them) from older ones.
pub fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_stat(&stat).map(|stat| stat.started)
}

/// Kills every process tagged `tag`, looking again while a process that started since
/// `since` (see [`start_time`]) is between two programs; returns how many it killed.
pub fn sweep(tag: &str, since: Option<u64>) -> usize {
    let needle = needle(TAG_ENV, tag);
    sweep_with(
        || look(&needle, since),
        |pid| {
            use rustix::process::{Pid, Signal, kill_process};
            Pid::from_raw(pid).is_some_and(|pid| kill_process(pid, Signal::KILL).is_ok())
        },
        SWEEP_LIMIT,
    )
}

/// What one look through `/proc` found.
#[derive(Debug, Default, Clone, PartialEq)]
struct Look {
    /// Live processes carrying the tag.
    tagged: Vec<i32>,
    /// Live processes between two programs (in the middle of an exec, or exiting) that
    /// started during the job: a moment later they may show the tag.
    between_programs: Vec<i32>,
}

/// The sweep's loop: kill what `look` finds tagged, look again after [`SETTLE`] until a look
/// finds nothing tagged and nothing between programs, or `limit` has passed.
fn sweep_with(
    mut look: impl FnMut() -> Look,
    mut kill: impl FnMut(i32) -> bool,
    limit: Duration,
) -> usize {
    let deadline = Instant::now() + limit;
    let mut killed = HashSet::new();
    loop {
        let found = look();
        for &pid in &found.tagged {
            if kill(pid) {
                killed.insert(pid);
            }
        }
        let settled = found.tagged.is_empty() && found.between_programs.is_empty();
        if settled || Instant::now() >= deadline {
            return killed.len();
        }
        thread::sleep(SETTLE);
    }
}

/// What a look at one process tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Tagged,
    BetweenPrograms,
    /// Not the job's (as far as its environment tells), a zombie, or gone.
    Other,
}

/// One look through `/proc` for processes whose environment holds `needle` (nothing where
/// there is no Linux-like `/proc`: every read fails).
fn look(needle: &[u8], since: Option<u64>) -> Look {
    let mut found = Look::default();
    let me = std::process::id() as i32;
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return found;
    };
    let pids = entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<i32>().ok())
        .filter(|&pid| pid != me);
    for pid in pids {
        let read = |file: &str| std::fs::read(format!("/proc/{pid}/{file}")).ok();
        match look_at(read, needle, since) {
            Seen::Tagged => found.tagged.push(pid),
            Seen::BetweenPrograms => found.between_programs.push(pid),
            Seen::Other => {}
        }
    }
    found
}

/// Tells what one process is from its files in `/proc` (`read("environ")` and so on; `None`
/// when a file cannot be read: the process is gone, or not ours to look at).
fn look_at(read: impl Fn(&str) -> Option<Vec<u8>>, needle: &[u8], since: Option<u64>) -> Seen {
    let holds_tag = |environ: &[u8]| environ.windows(needle.len()).any(|window| window == needle);
    let live = |stat: &Stat| !matches!(stat.state, 'Z' | 'X' | 'x');
    let Some(environ) = read("environ") else {
        return Seen::Other;
    };
    let tagged = holds_tag(&environ);
    if !tagged && !environ.is_empty() {
        return Seen::Other;
    }
    let stat = read("stat").and_then(|stat| parse_stat(&String::from_utf8_lossy(&stat)));
    let Some(stat) = stat.filter(live) else {
        return Seen::Other;
    };
    if tagged {
        return Seen::Tagged;
    }
    if stat.flags & KERNEL_THREAD != 0 {
        return Seen::Other;
    }
    // An empty environment: a program started without one, or a process between programs.
    // Only the latter has no command line either.
    if read("cmdline").is_some_and(|cmdline| cmdline.is_empty()) {
        let during_the_job = since.is_none_or(|since| stat.started >= since);
        return if during_the_job {
            Seen::BetweenPrograms
        } else {
            Seen::Other
        };
    }
    // It has a command line now: if the exec ended between the two reads, its environment
    // is there now too (the first read may also have held on to the old program's memory,
    // which reads empty once the exec has dropped it).
    match read("environ") {
        Some(environ) if holds_tag(&environ) => Seen::Tagged,
        _ => Seen::Other,
    }
}

/// What the sweep needs from `/proc/PID/stat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stat {
    state: char,
    flags: u64,
    /// Clock ticks after boot.
    started: u64,
}

/// Parses `/proc/PID/stat`: "pid (comm) state ppid ...", where comm may hold spaces and
/// parentheses, so the fields are counted from the last `)`.
fn parse_stat(stat: &str) -> Option<Stat> {
    let (_, rest) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    Some(Stat {
        state: fields.first()?.chars().next()?,
        flags: fields.get(6)?.parse().ok()?,
        started: fields.get(19)?.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::VecDeque;
    #[cfg(target_os = "linux")]
    use std::process::Command;

    /// `/proc/PID/stat` of a live user process started at tick 1000.
    const USER: &str = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 10 0 0 0 0 0 0 0 20 0 \
                        1 0 1000 1000000 100 18446744073709551615";
    /// The same process, a zombie.
    const ZOMBIE: &str = "4242 (my (odd) name) Z 1 4242 4242 0 -1 4194560 10 0 0 0 0 0 0 0 20 0 \
                          1 0 1000 0 0 18446744073709551615";
    /// kthreadd: a kernel thread (flags 0x208040), started at boot.
    const KERNEL: &str = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 26 0 0 \
                          18446744073709551615";
    const TAG: &[u8] = b"THREADLINGS_SANDBOX_TAG=job-1\0";

    /// A process whose files read, one read after the other, as scripted.
    fn process(
        stat: &'static str,
        environ: &[&'static [u8]],
        cmdline: &'static [u8],
    ) -> impl Fn(&str) -> Option<Vec<u8>> {
        let environ = RefCell::new(environ.iter().copied().collect::<VecDeque<_>>());
        move |file| match file {
            "stat" => Some(stat.as_bytes().to_vec()),
            "cmdline" => Some(cmdline.to_vec()),
            "environ" => {
                let mut reads = environ.borrow_mut();
                let next = if reads.len() > 1 {
                    reads.pop_front()
                } else {
                    reads.front().copied()
                };
                next.map(<[u8]>::to_vec)
            }
            _ => None,
        }
    }

    #[test]
    fn the_stat_fields_are_counted_from_the_last_parenthesis() {
        let stat = parse_stat(USER).unwrap();
        assert_eq!(
            stat,
            Stat {
                state: 'S',
                flags: 4194560,
                started: 1000
            }
        );
        assert_eq!(
            parse_stat(KERNEL).unwrap().flags & KERNEL_THREAD,
            KERNEL_THREAD
        );
        assert_eq!(parse_stat("4242 (cut"), None);
    }

    #[test]
    fn a_process_is_told_apart_by_its_environment_and_command_line() {
        let tagged: &[u8] = b"A=1\0THREADLINGS_SANDBOX_TAG=job-1\0B=2\0";
        let other_job: &[u8] = b"THREADLINGS_SANDBOX_TAG=job-10\0";
        let seen = |stat, environ: &'static [u8], cmdline| {
            look_at(process(stat, &[environ], cmdline), TAG, Some(1000))
        };
        assert_eq!(seen(USER, tagged, b"sleep\0x\0"), Seen::Tagged);
        assert_eq!(seen(USER, other_job, b"sleep\0"), Seen::Other);
        assert_eq!(seen(USER, b"PATH=/bin\0", b"sleep\0"), Seen::Other);
        assert_eq!(
            seen(USER, b"", b"sleep\0"),
            Seen::Other,
            "a program started with an empty environment is not between programs"
        );
        assert_eq!(seen(USER, b"", b""), Seen::BetweenPrograms);
        assert_eq!(seen(ZOMBIE, tagged, b""), Seen::Other, "a zombie is dead");
        assert_eq!(
            seen(KERNEL, b"", b""),
            Seen::Other,
            "a kernel thread has no environment"
        );
        assert_eq!(
            look_at(process(USER, &[b""], b""), TAG, Some(1001)),
            Seen::Other,
            "a process older than the job is not its descendant"
        );
        assert_eq!(look_at(|_| None, TAG, None), Seen::Other, "gone");
    }

    #[test]
    fn an_exec_that_ends_between_two_reads_shows_its_tag_on_the_second() {
        // The environment read in the middle of the exec (empty), the command line just after
        // it: the environment is read again, and holds the tag now.
        let reads = process(USER, &[b"", TAG], b"sleep\0x\0");
        assert_eq!(look_at(reads, TAG, Some(1000)), Seen::Tagged);
    }

    #[test]
    fn a_process_caught_in_the_middle_of_exec_is_killed_once_its_program_starts() {
        // The first look finds pid 42 between two programs (no environment yet); the old sweep
        // stopped there, having found nobody tagged, and 42 lived on. Now it looks again.
        let looks = RefCell::new(VecDeque::from([
            Look {
                tagged: vec![],
                between_programs: vec![42],
            },
            Look {
                tagged: vec![42],
                between_programs: vec![],
            },
            Look::default(),
        ]));
        let killed = RefCell::new(Vec::new());
        let count = sweep_with(
            || looks.borrow_mut().pop_front().unwrap_or_default(),
            |pid| {
                killed.borrow_mut().push(pid);
                true
            },
            Duration::from_secs(600),
        );
        assert_eq!(*killed.borrow(), [42]);
        assert_eq!(count, 1);
        assert!(
            looks.borrow().is_empty(),
            "it looked until a look found nothing"
        );
    }

    #[test]
    fn the_sweep_counts_each_process_once_and_gives_up_at_its_deadline() {
        // A process that shows tagged on every look (the kill keeps failing) and another that
        // stays between programs: with no time left, the sweep stops after one look.
        let mut looks = 0;
        let count = sweep_with(
            || {
                looks += 1;
                Look {
                    tagged: vec![7, 7],
                    between_programs: vec![8],
                }
            },
            |_| true,
            Duration::ZERO,
        );
        assert_eq!((looks, count), (1, 1));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn leftover_processes_are_found_by_their_environment() {
        let marker = format!("probe-{}", std::process::id());
        let mut child = Command::new("sleep")
            .arg("30")
            .env("PROBE_MARKER", &marker)
            .spawn()
            .expect("sleep starts");
        // `spawn` returns once the child's exec has closed its close-on-exec pipe, but the
        // kernel sets up the new program's environment a moment later: look until it shows.
        let deadline = Instant::now() + Duration::from_secs(5);
        let found = loop {
            let found = processes_with_env("PROBE_MARKER", &marker);
            if !found.is_empty() || Instant::now() > deadline {
                break found;
            }
            thread::sleep(Duration::from_millis(5));
        };
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(found, vec![child.id() as i32]);
        assert!(
            processes_with_env("PROBE_MARKER", &marker).is_empty(),
            "a reaped process is not a survivor"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_real_program_without_an_environment_is_not_waited_for() {
        // Were it taken for one between programs, every sweep would wait out its deadline.
        let mut child = Command::new("sleep")
            .arg("30")
            .env_clear()
            .spawn()
            .expect("sleep starts");
        let pid = child.id();
        let since = start_time(pid);
        let read = |file: &str| std::fs::read(format!("/proc/{pid}/{file}")).ok();
        // Until its exec is done it may be between programs: look until it has a command line.
        let deadline = Instant::now() + Duration::from_secs(30);
        while read("cmdline").is_none_or(|cmdline| cmdline.is_empty()) && Instant::now() < deadline
        {
            thread::sleep(Duration::from_millis(5));
        }
        let seen = look_at(read, TAG, since);
        let _ = child.kill();
        let _ = child.wait();
        assert!(since.is_some(), "its start time is in /proc/{pid}/stat");
        assert_eq!(seen, Seen::Other);
    }
}
