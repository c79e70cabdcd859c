//! Stress test: on every back end that can run here, many pipes at once, each fed by a writer
//! thread in random pieces, in a random order, after random pauses; the proactor keeps a read
//! in flight on every pipe and submits the next as each completes, until every pipe's end.
//! Then many workers pushing into one `Queue` at once. Under a watchdog.

mod support;

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use proactor::{Op, Proactor, Queue};
use shim::watchdog::Watchdog;
use support::{backends, next, pipe, put};

/// xorshift, seeded differently in every run; never zero.
fn random() -> impl FnMut(usize) -> usize {
    let mut state = RandomState::new().hash_one(0u8) | 1;
    move |bound| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    }
}

/// One round on `proactor`: `count` pipes, each read to its end through the proactor.
fn round(
    name: &str,
    proactor: &mut dyn Proactor,
    count: usize,
    next_random: &mut impl FnMut(usize) -> usize,
) {
    // What each pipe will carry: under 16 KiB, so a write never waits for a reader.
    let sent: Vec<Vec<u8>> = (0..count)
        .map(|i| {
            let len = next_random(16_000);
            (0..len).map(|j| (i * 31 + j) as u8).collect()
        })
        .collect();
    let mut writers = Vec::new();
    for (i, _) in sent.iter().enumerate() {
        let (reader, writer) = pipe();
        let buf = vec![0; 1 + next_random(4096)];
        proactor
            .submit(Op::read(reader, buf, i as u64))
            .expect("submit");
        writers.push(writer);
    }
    // The writer: random pieces of random pipes, each pipe closed after its last piece.
    let pieces: Vec<(usize, usize)> = {
        let mut order: Vec<(usize, usize)> = Vec::new();
        for (i, data) in sent.iter().enumerate() {
            let mut at = 0;
            while at < data.len() {
                let piece = (1 + next_random(5000)).min(data.len() - at);
                order.push((i, piece));
                at += piece;
            }
        }
        // Shuffled: a piece is a pipe's next so many bytes, so each pipe's bytes still go
        // out in order.
        for k in (1..order.len()).rev() {
            order.swap(k, next_random(k + 1));
        }
        order
    };
    let pause = next_random(300) as u64;
    let feeding = {
        let sent = sent.clone();
        thread::spawn(move || {
            let mut at = vec![0; sent.len()];
            let mut writers: Vec<_> = writers.into_iter().map(Some).collect();
            for (i, piece) in pieces {
                put(
                    writers[i].as_ref().expect("an open pipe"),
                    &sent[i][at[i]..at[i] + piece],
                );
                at[i] += piece;
                thread::sleep(Duration::from_micros(pause));
            }
            // Every pipe's end, the empty ones' too.
            writers.clear();
        })
    };
    let mut received: HashMap<u64, Vec<u8>> = HashMap::new();
    let mut open = count;
    while open > 0 {
        let done = next(name, proactor);
        let n = match done.result {
            Ok(n) => n,
            Err(error) => panic!("{name}: a read of pipe {} failed: {error}", done.user_data),
        };
        if n == 0 {
            open -= 1;
            continue;
        }
        received
            .entry(done.user_data)
            .or_default()
            .extend_from_slice(&done.buf[..n]);
        let op = Op::read(done.fd, done.buf, done.user_data);
        proactor.submit(op).expect("submit the next read");
    }
    feeding.join().expect("the writer panicked");
    for (i, data) in sent.iter().enumerate() {
        let got = received.remove(&(i as u64)).unwrap_or_default();
        assert!(
            got == *data,
            "{name}: pipe {i} carried {} bytes but its reads returned {} bytes{}",
            data.len(),
            got.len(),
            if got.len() == data.len() {
                ", not the same ones"
            } else {
                ""
            }
        );
    }
    assert!(proactor.wait().expect("wait").is_none(), "{name}: all done");
}

#[test]
fn many_pipes_read_to_their_end_through_every_back_end() {
    let watchdog = Watchdog::start(
        "reading many pipes through the proactor",
        Duration::from_secs(15),
    );
    let deadline = shim::stress::deadline();
    let mut next_random = random();
    let mut rounds = 0;
    while rounds < 2 || Instant::now() < deadline {
        let count = 1 + next_random(16);
        for (name, mut proactor) in backends(1 + next_random(4)) {
            round(name, proactor.as_mut(), count, &mut next_random);
            watchdog.progress();
        }
        rounds += 1;
    }
    eprintln!("{rounds} rounds");
}

#[test]
fn many_workers_pushing_at_once_lose_no_completion() {
    let watchdog = Watchdog::start("many pushers, one popper", Duration::from_secs(15));
    // A fixed number of rounds, not the stress duration: loom has already tried every
    // interleaving of a push with a pop, so this only adds real threads and contention.
    let (workers, each) = (4u64, 1_000u64);
    for _ in 0..10 {
        let queue = Arc::new(Queue::new());
        let pushers: Vec<_> = (0..workers)
            .map(|w| {
                let queue = queue.clone();
                thread::spawn(move || (0..each).for_each(|i| queue.push(w * each + i)))
            })
            .collect();
        let total: u64 = (0..workers * each).map(|_| queue.pop()).sum();
        let n = workers * each;
        assert_eq!(
            total,
            n * (n - 1) / 2,
            "every completion pushed is popped once"
        );
        for pusher in pushers {
            pusher.join().expect("a pusher panicked");
        }
        watchdog.progress();
    }
}
