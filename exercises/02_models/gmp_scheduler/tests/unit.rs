//! Scenarios on the simulated G/M/P scheduler, each compared line by line with its exact
//! trace. A failure names the first line that differs, says why, and prints the whole run.

use gmp_scheduler::{G, Run, run};

/// Fails at the first line where `run` differs from `expected`, with `why` and the run.
fn assert_run(run: &Run, expected: &[&str], why: &str) {
    for (index, want) in expected.iter().enumerate() {
        let got = run.trace.get(index).map(String::as_str);
        if got != Some(*want) {
            panic!(
                "line {} of the trace is wrong.\n  expected: {want}\n  got:      {}\n{why}\n\n{run}",
                index + 1,
                got.unwrap_or("(the run had ended)"),
            );
        }
    }
    assert!(
        run.finished && run.trace.len() == expected.len(),
        "the run should end after `{}`, with every G done.\n{why}\n\n{run}",
        expected.last().copied().unwrap_or("(nothing)"),
    );
}

#[test]
fn an_idle_p_steals_half_of_a_busy_ps_queue() {
    let gs = vec![G::new().compute(1); 5];
    assert_run(
        &run(2, &gs),
        &[
            "tick 1: P1 steals 2 of P0's 4 Gs",
            "tick 1: P0/M0 runs G0 (done)",
            "tick 1: P1/M1 runs G1 (done)",
            "tick 2: P0/M0 runs G3 (done)",
            "tick 2: P1/M1 runs G2 (done)",
            "tick 3: P0/M0 runs G4 (done)",
        ],
        "every G starts in P0's queue. At tick 1, P1 has nothing in its own queue nor in the \
         global one, so it steals half of P0's 4 waiting Gs (the 2 oldest, G1 and G2): from \
         then on both Ps are busy. Stealing half at once evens the work out in one move.",
    );
}

#[test]
fn a_blocking_syscall_hands_the_p_to_another_m() {
    let gs = vec![
        G::new().compute(1).syscall("read()", 3).compute(1),
        G::new().compute(3),
    ];
    assert_run(
        &run(1, &gs),
        &[
            "tick 1: P0/M0 runs G0",
            "tick 2: G0 enters read() on M0: M0 blocks, and leaves P0",
            "tick 2: M1 is started",
            "tick 2: P0 is handed off to M1",
            "tick 3: P0/M1 runs G1",
            "tick 4: P0/M1 runs G1",
            "tick 5: G0 returns from read(): G0 goes to the global queue, M0 is parked",
            "tick 5: P0/M1 runs G1 (done)",
            "tick 6: P0 takes G0 from the global queue",
            "tick 6: P0/M1 runs G0 (done)",
        ],
        "tick 2: G0 blocks M0 in read(). With one P, keeping P0 on M0 would stall every G, as \
         N:1 does; instead P0 is handed off to another M (a new one: none is parked), and G1 \
         runs on it while M0 waits in the kernel. When read() returns, G0 has no P: it goes to \
         the global queue, where a P with an empty queue finds it.",
    );
}

#[test]
fn a_parked_m_is_reused_before_a_new_one_is_started() {
    let gs = vec![
        G::new()
            .syscall("write()", 1)
            .compute(1)
            .syscall("read()", 1),
        G::new().compute(4),
    ];
    assert_run(
        &run(1, &gs),
        &[
            "tick 1: G0 enters write() on M0: M0 blocks, and leaves P0",
            "tick 1: M1 is started",
            "tick 1: P0 is handed off to M1",
            "tick 2: G0 returns from write(): G0 goes to the global queue, M0 is parked",
            "tick 2: P0/M1 runs G1",
            "tick 3: P0/M1 runs G1",
            "tick 4: P0/M1 runs G1",
            "tick 5: P0/M1 runs G1 (done)",
            "tick 6: P0 takes G0 from the global queue",
            "tick 6: P0/M1 runs G0",
            "tick 7: G0 enters read() on M1: M1 blocks, and leaves P0",
            "tick 7: P0 is handed off to M0",
            "tick 8: G0 returns from read() (done), M1 is parked",
        ],
        "tick 7: G0 blocks M1, and M0 is parked since its write() returned at tick 2: P0 goes \
         to M0. A new M is a new kernel thread; Go keeps the parked ones to reuse them, so a \
         program that makes many system calls does not start a thread for each.",
    );
}

#[test]
fn the_global_queue_comes_before_stealing() {
    let gs = vec![
        G::new().syscall("read()", 1).compute(1),
        G::new().compute(3),
        G::new().compute(1),
        G::new().compute(1),
    ];
    assert_run(
        &run(2, &gs),
        &[
            "tick 1: P1 steals 2 of P0's 3 Gs",
            "tick 1: G0 enters read() on M0: M0 blocks, and leaves P0",
            "tick 1: M2 is started",
            "tick 1: P0 is handed off to M2",
            "tick 1: P1/M1 runs G1",
            "tick 2: G0 returns from read(): G0 goes to the global queue, M0 is parked",
            "tick 2: P0/M2 runs G3 (done)",
            "tick 2: P1/M1 runs G1",
            "tick 3: P0 takes G0 from the global queue",
            "tick 3: P0/M2 runs G0 (done)",
            "tick 3: P1/M1 runs G1 (done)",
            "tick 4: P0 steals P1's only G",
            "tick 4: P0/M2 runs G2 (done)",
        ],
        "a P looks for work in this order: its own queue, the global queue, then the other Ps' \
         queues, starting with the next P. At tick 3 P0's queue is empty and G0 waits in the \
         global queue: P0 takes it rather than steal G2 from P1. At tick 4 nothing is left \
         but G2: half of one G, rounded up, is that G. (P1 has no G to run at tick 4 either: \
         P0 asks first.)",
    );
}
