//! One entry point for a model-checked test, whatever the build.

/// The line prefix with which a model reports how much it explored.
pub const EXPLORED_MARKER: &str = "threadlings-explored:";

/// Runs `body` under the model checker of this build.
///
/// - `--cfg loom`: every interleaving, up to the preemption bound from the manifest.
/// - `--cfg shuttle`: many random schedules, from a replayable seed.
/// - otherwise: once, on real threads (so the test still means something under `cargo test`).
///
/// It prints how many executions it explored, which the checker shows when the stage passes.
pub fn model<F>(body: F)
where
    F: Fn() + Sync + Send + 'static,
{
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let executions = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&executions);
    let counted = move || {
        counter.fetch_add(1, Ordering::Relaxed);
        // Each execution's trace starts empty: a failure leaves behind only its own steps.
        #[cfg(loom)]
        crate::trace::start_execution();
        body();
    };

    #[cfg(loom)]
    {
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = match crate::settings::loom_preemptions() {
            0 => None,
            n => Some(n),
        };
        builder.check(counted);
        eprintln!(
            "{EXPLORED_MARKER} loom {}",
            executions.load(Ordering::Relaxed)
        );
    }
    #[cfg(all(shuttle, not(loom)))]
    {
        let iterations = crate::settings::shuttle_iterations();
        let scheduler = shuttle::scheduler::RandomScheduler::new_from_seed(
            crate::settings::shuttle_seed(),
            iterations,
        );
        shuttle::Runner::new(scheduler, shuttle::Config::default()).run(counted);
        eprintln!(
            "{EXPLORED_MARKER} shuttle {}",
            executions.load(Ordering::Relaxed)
        );
    }
    #[cfg(not(any(loom, shuttle)))]
    {
        counted();
        eprintln!(
            "{EXPLORED_MARKER} std {}",
            executions.load(Ordering::Relaxed)
        );
    }
}
