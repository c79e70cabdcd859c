//! `shim::sync::mpsc` under shuttle: shuttle's channels, whose waits shuttle schedules. Run
//! with `RUSTFLAGS="--cfg shuttle" cargo test -p threadlings-shim --test shuttle_mpsc`.
#![cfg(shuttle)]

use shim::sync::mpsc;
use shim::thread;

#[test]
fn a_receiver_blocked_in_recv_is_woken_by_the_last_sender_leaving() {
    shim::model(|| {
        let (sender, receiver) = mpsc::channel::<u8>();
        let other = sender.clone();
        let leaving = thread::spawn(move || drop(other));
        drop(sender);
        // In some schedules this waits before the other sender is gone: it must still end.
        assert_eq!(receiver.recv(), Err(mpsc::RecvError));
        leaving.join().expect("the sender left");
    });
}

#[test]
fn a_rendezvous_send_waits_for_the_receiver_or_its_departure() {
    shim::model(|| {
        let (sender, receiver) = mpsc::sync_channel::<u8>(0);
        let sending = thread::Builder::new()
            .name("sender".into())
            .spawn(move || (sender.send(1), sender.send(2)))
            .expect("a thread starts");
        assert_eq!(receiver.recv(), Ok(1));
        drop(receiver);
        let (first, second) = sending.join().expect("the sender ran");
        assert_eq!(first, Ok(()));
        assert_eq!(
            second,
            Err(mpsc::SendError(2)),
            "nobody can take the second value"
        );
    });
}

#[test]
fn scoped_threads_run_under_the_model() {
    shim::model(|| {
        let (sender, receiver) = mpsc::channel::<u8>();
        thread::scope(|scope| {
            for value in 1..=3 {
                let sender = sender.clone();
                scope.spawn(move || sender.send(value).expect("the receiver is alive"));
            }
        });
        drop(sender);
        let mut values: Vec<u8> = receiver.iter().collect();
        values.sort_unstable();
        assert_eq!(values, [1, 2, 3]);
    });
}
