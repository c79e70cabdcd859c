//! Scenarios on the simulated scheduler. Every run is deterministic: a failure prints the whole
//! trace, tick by tick, and names the first tick that went wrong.

use priority_inversion::{Run, Scenario, Task, TaskId, Tick};

/// Every task `waiter` waits for, through a chain of holders: the holder of the lock it waits
/// for, the holder of the lock *that* task waits for, and so on, each with the lock.
fn blocking_chain(tick: &Tick, waiter: TaskId) -> Vec<(char, TaskId)> {
    let mut chain = Vec::new();
    let mut current = waiter;
    while let Some((_, lock)) = tick.waiting.iter().find(|(task, _)| *task == current) {
        let Some(&holder) = tick.holders.get(lock) else {
            break;
        };
        if chain.iter().any(|(_, task)| *task == holder) {
            break; // a cycle: those tasks are deadlocked
        }
        chain.push((lock.0, holder));
        current = holder;
    }
    chain
}

/// Fails at the first tick in which a task runs while a more urgent task waits for a lock
/// and the running task is not one of those the waiter waits for: a priority inversion.
fn assert_no_inversion(run: &Run, scenario: &str) {
    for tick in &run.ticks {
        let Some((running, _)) = tick.ran else {
            continue;
        };
        for &(waiter, _) in &tick.waiting {
            let chain = blocking_chain(tick, waiter);
            let helping = chain.iter().any(|(_, task)| *task == running);
            if helping || run.base_priority(running) >= run.base_priority(waiter) {
                continue;
            }
            let holds: Vec<String> = chain
                .iter()
                .scan(waiter, |waits, &(lock, holder)| {
                    let line = format!(
                        "{} holds lock {lock} that {} waits for",
                        run.name(holder),
                        run.name(*waits)
                    );
                    *waits = holder;
                    Some(line)
                })
                .collect();
            panic!(
                "{scenario}: priority inversion at tick {}: {} runs while {}. {} (priority {}) \
                 is stuck behind a less urgent task that is not helping it. With priority \
                 inheritance the lock holder would run at {}'s priority and {} could not \
                 preempt it.\n\n{run}",
                tick.tick,
                run.name(running),
                holds.join(", and "),
                run.name(waiter),
                run.base_priority(waiter),
                run.name(waiter),
                run.name(running),
            );
        }
    }
}

/// Runs `tasks` for up to 100 ticks and checks that no tick of the run is an inversion.
fn run_without_inversion(scenario: &str, tasks: Vec<Task>) -> Run {
    let run = Scenario::new(tasks).run(100);
    assert_no_inversion(&run, scenario);
    run
}

/// Fails unless the task called `name` finished by tick `bound`.
fn assert_finishes_by(run: &Run, name: &str, bound: u64, scenario: &str, why: &str) {
    match run.finished(name) {
        Some(tick) if tick <= bound => {}
        Some(tick) => panic!(
            "{scenario}: {name} finished at tick {tick}, later than tick {bound}. {why}\n\n{run}"
        ),
        None => panic!(
            "{scenario}: {name} never finished (the run stopped at tick {}). {why}\n\n{run}",
            run.ticks.len()
        ),
    }
}

#[test]
fn the_classic_inversion_ends_with_inheritance() {
    // L takes A; H arrives and waits for A; M arrives and would run instead of L for 6 ticks.
    let scenario = "L holds A, H waits for A, M computes";
    let run = run_without_inversion(
        scenario,
        vec![
            Task::new("L", 1).lock('A').compute(3).unlock('A'),
            Task::new("H", 3)
                .arrives_at(1)
                .lock('A')
                .compute(2)
                .unlock('A'),
            Task::new("M", 2).arrives_at(2).compute(6),
        ],
    );
    assert_finishes_by(
        &run,
        "H",
        8,
        scenario,
        "L needs 4 more ticks with A, then H needs 4: H must not wait for M as well.",
    );
}

