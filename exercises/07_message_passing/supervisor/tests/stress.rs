//! Stress test: many children crashing at once on real threads, under a watchdog.

mod support;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use shim::watchdog::Watchdog;
use supervisor::{Event, Intensity, supervise};
use support::{ManualClock, crashing, quiet_planned_crashes};

#[test]
fn twenty_children_crashing_together_are_each_restarted_and_finish() {
    quiet_planned_crashes();
    let watchdog = Watchdog::start("a supervisor of twenty children", Duration::from_secs(5));
    shim::stress::repeat_for_duration(|round| {
        let clock = Arc::new(ManualClock::default());
        let children: Vec<_> = (0..20)
            .map(|id| {
                crashing(
                    &format!("child {id}"),
                    (id + round as usize) % 4,
                    Duration::from_secs(60),
                    &clock,
                )
            })
            .collect();
        let counts: Vec<_> = children.iter().map(|(_, runs)| runs.clone()).collect();
        // Restarts are spread out in time (each run moves the clock a minute): never too many.
        let intensity = Intensity {
            max_restarts: 100,
            period: Duration::from_secs(1),
        };
        let events = supervise(
            children.into_iter().map(|(child, _)| child).collect(),
            intensity,
            clock,
        );
        for (id, runs) in counts.iter().enumerate() {
            let crashes = (id + round as usize) % 4;
            assert_eq!(
                runs.load(Ordering::SeqCst),
                crashes + 1,
                "round {round}: child {id}"
            );
        }
        let finished = events
            .iter()
            .filter(|e| matches!(e, Event::Finished { .. }))
            .count();
        assert_eq!(
            finished, 20,
            "round {round}: every child must finish exactly once"
        );
        watchdog.progress();
    });
}
