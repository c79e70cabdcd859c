//! Litmus outcomes, jcstress style: what a test saw, beside what the memory model allows.
//!
//! An ordering test has a handful of possible results (what a reader returned, the pair of
//! values two loads read). The test declares them once, each allowed or forbidden with a line
//! saying why, and reports what it saw with [`observe`]:
//!
//! ```ignore
//! const SINGLE_LOOK: Litmus = Litmus {
//!     observed: "what try_read() returned while publish(7) ran",
//!     outcomes: &[
//!         Outcome::allowed("None", "it looked before the flag was raised"),
//!         Outcome::allowed("Some(7)", "it saw the flag, so it sees the message"),
//!         Outcome::forbidden("Some(0)", "the flag without the message: Release/Acquire"),
//!     ],
//! };
//! shim::outcomes::observe(&SINGLE_LOOK, &mailbox.try_read());
//! ```
//!
//! Under loom, when the checker re-runs a failing test for its story (`THREADLINGS_TRACE`,
//! `crate::trace`), each execution's outcomes are counted by their `Debug` text, and the first
//! panic writes the counts beside the declared outcomes into the trace file: the checker draws
//! them as a table in which a forbidden outcome that was seen is the failure. In a normal loom
//! run (every passing check) `observe` is one check of a `OnceLock` and formats nothing; in
//! every other build it is empty.

use std::fmt::Debug;

/// What the memory model says of one outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The correct code may produce it.
    Allowed,
    /// Allowed, but surprising: the outcome the test is there to show (jcstress's
    /// "acceptable, interesting").
    Interesting,
    /// The correct code never produces it: seeing it is the failure.
    Forbidden,
}

impl Expect {
    /// The word the trace file uses (the checker's `runner/outcomes.rs` reads it).
    pub fn word(self) -> &'static str {
        match self {
            Expect::Allowed => "allowed",
            Expect::Interesting => "interesting",
            Expect::Forbidden => "forbidden",
        }
    }
}

/// One result a litmus test can have: its `Debug` text, what the model says, and why.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub label: &'static str,
    pub expect: Expect,
    pub why: &'static str,
}

impl Outcome {
    pub const fn allowed(label: &'static str, why: &'static str) -> Outcome {
        Outcome {
            label,
            expect: Expect::Allowed,
            why,
        }
    }

    pub const fn interesting(label: &'static str, why: &'static str) -> Outcome {
        Outcome {
            label,
            expect: Expect::Interesting,
            why,
        }
    }

    pub const fn forbidden(label: &'static str, why: &'static str) -> Outcome {
        Outcome {
            label,
            expect: Expect::Forbidden,
            why,
        }
    }
}

/// A litmus test's declared outcomes, and what is observed, in a few words.
#[derive(Debug)]
pub struct Litmus {
    pub observed: &'static str,
    pub outcomes: &'static [Outcome],
}

/// Reports one outcome `seen` of `litmus` in the current execution (see the module's note).
#[track_caller]
pub fn observe<T: Debug + ?Sized>(litmus: &'static Litmus, seen: &T) {
    #[cfg(loom)]
    if crate::trace::enabled() {
        record::observe(litmus, format!("{seen:?}"));
    }
    #[cfg(not(loom))]
    let _ = (litmus, seen);
}

/// The counts, kept only while a failing test runs again for its story.
#[cfg(loom)]
pub(crate) mod record {
    use std::collections::HashMap;
    use std::fmt::Write as _;
    use std::sync::Mutex;

    use super::Litmus;

    /// What one litmus test saw: per outcome's label, how often and whether in this execution.
    struct Table {
        litmus: &'static Litmus,
        seen: HashMap<String, (usize, bool)>,
        /// The labels in the order first seen, so undeclared ones are listed in a stable order.
        order: Vec<String>,
    }

    #[derive(Default)]
    struct Counts {
        /// Per litmus test (told apart by what it observes), in the order first seen.
        tables: Vec<Table>,
        executions: usize,
    }

    static COUNTS: Mutex<Option<Counts>> = Mutex::new(None);

    fn with<R>(f: impl FnOnce(&mut Counts) -> R) -> R {
        let mut counts = COUNTS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(counts.get_or_insert_with(Counts::default))
    }

    pub(super) fn observe(litmus: &'static Litmus, label: String) {
        with(|counts| {
            let at = match (counts.tables.iter())
                .position(|table| table.litmus.observed == litmus.observed)
            {
                Some(at) => at,
                None => {
                    counts.tables.push(Table {
                        litmus,
                        seen: HashMap::new(),
                        order: Vec::new(),
                    });
                    counts.tables.len() - 1
                }
            };
            let table = &mut counts.tables[at];
            if !table.seen.contains_key(&label) {
                table.order.push(label.clone());
            }
            let entry = table.seen.entry(label).or_insert((0, false));
            entry.0 += 1;
            entry.1 = true;
        });
    }

    /// A new execution begins (`crate::trace::start_execution`): nothing is seen in it yet.
    pub(crate) fn start_execution() {
        with(|counts| {
            counts.executions += 1;
            for table in &mut counts.tables {
                for entry in table.seen.values_mut() {
                    entry.1 = false;
                }
            }
        });
    }

    /// The trace file's lines for every litmus test observed so far: `outcomes <executions>
    /// <observed>`, then one `outcome <label> <expect> <times seen> <seen in the failing
    /// execution: 1 or 0> <why>` per declared outcome, then those seen but not declared (their
    /// expect `undeclared`). `try_lock`: a panic while an outcome was being counted must not
    /// wait for itself.
    pub(crate) fn describe() -> String {
        let Ok(mut counts) = COUNTS.try_lock() else {
            return String::new();
        };
        let Some(counts) = counts.as_mut() else {
            return String::new();
        };
        let clean = |text: &str| text.replace(['\t', '\n'], " ");
        let mut text = String::new();
        for Table {
            litmus,
            seen,
            order,
        } in &counts.tables
        {
            let _ = writeln!(
                text,
                "outcomes\t{}\t{}",
                counts.executions,
                clean(litmus.observed)
            );
            let count = |label: &str| seen.get(label).copied().unwrap_or((0, false));
            for outcome in litmus.outcomes {
                let (times, now) = count(outcome.label);
                let _ = writeln!(
                    text,
                    "outcome\t{}\t{}\t{times}\t{}\t{}",
                    clean(outcome.label),
                    outcome.expect.word(),
                    u8::from(now),
                    clean(outcome.why)
                );
            }
            for label in order {
                if litmus.outcomes.iter().all(|outcome| outcome.label != label) {
                    let (times, now) = count(label);
                    let _ = writeln!(
                        text,
                        "outcome\t{}\tundeclared\t{times}\t{}\t",
                        clean(label),
                        u8::from(now)
                    );
                }
            }
        }
        text
    }
}
