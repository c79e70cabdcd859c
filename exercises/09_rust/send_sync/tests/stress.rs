//! Stress test: real threads update one value through their own handles, cloning and dropping
//! handles as they go; no update may be lost and the value is dropped once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use send_sync::Shared;
use shim::watchdog::Watchdog;

static DROPPED: AtomicUsize = AtomicUsize::new(0);

/// A count that says when it is dropped.
struct Count(u64);

impl Drop for Count {
    fn drop(&mut self) {
        DROPPED.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn threads_lose_no_update_and_drop_the_value_once() {
    const THREADS: u64 = 4;
    let watchdog = Watchdog::start("four threads updating one value", Duration::from_secs(5));
    let mut expected = 0;
    let mut values = 0;
    shim::stress::repeat_for_duration(|round| {
        let shared = Shared::new(Count(0));
        values += 1;
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                let mine = shared.clone();
                let watchdog = watchdog.handle();
                thread::spawn(move || {
                    for step in 0..500u64 {
                        mine.update(|count| count.0 += 1);
                        // A handle made and dropped on the way: the handle count must hold.
                        if step % 50 == 0 {
                            drop(mine.clone());
                        }
                    }
                    watchdog.progress();
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("an updating thread panicked");
        }
        expected = THREADS * 500;
        let got = shared.update(|count| count.0);
        assert_eq!(
            got, expected,
            "round {round}: {THREADS} threads made {expected} updates, but the value counted \
             {got}: updates were lost"
        );
    });
    assert_eq!(
        DROPPED.load(Ordering::Relaxed),
        values,
        "{values} values were made and every handle is gone, so each must be dropped exactly \
         once"
    );
}
