//! What a thread shares with the thread that started it, and what a child process shares
//! with its parent.
//!
//! Another correct answer: every resource spelled out in each function, the flags in
//! another order.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    HeapMemory,
    GlobalVariables,
    FileDescriptors,
    ProcessId,
    Stack,
    ThreadLocals,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    Shared,
    Private,
}

pub fn with_a_thread(resource: Resource) -> Sharing {
    match resource {
        Resource::HeapMemory => Sharing::Shared,
        Resource::GlobalVariables => Sharing::Shared,
        Resource::FileDescriptors => Sharing::Shared,
        Resource::ProcessId => Sharing::Shared,
        Resource::Stack => Sharing::Private,
        Resource::ThreadLocals => Sharing::Private,
    }
}

pub fn with_a_child_process(resource: Resource) -> Sharing {
    match resource {
        Resource::HeapMemory
        | Resource::GlobalVariables
        | Resource::FileDescriptors
        | Resource::ProcessId
        | Resource::Stack
        | Resource::ThreadLocals => Sharing::Private,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CloneFlag {
    Vm,
    Fs,
    Files,
    Sighand,
    Thread,
    Newpid,
    Vfork,
}

pub fn clone_flags_for_a_thread() -> Vec<CloneFlag> {
    vec![
        CloneFlag::Thread,
        CloneFlag::Sighand,
        CloneFlag::Vm,
        CloneFlag::Files,
        CloneFlag::Fs,
    ]
}
