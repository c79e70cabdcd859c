//! Stress test: pipelines that succeed and fail at random points, again and again.

use std::time::Duration;

use csp_pipeline::run;
use shim::watchdog::Watchdog;

#[test]
fn pipelines_end_every_time_with_the_right_outcome() {
    let watchdog = Watchdog::start("pipelines, round after round", Duration::from_secs(5));
    shim::stress::repeat_for_duration(|round| {
        let fail_at = (round * 7919 % 300) as u32; // a different failure point each round
        let fails = round % 2 == 0;
        let outcome = run(0..200u32, 1 + (round % 4) as usize, move |x| {
            if fails && x == fail_at {
                Err(format!("{x}"))
            } else {
                Ok(x + 1)
            }
        });
        match outcome {
            Ok(outputs) => {
                assert!(
                    !fails || fail_at >= 200,
                    "round {round}: item {fail_at} must fail"
                );
                assert_eq!(outputs, (1..=200).collect::<Vec<_>>(), "round {round}");
            }
            Err(error) => {
                assert!(fails && fail_at < 200, "round {round}: nothing should fail");
                assert_eq!(error.item, fail_at as usize, "round {round}");
            }
        }
        watchdog.progress();
    });
}
