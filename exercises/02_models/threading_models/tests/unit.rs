//! The three models on the same tasks. Every run is deterministic: a failure names the first
//! tick that went wrong, says what should have happened there and why, and prints the run.

use threading_models::policy::kernel_threads;
use threading_models::{Activity, Model, Run, Task, TaskId, run};

const M_TO_N: Model = Model::ManyToMany { kernel_threads: 2 };

/// A computes for 4 ticks; B computes once, then waits 3 ticks in `read()`, then computes
/// once more; C computes for 2 ticks.
fn reader_among_workers() -> Vec<Task> {
    vec![
        Task::new().compute(4),
        Task::new().compute(1).block("read()", 3).compute(1),
        Task::new().compute(2),
    ]
}

/// Fails at the first tick where `run` differs from `expected`, with `why` (the lesson of
/// that scenario) and the whole run.
fn assert_trace(run: &Run, expected: &[&str], why: &str) {
    let got = run.lines();
    for (index, want) in expected.iter().enumerate() {
        let actual = got
            .get(index)
            .map(String::as_str)
            .unwrap_or("(the run had ended)");
        if actual != *want {
            panic!(
                "under {}, tick {} is wrong.\n  expected: {want}\n  got:      {actual}\n{why}\n\n{run}",
                run.model,
                index + 1,
            );
        }
    }
    assert_eq!(
        got.len(),
        expected.len(),
        "under {}, the run should end after tick {} (every task done), but it went on to \
         tick {}.\n{why}\n\n{run}",
        run.model,
        expected.len(),
        got.len(),
    );
    assert!(
        run.finished,
        "under {}, the tasks never finished.\n\n{run}",
        run.model
    );
}

#[test]
fn each_model_starts_its_own_number_of_kernel_threads() {
    for (model, tasks, want) in [
        (Model::OneToOne, 3, 3),
        (Model::OneToOne, 5, 5),
        (Model::ManyToOne, 3, 1),
        (Model::ManyToOne, 1000, 1),
        (Model::ManyToMany { kernel_threads: 2 }, 3, 2),
        (Model::ManyToMany { kernel_threads: 4 }, 1000, 4),
    ] {
        assert_eq!(
            kernel_threads(model, tasks),
            want,
            "under {model}, {tasks} tasks run on {want} kernel thread(s): 1:1 gives every task \
             its own, N:1 puts them all on one, M:N on a pool of a fixed size"
        );
    }
}

#[test]
fn under_n_to_1_one_blocking_call_stalls_every_task() {
    let run = run(Model::ManyToOne, &reader_among_workers());
    assert_trace(
        &run,
        &[
            "tick 1: k0 A computes",
            "tick 2: k0 B computes",
            "tick 3: k0 C computes",
            "tick 4: k0 A computes",
            "tick 5: k0 B blocks in read()",
            "tick 6: k0 blocked (B in read())",
            "tick 7: k0 blocked (B in read())",
            "tick 8: k0 C computes",
            "tick 9: k0 A computes",
            "tick 10: k0 B computes",
            "tick 11: k0 A computes",
        ],
        "tick 5: task B blocks in read(); under N:1 the only kernel thread blocks, so A and C \
         cannot run until read() returns at tick 8, though they are ready. The kernel sees one \
         thread, stuck in a system call; it knows nothing of the tasks inside it.",
    );
}

#[test]
fn under_1_to_1_a_blocking_call_blocks_only_its_own_task() {
    let run = run(Model::OneToOne, &reader_among_workers());
    assert_trace(
        &run,
        &[
            "tick 1: k0 A computes | k1 B computes | k2 C computes",
            "tick 2: k0 A computes | k1 B blocks in read() | k2 C computes",
            "tick 3: k0 A computes | k1 blocked (B in read()) | k2 idle",
            "tick 4: k0 A computes | k1 blocked (B in read()) | k2 idle",
            "tick 5: k0 idle | k1 B computes | k2 idle",
        ],
        "under 1:1 every task is a kernel thread of its own: B's read() blocks k1 only, and \
         A and C go on computing on k0 and k2 (all three run at once, one per core). k2 is \
         C's and nobody else's: once C is done it stays idle.",
    );
}

#[test]
fn under_m_to_n_a_blocking_call_takes_one_kernel_thread_of_the_pool() {
    let run = run(M_TO_N, &reader_among_workers());
    assert_trace(
        &run,
        &[
            "tick 1: k0 A computes | k1 B computes",
            "tick 2: k0 C computes | k1 A computes",
            "tick 3: k0 B blocks in read() | k1 C computes",
            "tick 4: k0 blocked (B in read()) | k1 A computes",
            "tick 5: k0 blocked (B in read()) | k1 A computes",
            "tick 6: k0 B computes | k1 idle",
        ],
        "under M:N the tasks share a pool of kernel threads, and any free one takes the \
         oldest ready task: at tick 3 B's read() blocks k0, and k1 goes on running A and C \
         meanwhile. Three tasks, two kernel threads: cheap like N:1, parallel like 1:1.",
    );
}

#[test]
fn under_m_to_n_blocking_calls_on_every_kernel_thread_stall_the_rest() {
    // A and B both read at once; C only computes.
    let tasks = vec![
        Task::new().block("read()", 2).compute(1),
        Task::new().block("read()", 2).compute(1),
        Task::new().compute(2),
    ];
    let run = run(M_TO_N, &tasks);
    assert_trace(
        &run,
        &[
            "tick 1: k0 A blocks in read() | k1 B blocks in read()",
            "tick 2: k0 blocked (A in read()) | k1 blocked (B in read())",
            "tick 3: k0 C computes | k1 A computes",
            "tick 4: k0 B computes | k1 C computes",
        ],
        "under M:N a blocking call still blocks a kernel thread: with 2 of them, two reads at \
         once leave none for C, which waits until tick 3. (Go's scheduler hands the CPU to a \
         fresh kernel thread when one blocks: see gmp_scheduler.)",
    );
}

#[test]
fn under_1_to_1_a_task_never_moves_to_another_kernel_thread() {
    let tasks = vec![
        Task::new().compute(1),
        Task::new().block("sleep()", 2).compute(2),
        Task::new().compute(3),
        Task::new().compute(1).block("read()", 1).compute(1),
    ];
    let run = run(Model::OneToOne, &tasks);
    assert!(
        run.finished,
        "under 1:1, the tasks never finished.\n\n{run}"
    );
    for tick in &run.ticks {
        for (kernel, activity) in tick.kernels.iter().enumerate() {
            let task = match activity {
                Activity::Computes(task) | Activity::Blocks(task, _) => *task,
                Activity::Blocked(..) | Activity::Idle => continue,
            };
            assert_eq!(
                task,
                TaskId(kernel),
                "tick {}: task {task} runs on k{kernel}, but under 1:1 task {task} *is* kernel \
                 thread k{}: it never runs anywhere else, and k{kernel} never runs another \
                 task, even when it is free and that task is ready.\n\n{run}",
                tick.tick,
                task.0,
            );
        }
    }
    let last = run.ticks.len();
    assert_eq!(
        last, 4,
        "under 1:1, these four tasks run side by side and are all done after tick 4 (B sleeps \
         2 ticks, then computes 2), but the run took {last} ticks.\n\n{run}"
    );
}
