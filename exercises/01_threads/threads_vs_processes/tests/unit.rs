//! Every answer is checked by an experiment: a thread started here, or a child process that is
//! this test binary started again (`THREADLINGS_CHILD_EXPERIMENT` tells it to act as the
//! child, run one test's child side, print what it saw and end). A wrong answer fails with
//! what the experiment saw.

use std::cell::Cell;
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use threads_vs_processes::{
    CloneFlag, Resource, Sharing, clone_flags_for_a_thread, with_a_child_process, with_a_thread,
};

static GLOBAL: AtomicU64 = AtomicU64::new(0);
static HEAP: Mutex<Option<Box<u64>>> = Mutex::new(None);

thread_local! {
    static LOCAL: Cell<u64> = const { Cell::new(0) };
}

fn expect_thread(resource: Resource, observed: Sharing, evidence: &str) {
    let answer = with_a_thread(resource);
    assert_eq!(
        answer, observed,
        "{resource:?}, a thread and the thread that started it: you answered {answer:?}, the \
         experiment shows {observed:?}. {evidence}"
    );
}

fn expect_child(resource: Resource, observed: Sharing, evidence: &str) {
    let answer = with_a_child_process(resource);
    assert_eq!(
        answer, observed,
        "{resource:?}, a child process and its parent: you answered {answer:?}, the experiment \
         shows {observed:?}. {evidence}"
    );
}

fn shared_if(same: bool) -> Sharing {
    if same {
        Sharing::Shared
    } else {
        Sharing::Private
    }
}

// ---- threads ------------------------------------------------------------------------------

#[test]
fn a_thread_and_heap_memory() {
    let boxed = Box::new(AtomicU64::new(1));
    thread::scope(|s| {
        s.spawn(|| boxed.store(2, Ordering::Relaxed));
    });
    let seen = boxed.load(Ordering::Relaxed);
    expect_thread(
        Resource::HeapMemory,
        shared_if(seen == 2),
        &format!(
            "The main thread put 1 in a Box, a new thread stored 2 into that same Box, and the \
             main thread then read {seen}."
        ),
    );
}

#[test]
fn a_thread_and_global_variables() {
    GLOBAL.store(1, Ordering::Relaxed);
    thread::spawn(|| GLOBAL.store(2, Ordering::Relaxed))
        .join()
        .unwrap();
    let seen = GLOBAL.load(Ordering::Relaxed);
    expect_thread(
        Resource::GlobalVariables,
        shared_if(seen == 2),
        &format!("A new thread stored 2 into a `static`; the main thread then read {seen}."),
    );
}

#[cfg(unix)]
#[test]
fn a_thread_and_file_descriptors() {
    use std::os::fd::{FromRawFd, IntoRawFd};
    let fd = thread::spawn(|| {
        std::fs::File::open("/dev/null")
            .expect("open /dev/null")
            .into_raw_fd()
    })
    .join()
    .unwrap();
    // Safety: the thread gave this descriptor up with `into_raw_fd`: nothing else owns it.
    let file = unsafe { std::fs::File::from_raw_fd(fd) };
    let usable = file.metadata().is_ok();
    expect_thread(
        Resource::FileDescriptors,
        shared_if(usable),
        &format!(
            "A new thread opened /dev/null as file descriptor {fd} and ended; the main thread \
             then used descriptor {fd}: {}.",
            if usable {
                "it was open"
            } else {
                "it was not open"
            }
        ),
    );
}

#[test]
fn a_thread_and_the_process_id() {
    let mine = std::process::id();
    let theirs = thread::spawn(std::process::id).join().unwrap();
    expect_thread(
        Resource::ProcessId,
        shared_if(mine == theirs),
        &format!("The main thread's process id is {mine}; the new thread's is {theirs}."),
    );
}

