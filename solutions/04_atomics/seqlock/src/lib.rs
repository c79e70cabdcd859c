//! A sequence lock: readers never wait for each other or block the writer; they check a
//! counter before and after reading, and try again if a write overlapped.
//!
//! Reference solution.

use shim::sync::atomic::{AtomicU64, AtomicUsize, Ordering, fence};

/// Two words that are always written together and must always be read together.
pub struct SeqLock {
    /// Even: no write in progress. Odd: a writer is between its two bumps. Every write adds 2.
    seq: AtomicUsize,
    /// The data. Atomics, so a read that races a write is not undefined behaviour: it may
    /// see a mix of old and new words, which the check of `seq` then throws away.
    words: [AtomicU64; 2],
}

impl SeqLock {
    pub fn new(value: [u64; 2]) -> Self {
        SeqLock {
            seq: AtomicUsize::new(0),
            words: value.map(AtomicU64::new),
        }
    }

    /// Replaces both words. Writers take turns; readers never hold a writer up.
    pub fn write(&self, value: [u64; 2]) {
        // Take the write side: move `seq` from even to odd, so no other writer can.
        let mut seq = self.seq.load(Ordering::Relaxed);
        loop {
            if seq % 2 == 1 {
                // Another writer is inside: wait for it to leave.
                shim::hint::spin_loop();
                seq = self.seq.load(Ordering::Relaxed);
                continue;
            }
            // Acquire on success: we must start from the previous writer's words, so our
            // stores come after its stores. Relaxed on failure: we only retry.
            match self.seq.compare_exchange_weak(
                seq,
                seq + 1,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(current) => seq = current,
            }
        }
        // Release fence: a reader that sees any word we store below, and then fences with
        // Acquire, must also see the odd `seq` above, so its second look at `seq` fails.
        fence(Ordering::Release);
        for (word, new) in self.words.iter().zip(value) {
            // Relaxed: the fences and `seq` order these stores; the words stand for nothing.
            word.store(new, Ordering::Relaxed);
        }
        // Release: a reader whose Acquire load sees this even value sees both words whole.
        self.seq.store(seq + 2, Ordering::Release);
    }

    /// Both words, unless a write overlapped this read (then `None`: try again).
    pub fn try_read(&self) -> Option<[u64; 2]> {
        // Acquire: pairs with the Release store that ended the last write, so the words we
        // load next are at least that write's.
        let before = self.seq.load(Ordering::Acquire);
        if before % 2 == 1 {
            return None;
        }
        // Relaxed: each load is atomic; whether they belong together is decided below.
        let value = self.words.each_ref().map(|word| word.load(Ordering::Relaxed));
        // Acquire fence: if we loaded any word of a newer write, the load of `seq` below sees
        // at least that write's odd value (the writer's Release fence pairs with this one).
        fence(Ordering::Acquire);
        // Relaxed: the fence above already orders this load after the word loads.
        let after = self.seq.load(Ordering::Relaxed);
        (before == after).then_some(value)
    }

    /// Both words, as one write left them, retrying while writes overlap.
    pub fn read(&self) -> [u64; 2] {
        loop {
            if let Some(value) = self.try_read() {
                return value;
            }
            shim::hint::spin_loop();
        }
    }
}
