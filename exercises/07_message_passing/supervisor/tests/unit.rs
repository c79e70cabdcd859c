//! Unit tests: the restart policy, with time from a clock the test moves (no sleeps).

mod support;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use shim::watchdog::Watchdog;
use supervisor::{Event, Intensity, supervise};
use support::{ManualClock, crashing, quiet_planned_crashes};

const SECOND: Duration = Duration::from_secs(1);

/// A child that would crash this often would be restarted for ever: the tests cap it here,
/// so a supervisor that never gives up fails an assertion instead of hanging.
const FOREVER: usize = 50;

fn started(child: &str, run: usize) -> Event {
    Event::Started {
        child: child.into(),
        run,
    }
}

fn crashed(child: &str, run: usize) -> Event {
    Event::Crashed {
        child: child.into(),
        reason: format!("crash {run}"),
    }
}

/// The events about one child, in order.
fn of(events: &[Event], name: &str) -> Vec<Event> {
    events
        .iter()
        .filter(|event| match event {
            Event::Started { child, .. }
            | Event::Crashed { child, .. }
            | Event::Finished { child }
            | Event::GaveUp { child } => child == name,
        })
        .cloned()
        .collect()
}

#[test]
fn a_child_that_finishes_is_not_restarted() {
    quiet_planned_crashes();
    let clock = Arc::new(ManualClock::default());
    let (child, runs) = crashing("calm", 0, SECOND, &clock);
    let intensity = Intensity {
        max_restarts: 3,
        period: 5 * SECOND,
    };
    let events = supervise(vec![child], intensity, clock);
    assert_eq!(
        events,
        vec![
            started("calm", 0),
            Event::Finished {
                child: "calm".into()
            }
        ]
    );
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[test]
fn a_crashed_child_is_restarted_until_it_finishes() {
    quiet_planned_crashes();
    let clock = Arc::new(ManualClock::default());
    // Crashes 10 s apart: far enough apart that a limit of 3 in 5 s never trips.
    let (child, _) = crashing("flaky", 2, 10 * SECOND, &clock);
    let intensity = Intensity {
        max_restarts: 3,
        period: 5 * SECOND,
    };
    let events = supervise(vec![child], intensity, clock);
    assert_eq!(
        events,
        vec![
            started("flaky", 0),
            crashed("flaky", 0),
            started("flaky", 1),
            crashed("flaky", 1),
            started("flaky", 2),
            Event::Finished {
                child: "flaky".into()
            },
        ]
    );
}

#[test]
fn crashing_too_often_within_the_period_gives_up() {
    quiet_planned_crashes();
    let watchdog = Watchdog::start("a supervisor of a crashing child", Duration::from_secs(5));
    let clock = Arc::new(ManualClock::default());
    // A crash every second; at most 3 restarts in 10 s: the 4th crash is one too many.
    let (child, runs) = crashing("doomed", FOREVER, SECOND, &clock);
    let intensity = Intensity {
        max_restarts: 3,
        period: 10 * SECOND,
    };
    let events = supervise(vec![child], intensity, clock);
    let runs = runs.load(Ordering::SeqCst);
    assert_eq!(
        runs, 4,
        "with at most 3 restarts in 10 s, a child crashing every second runs 4 times (the \
         first start and 3 restarts), but it ran {runs} times"
    );
    assert_eq!(
        events.last(),
        Some(&Event::GaveUp {
            child: "doomed".into()
        }),
        "{events:?}"
    );
    drop(watchdog);
}

#[test]
fn restarts_older_than_the_period_are_forgiven() {
    quiet_planned_crashes();
    let clock = Arc::new(ManualClock::default());
    // A crash every 10 s, 5 times: at most 1 restart in 5 s is never exceeded.
    let (child, runs) = crashing("rare", 5, 10 * SECOND, &clock);
    let intensity = Intensity {
        max_restarts: 1,
        period: 5 * SECOND,
    };
    let events = supervise(vec![child], intensity, clock);
    assert_eq!(
        runs.load(Ordering::SeqCst),
        6,
        "crashes 10 s apart never make 2 restarts within 5 s: every crash is restarted"
    );
    assert_eq!(
        events.last(),
        Some(&Event::Finished {
            child: "rare".into()
        }),
        "{events:?}"
    );
}

#[test]
fn only_the_crashed_child_is_restarted() {
    quiet_planned_crashes();
    let clock = Arc::new(ManualClock::default());
    let (steady, steady_runs) = crashing("steady", 0, Duration::ZERO, &clock);
    let (flaky, _) = crashing("flaky", 2, 10 * SECOND, &clock);
    let intensity = Intensity {
        max_restarts: 3,
        period: 5 * SECOND,
    };
    let events = supervise(vec![steady, flaky], intensity, clock);
    assert_eq!(
        steady_runs.load(Ordering::SeqCst),
        1,
        "one-for-one: a child that did not crash is never restarted ({events:?})"
    );
    assert_eq!(
        of(&events, "steady"),
        vec![
            started("steady", 0),
            Event::Finished {
                child: "steady".into()
            }
        ]
    );
    assert_eq!(of(&events, "flaky").len(), 6, "{events:?}");
}