#[test]
fn a_thread_and_the_stack() {
    let here = 0u64;
    let my_local = &here as *const u64 as usize;
    // The new thread changes a local variable of its own; ours is untouched.
    let (their_local, untouched) = thread::spawn(|| {
        let mut there = 0u64;
        there += 1;
        (&there as *const u64 as usize, there)
    })
    .join()
    .unwrap();
    let distance = my_local.abs_diff(their_local);
    expect_thread(
        Resource::Stack,
        shared_if(distance == 0),
        &format!(
            "A local variable of the main thread is at {my_local:#x}, one of the new thread's \
             (set to {untouched}) at {their_local:#x}, {distance} bytes away: each thread runs \
             on a stack of its own, in the one shared address space."
        ),
    );
    assert_eq!(here, 0);
}

#[test]
fn a_thread_and_thread_locals() {
    LOCAL.with(|local| local.set(5));
    let theirs = thread::spawn(|| LOCAL.with(Cell::get)).join().unwrap();
    expect_thread(
        Resource::ThreadLocals,
        shared_if(theirs == 5),
        &format!(
            "The main thread set its thread-local to 5; the new thread read {theirs} from it."
        ),
    );
}

// ---- child processes ----------------------------------------------------------------------

const CHILD_VAR: &str = "THREADLINGS_CHILD_EXPERIMENT";

fn is_child() -> bool {
    std::env::var_os(CHILD_VAR).is_some()
}

/// In the child: what it saw, on the line the parent reads.
fn report(observed: impl std::fmt::Display) {
    println!("observed: {observed}");
}

/// Starts this test binary again as a child process that runs only `test`, and returns what
/// it reported.
fn in_a_child(test: &str, env: &[(&str, String)]) -> String {
    let exe = std::env::current_exe().expect("the test binary's path");
    let output = Command::new(exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_VAR, "1")
        .envs(env.iter().map(|(key, value)| (key, value)))
        .output()
        .expect("start the child process");
    let stdout = String::from_utf8_lossy(&output.stdout);
    // libtest prints `test NAME ... ` before the test's own output, on the same line.
    stdout
        .lines()
        .find_map(|line| line.split_once("observed: ").map(|(_, seen)| seen.trim()))
        .unwrap_or_else(|| panic!("the child process reported nothing:\n{stdout}"))
        .to_string()
}

#[test]
fn child_process_and_memory() {
    if is_child() {
        let heap = HEAP.lock().unwrap().as_deref().copied();
        return report(format!(
            "{} {}",
            GLOBAL.load(Ordering::Relaxed),
            heap.map_or("none".into(), |n| n.to_string())
        ));
    }
    GLOBAL.store(42, Ordering::Relaxed);
    *HEAP.lock().unwrap() = Some(Box::new(42));
    let seen = in_a_child("child_process_and_memory", &[]);
    let (global, heap) = seen.split_once(' ').unwrap_or((&seen, ""));
    expect_child(
        Resource::GlobalVariables,
        shared_if(global == "42"),
        &format!("The parent set a `static` to 42, then started a child; the child read {global}."),
    );
    expect_child(
        Resource::HeapMemory,
        shared_if(heap == "42"),
        &format!("The parent put 42 in a Box, then started a child; the child found {heap} there."),
    );
}

#[cfg(unix)]
#[test]
fn child_process_and_file_descriptors() {
    use std::os::fd::{AsRawFd, BorrowedFd};
    if is_child() {
        let fd: i32 = std::env::var("THREADLINGS_PARENT_FD")
            .ok()
            .and_then(|fd| fd.parse().ok())
            .unwrap_or(-1);
        // Safety: only borrowed for one `try_clone_to_owned`, which fails cleanly (EBADF) on a
        // descriptor that is not open here.
        let open = fd >= 0
            && unsafe { BorrowedFd::borrow_raw(fd) }
                .try_clone_to_owned()
                .is_ok();
        return report(if open { "open" } else { "closed" });
    }
    let file = std::fs::File::open("/dev/null").expect("open /dev/null");
    let fd = file.as_raw_fd();
    let seen = in_a_child(
        "child_process_and_file_descriptors",
        &[("THREADLINGS_PARENT_FD", fd.to_string())],
    );
    expect_child(
        Resource::FileDescriptors,
        shared_if(seen == "open"),
        &format!(
            "The parent opened /dev/null as file descriptor {fd}, then started a child; in the \
             child, descriptor {fd} was {seen}."
        ),
    );
}

