//! What a thread shares with the thread that started it, and what a child process shares
//! with its parent. The tests run an experiment for every answer and show what they saw.
//!
//! Reference solution: a thread shares everything of the process but its stack and its
//! thread-locals (and its registers); a child process shares nothing once it runs.

/// A part of a running program's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// Memory from the allocator: a `Box`, a `Vec`'s buffer.
    HeapMemory,
    /// `static` variables.
    GlobalVariables,
    /// The table of open files (file descriptors).
    FileDescriptors,
    /// The process id, as `std::process::id()` gives it.
    ProcessId,
    /// The stack: local variables and return addresses.
    Stack,
    /// `thread_local!` variables.
    ThreadLocals,
}

/// Whether two lines of execution have one of a resource, or each its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    /// The same one: a change made by either is seen by the other.
    Shared,
    /// Each has its own: a change made by one is not seen by the other.
    Private,
}

/// What a new thread shares with the thread that started it.
pub fn with_a_thread(resource: Resource) -> Sharing {
    match resource {
        Resource::HeapMemory
        | Resource::GlobalVariables
        | Resource::FileDescriptors
        | Resource::ProcessId => Sharing::Shared,
        // What a thread needs to run on its own: where it is in its calls, and its own copy
        // of each thread-local (errno, for one).
        Resource::Stack | Resource::ThreadLocals => Sharing::Private,
    }
}

/// What a child process shares with its parent, once it runs.
pub fn with_a_child_process(resource: Resource) -> Sharing {
    // A process has its own address space, file table and id: a child may start with copies
    // (after fork) or fresh (after exec), but from then on nothing it changes reaches the
    // parent, nor the other way round.
    let _ = resource;
    Sharing::Private
}

/// Flags of Linux's `clone()` system call, which makes both threads and processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CloneFlag {
    /// `CLONE_VM`: share the memory (the address space).
    Vm,
    /// `CLONE_FS`: share the current directory and the umask.
    Fs,
    /// `CLONE_FILES`: share the table of open files.
    Files,
    /// `CLONE_SIGHAND`: share the signal handlers.
    Sighand,
    /// `CLONE_THREAD`: join the caller's thread group, so share its process id.
    Thread,
    /// `CLONE_NEWPID`: start a new PID namespace (containers do this).
    Newpid,
    /// `CLONE_VFORK`: stop the caller until the child calls exec or exits.
    Vfork,
}

/// The flags with which `clone()` makes a thread, as `pthread_create` asks for it.
pub fn clone_flags_for_a_thread() -> Vec<CloneFlag> {
    // Share the memory, the filesystem context, the open files and the signal handlers, and
    // join the thread group (one process id). Without these, clone() makes a process.
    vec![
        CloneFlag::Vm,
        CloneFlag::Fs,
        CloneFlag::Files,
        CloneFlag::Sighand,
        CloneFlag::Thread,
    ]
}
