//! Unit tests: the counter's rules, on one thread.

use lost_update::Counter;
use static_assertions::assert_impl_all;

// The counter is shared by reference between threads, so it must be `Sync` (and `Send`).
assert_impl_all!(Counter: Send, Sync);

#[test]
fn tickets_start_at_the_first_number_and_count_up() {
    let counter = Counter::new(7);
    let tickets: Vec<u64> = (0..4).map(|_| counter.take()).collect();
    assert_eq!(
        tickets,
        vec![7, 8, 9, 10],
        "Counter::new(7) hands out 7 first, then 8, 9, 10"
    );
    assert_eq!(
        counter.peek(),
        11,
        "peek is the next ticket take would hand out"
    );
}

#[test]
fn take_many_reserves_a_block_of_consecutive_tickets() {
    let counter = Counter::new(0);
    assert_eq!(
        counter.take_many(5),
        0,
        "the block starts at the next ticket"
    );
    assert_eq!(
        counter.take(),
        5,
        "the five tickets 0..5 are taken, so the next is 5"
    );
    assert_eq!(
        counter.take_many(0),
        6,
        "an empty block still says where it would start"
    );
    assert_eq!(counter.peek(), 6, "an empty block takes no ticket");
}

#[test]
fn peek_takes_nothing() {
    let counter = Counter::new(3);
    assert_eq!((counter.peek(), counter.peek()), (3, 3));
    assert_eq!(
        counter.take(),
        3,
        "peek must not hand out the ticket it shows"
    );
}
