//! Shuttle: random schedules of children crashing at once, and of the supervisor's choices.
//!
//! Which crash the supervisor hears first depends on the schedule; what it decides must not.
//! A failing schedule is printed with the way to replay it exactly.
#![cfg(shuttle)]

mod support;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use supervisor::{Child, Event, Intensity, supervise};
use support::{ManualClock, crashing, quiet_planned_crashes};

/// Crashes on every run (the tests' children stop crashing after this many runs, so a
/// supervisor that never gives up fails an assertion instead of running for ever).
const ALWAYS: usize = 20;

/// At most 3 restarts in 10 s; the tests' clock never moves, so every restart is recent.
const THREE_IN_TEN_SECONDS: Intensity = Intensity {
    max_restarts: 3,
    period: Duration::from_secs(10),
};

fn count(events: &[Event], which: fn(&Event) -> bool) -> usize {
    events.iter().filter(|event| which(event)).count()
}

/// How many of `name`'s runs ended (crashed or finished), as the events tell.
fn ends_of(events: &[Event], name: &str) -> usize {
    events
        .iter()
        .filter(|event| {
            matches!(event, Event::Crashed { child, .. } | Event::Finished { child } if child == name)
        })
        .count()
}

#[test]
fn restarts_of_all_children_count_together_whatever_the_order() {
    shim::model(|| {
        quiet_planned_crashes();
        let clock = Arc::new(ManualClock::default());
        let (left, left_runs) = crashing("left", ALWAYS, Duration::ZERO, &clock);
        let (right, right_runs) = crashing("right", ALWAYS, Duration::ZERO, &clock);
        let events = supervise(vec![left, right], THREE_IN_TEN_SECONDS, clock);
        let runs = left_runs.load(Ordering::SeqCst) + right_runs.load(Ordering::SeqCst);
        assert_eq!(
            runs, 5,
            "two children that always crash, at most 3 restarts in all (restarts of all \
             children count together): 2 starts and 3 restarts, but they ran {runs} times \
             ({events:?})"
        );
        assert_eq!(
            count(&events, |event| matches!(event, Event::GaveUp { .. })),
            1,
            "the supervisor gives up once: {events:?}"
        );
        assert_eq!(
            count(&events, |event| matches!(event, Event::Crashed { .. })),
            5,
            "every run crashed and each crash is recorded, the last ones too: {events:?}"
        );
    });
}

#[test]
fn a_child_still_running_when_the_supervisor_gives_up_is_waited_for() {
    shim::model(|| {
        quiet_planned_crashes();
        let clock = Arc::new(ManualClock::default());
        let (doomed, doomed_runs) = crashing("doomed", ALWAYS, Duration::ZERO, &clock);
        // Finishes only once `doomed` has run its 4 times (1 start and 3 restarts): in some
        // schedules before the supervisor gives up, in others after.
        let steady = Child {
            name: "steady".into(),
            run: Arc::new(move || {
                while doomed_runs.load(Ordering::SeqCst) < 4 {
                    shim::thread::yield_now();
                }
            }),
        };
        let events = supervise(vec![doomed, steady], THREE_IN_TEN_SECONDS, clock);
        assert_eq!(
            ends_of(&events, "steady"),
            1,
            "the supervisor must keep receiving after it gives up, until every running child \
             has ended: `steady` must be seen to finish ({events:?})"
        );
        assert!(
            events.contains(&Event::Finished {
                child: "steady".into()
            }),
            "{events:?}"
        );
        assert_eq!(ends_of(&events, "doomed"), 4, "{events:?}");
    });
}

#[test]
fn only_crashed_children_are_restarted_and_each_as_often_as_it_crashed() {
    shim::model(|| {
        quiet_planned_crashes();
        let clock = Arc::new(ManualClock::default());
        // A generous limit: it never trips here.
        let intensity = Intensity {
            max_restarts: 100,
            period: Duration::from_secs(1),
        };
        let children: Vec<_> = (0..3)
            .map(|id| crashing(&format!("child {id}"), id, Duration::ZERO, &clock))
            .collect();
        let runs: Vec<_> = children.iter().map(|(_, runs)| runs.clone()).collect();
        let events = supervise(
            children.into_iter().map(|(child, _)| child).collect(),
            intensity,
            clock,
        );
        for (id, runs) in runs.iter().enumerate() {
            assert_eq!(
                runs.load(Ordering::SeqCst),
                id + 1,
                "child {id} crashed {id} times: it runs {} times ({events:?})",
                id + 1
            );
            assert_eq!(
                ends_of(&events, &format!("child {id}")),
                id + 1,
                "{events:?}"
            );
        }
        assert_eq!(
            count(&events, |event| matches!(event, Event::Finished { .. })),
            3,
            "every child finishes exactly once: {events:?}"
        );
    });
}
