//! Test support: a clock the test moves by hand, and children that crash on cue.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use supervisor::{Child, Clock};

/// A clock that only moves when told to.
#[derive(Default)]
pub struct ManualClock {
    nanos: AtomicU64,
}

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        self.nanos.fetch_add(by.as_nanos() as u64, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        Duration::from_nanos(self.nanos.load(Ordering::SeqCst))
    }
}

/// A child that, on each run, moves `clock` on by `each_run` and crashes, for its first
/// `crashes` runs; then it finishes. Returns it and the count of its runs.
pub fn crashing(
    name: &str,
    crashes: usize,
    each_run: Duration,
    clock: &Arc<ManualClock>,
) -> (Child, Arc<AtomicUsize>) {
    let runs = Arc::new(AtomicUsize::new(0));
    let (counted, clock) = (runs.clone(), clock.clone());
    let child = Child {
        name: name.to_string(),
        run: Arc::new(move || {
            clock.advance(each_run);
            let run = counted.fetch_add(1, Ordering::SeqCst);
            if run < crashes {
                panic!("crash {run}");
            }
        }),
    };
    (child, runs)
}

/// Keeps the children's planned crashes off the test output (they are expected, and many);
/// every other panic, the test's own assertions included, is reported as usual. Installed
/// once per process, over the hook in place then (under shuttle, call it inside the model,
/// so that shuttle's hook, which prints the failing schedule, is the one it wraps).
pub fn quiet_planned_crashes() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let planned = info
                .payload()
                .downcast_ref::<String>()
                .is_some_and(|message| message.starts_with("crash "));
            if !planned {
                report(info);
            }
        }));
    });
}
