//! `shim::sync::mpsc` on std threads: it is std's own channel, so an exercise's public API
//! that names `mpsc::Sender` is the same type whether a test imports it from std or the shim.
#![cfg(not(any(loom, shuttle)))]

use shim::sync::mpsc;
use shim::thread;

#[test]
fn the_shims_channel_is_std_s_and_disconnects_both_ways() {
    let (sender, receiver): (std::sync::mpsc::Sender<u8>, std::sync::mpsc::Receiver<u8>) =
        mpsc::channel();
    let sending = thread::Builder::new()
        .name("sender".into())
        .spawn(move || sender.send(7))
        .expect("a thread starts");
    assert_eq!(sending.join().expect("the sender ran"), Ok(()));
    assert_eq!(receiver.recv(), Ok(7));
    assert_eq!(
        receiver.recv(),
        Err(mpsc::RecvError),
        "every sender is gone"
    );

    let (sender, receiver) = mpsc::sync_channel::<u8>(0);
    drop(receiver);
    assert_eq!(
        sender.send(1),
        Err(mpsc::SendError(1)),
        "the receiver is gone"
    );
}

#[test]
fn scoped_threads_borrow_and_are_joined() {
    let items = [1, 2, 3];
    let total = thread::scope(|scope| {
        let halves =
            [&items[..1], &items[1..]].map(|half| scope.spawn(move || half.iter().sum::<i32>()));
        halves
            .into_iter()
            .map(|half| half.join().expect("a half ran"))
            .sum::<i32>()
    });
    assert_eq!(total, 6);
}
