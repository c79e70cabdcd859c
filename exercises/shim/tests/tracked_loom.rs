//! The tracked locks under loom: the records follow the model's threads, and over all
//! interleavings they see every wait and give-up. Run with
//! `RUSTFLAGS="--cfg loom" cargo test -p threadlings-shim --test tracked_loom`.
#![cfg(loom)]

use std::sync::Mutex as StdMutex;

use shim::sync::Arc;
use shim::thread;
use shim::tracked::{self, Mutex};

/// Each test resets and reads the global evidence: they take turns.
static TURN: StdMutex<()> = StdMutex::new(());

#[test]
fn ordered_locks_show_a_wait_while_holding_in_some_interleaving() {
    let _turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    tracked::reset_evidence();
    shim::model(|| {
        let locks = Arc::new([Mutex::new(0), Mutex::new(0), Mutex::new(0)]);
        let other = {
            let locks = locks.clone();
            thread::spawn(move || {
                let _one = locks[1].lock().unwrap();
                let _two = locks[2].lock().unwrap();
            })
        };
        let _zero = locks[0].lock().unwrap();
        let _one = locks[1].lock().unwrap();
        drop((_zero, _one));
        other.join().unwrap();
    });
    let evidence = tracked::evidence();
    assert!(evidence.waits_while_holding > 0, "{evidence:?}");
    assert_eq!(evidence.gave_up, 0);
}

#[test]
fn backing_off_shows_a_give_up_and_no_wait_while_holding() {
    let _turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    tracked::reset_evidence();
    shim::model(|| {
        let locks = Arc::new([Mutex::new(0), Mutex::new(0)]);
        let other = {
            let locks = locks.clone();
            thread::spawn(move || {
                let _one = locks[1].lock().unwrap();
            })
        };
        loop {
            let zero = locks[0].lock().unwrap();
            match locks[1].try_lock() {
                Ok(_one) => break,
                Err(_) => {
                    drop(zero);
                    thread::yield_now();
                }
            }
        }
        other.join().unwrap();
    });
    let evidence = tracked::evidence();
    assert!(evidence.gave_up > 0, "{evidence:?}");
    assert!(!evidence.waited_while_holding(), "{evidence:?}");
}
