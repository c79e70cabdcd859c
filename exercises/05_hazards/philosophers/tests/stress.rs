//! Stress test: real threads dine again and again for a fixed time, under a watchdog that
//! turns a deadlock into a clear "no progress" verdict instead of a hang.

use std::time::Duration;

use philosophers::dine;
use shim::watchdog::Watchdog;

#[test]
fn five_philosophers_dine_again_and_again_without_stalling() {
    let watchdog = Watchdog::start(
        "five philosophers at dinner, 200 meals each (one dinner after another)",
        Duration::from_secs(3),
    );
    let dinners = shim::stress::repeat_for_duration(|_| {
        assert_eq!(dine(5, 200), vec![200; 5], "every seat eats all its meals");
        watchdog.progress();
    });
    assert!(dinners > 0);
}
