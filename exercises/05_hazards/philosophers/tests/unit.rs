//! Unit tests: every philosopher eats every meal, with two forks in hand. Real threads run
//! here, so each table is watched: a deadlock ends the test with "no progress", not a hang.

use std::time::Duration;

use philosophers::{Coffman, condition_broken, dine};
use shim::tracked;
use shim::watchdog::Watchdog;

/// `dine`, stopped by a watchdog if the table stands still for 5 s.
fn dine_watched(philosophers: usize, meals: usize) -> Vec<usize> {
    let watchdog = Watchdog::start(
        "philosophers at dinner (each one picks up forks, eats, puts them down)",
        Duration::from_secs(5),
    );
    let eaten = dine(philosophers, meals);
    watchdog.progress();
    eaten
}

#[test]
fn every_philosopher_eats_every_meal() {
    assert_eq!(
        dine_watched(5, 20),
        vec![20; 5],
        "dine(5, 20) must return how many meals each of the 5 seats ate: 20 each"
    );
    assert_eq!(
        dine_watched(2, 3),
        vec![3, 3],
        "two philosophers share two forks"
    );
}

#[test]
fn empty_tables_and_no_meals() {
    assert_eq!(
        dine_watched(0, 5),
        Vec::<usize>::new(),
        "nobody at the table"
    );
    assert_eq!(dine_watched(3, 0), vec![0, 0, 0], "nobody is hungry");
    assert_eq!(
        dine_watched(1, 4),
        vec![4],
        "a lone philosopher has the one fork to himself and eats every meal"
    );
}

#[test]
fn every_meal_is_eaten_with_two_forks_in_hand() {
    tracked::reset_evidence();
    let eaten = dine_watched(4, 3);
    assert_eq!(eaten, vec![3; 4]);
    let evidence = tracked::evidence();
    assert!(
        evidence.acquisitions_while_holding >= 12,
        "4 philosophers ate 3 meals each, so a fork was picked up while another was in hand at \
         least 12 times; the tracked forks saw it {} times. Each meal needs both forks (keep the \
         forks `shim::tracked::Mutex`es)",
        evidence.acquisitions_while_holding
    );
}

#[test]
fn the_fix_keeps_forks_exclusive() {
    assert_ne!(
        condition_broken(),
        Coffman::MutualExclusion,
        "two philosophers must never eat with the same fork at once, so mutual exclusion has \
         to stay: name the condition your fix breaks (README.md)"
    );
}