#[test]
fn inheritance_passes_along_a_chain_of_locks() {
    // H waits for B, held by M1; M1 waits for A, held by L; M2 is more urgent than M1 and L.
    // L must run at H's priority, through M1.
    let scenario = "L holds A, M1 holds B and waits for A, H waits for B, M2 computes";
    let run = run_without_inversion(
        scenario,
        vec![
            Task::new("L", 1).lock('A').compute(4).unlock('A'),
            Task::new("M1", 2)
                .arrives_at(1)
                .lock('B')
                .lock('A')
                .compute(1)
                .unlock('A')
                .unlock('B'),
            Task::new("H", 4)
                .arrives_at(2)
                .lock('B')
                .compute(1)
                .unlock('B'),
            Task::new("M2", 3).arrives_at(3).compute(8),
        ],
    );
    assert_finishes_by(
        &run,
        "H",
        13,
        scenario,
        "H waits for M1, which waits for L: L must inherit M1's *effective* priority (H's), \
         not only M1's own.",
    );
}

#[test]
fn a_lock_nobody_waits_for_lends_no_priority() {
    // L holds A, but nobody wants A: when H arrives, H must run at once.
    let scenario = "L holds A that nobody waits for, H computes";
    let run = run_without_inversion(
        scenario,
        vec![
            Task::new("L", 1).lock('A').compute(5).unlock('A'),
            Task::new("H", 3).arrives_at(1).compute(3),
        ],
    );
    assert_finishes_by(
        &run,
        "H",
        3,
        scenario,
        "holding a lock is no reason to run early: a task inherits a priority only from a \
         task that waits for a lock it holds.",
    );
}

#[test]
fn inheritance_ends_when_the_lock_is_released() {
    // After L unlocks A (and H has taken it), L is a low-priority task again: M goes first.
    let scenario = "L holds A and then computes on, H waits for A, M computes";
    let run = run_without_inversion(
        scenario,
        vec![
            Task::new("L", 1)
                .lock('A')
                .compute(2)
                .unlock('A')
                .compute(3),
            Task::new("H", 3)
                .arrives_at(1)
                .lock('A')
                .compute(1)
                .unlock('A'),
            Task::new("M", 2).arrives_at(1).compute(2),
        ],
    );
    assert_finishes_by(
        &run,
        "H",
        6,
        scenario,
        "L must run at H's priority until it unlocks A.",
    );
    assert_finishes_by(
        &run,
        "M",
        8,
        scenario,
        "once L has let go of A, nobody waits for it: it must fall back to its own priority, \
         below M's.",
    );
}

#[test]
fn the_scheduler_goes_on_around_a_deadlock() {
    // X and Y take A and B in opposite orders and deadlock; the policy must still give an
    // answer (a chain of waits can be a cycle), and Z must still run.
    let scenario = "X and Y deadlock on A and B, Z computes";
    let run = Scenario::new(vec![
        Task::new("X", 2)
            .lock('A')
            .compute(1)
            .lock('B')
            .unlock('B')
            .unlock('A'),
        Task::new("Y", 3)
            .arrives_at(1)
            .lock('B')
            .lock('A')
            .unlock('A')
            .unlock('B'),
        Task::new("Z", 1).arrives_at(2).compute(2),
    ])
    .run(30);
    assert!(
        run.finished("X").is_none() && run.finished("Y").is_none(),
        "{scenario}: X and Y should have deadlocked\n\n{run}"
    );
    assert_finishes_by(
        &run,
        "Z",
        10,
        scenario,
        "nobody waits for a lock Z holds, so a deadlock between X and Y is no reason to stop Z.",
    );
}

#[test]
fn without_locks_the_most_urgent_ready_task_runs() {
    let run = Scenario::new(vec![
        Task::new("low", 1).compute(3),
        Task::new("high", 5).arrives_at(1).compute(2),
        Task::new("mid", 3).arrives_at(1).compute(2),
    ])
    .run(100);
    let order: Vec<&str> = run
        .ticks
        .iter()
        .filter_map(|tick| tick.ran.map(|(task, _)| run.name(task)))
        .collect();
    assert_eq!(
        order,
        ["low", "high", "high", "mid", "mid", "low", "low"],
        "with no lock held, each task runs at its own priority\n\n{run}"
    );
}