#[test]
fn child_process_and_the_process_id() {
    if is_child() {
        return report(std::process::id());
    }
    let mine = std::process::id();
    let theirs = in_a_child("child_process_and_the_process_id", &[]);
    expect_child(
        Resource::ProcessId,
        shared_if(theirs == mine.to_string()),
        &format!("The parent's process id is {mine}; the child's is {theirs}."),
    );
}

#[test]
fn child_process_and_its_stack_and_thread_locals() {
    if is_child() {
        return report(LOCAL.with(Cell::get));
    }
    LOCAL.with(|local| local.set(5));
    let theirs = in_a_child("child_process_and_its_stack_and_thread_locals", &[]);
    let evidence = format!(
        "The parent set its thread-local to 5; the child's main thread, which started afresh \
         on a new stack, read {theirs}."
    );
    expect_child(Resource::ThreadLocals, shared_if(theirs == "5"), &evidence);
    expect_child(Resource::Stack, Sharing::Private, &evidence);
}

// ---- clone() ------------------------------------------------------------------------------

/// On Linux, what the kernel says about a thread: a task of its own (its task id), in the
/// process's thread group (whose id is the process id).
#[test]
fn a_thread_is_a_task_in_the_process_thread_group() {
    #[cfg(target_os = "linux")]
    {
        let field = |status: &str, key: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(key))
                .map(|value| value.trim().to_string())
                .unwrap_or_default()
        };
        let status = thread::spawn(|| std::fs::read_to_string("/proc/thread-self/status"))
            .join()
            .unwrap()
            .expect("read /proc/thread-self/status");
        let (task, group) = (field(&status, "Pid:"), field(&status, "Tgid:"));
        let pid = std::process::id().to_string();
        let answer = clone_flags_for_a_thread();
        for flag in [CloneFlag::Thread, CloneFlag::Vm] {
            assert!(
                answer.contains(&flag),
                "{flag:?} is missing from your flags ({answer:?}). Linux's /proc says a thread \
                 of this process (process id {pid}) is task {task} in thread group {group}: a \
                 task of its own in the process's group, which is CLONE_THREAD's doing, and it \
                 writes the process's memory, which is CLONE_VM's."
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    shim::skipped(
        "the clone() experiment (clone() and /proc are Linux's; the flags are still checked)",
    );
}

#[test]
fn the_clone_flags_that_make_a_thread() {
    use CloneFlag::*;
    let answer = clone_flags_for_a_thread();
    let needed = [
        (
            Vm,
            "without it the new task gets a copy of the memory, as a forked process does",
        ),
        (Fs, "without it the new task has its own current directory"),
        (
            Files,
            "without it the new task gets a copy of the open-files table",
        ),
        (
            Sighand,
            "a thread shares the signal handlers (and Linux requires it with CLONE_THREAD)",
        ),
        (
            Thread,
            "without it the new task gets a process id of its own: a process, not a thread",
        ),
    ];
    let unwanted = [
        (Newpid, "a thread stays in its process's PID namespace"),
        (
            Vfork,
            "pthread_create does not stop the caller until the new thread execs",
        ),
    ];
    for (flag, why) in needed {
        assert!(
            answer.contains(&flag),
            "{flag:?} is missing from your flags ({answer:?}): {why}."
        );
    }
    for (flag, why) in unwanted {
        assert!(
            !answer.contains(&flag),
            "{flag:?} does not belong in your flags ({answer:?}): {why}."
        );
    }
}
