//! A CSP pipeline: a source, a stage fanned out to several workers, and a collector that
//! fans their results back in. Closing a channel is how every part learns to stop.
//!
//! As shipped it hangs: find why and fix it. Read README.md first; run `threadlings hint`
//! when stuck.

use shim::sync::mpsc::{self, Receiver, SyncSender};
use shim::sync::{Arc, Mutex};
use shim::thread;

/// The first stage failure: which item (counting from 0) and what the stage said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageError {
    pub item: usize,
    pub message: String,
}

/// Runs `stage` over every item of `source` on `workers` threads, and returns the outputs in
/// the source's order; or, as soon as one item fails, that failure. Either way every thread
/// it started has ended when it returns, even if `source` never ends.
pub fn run<I, O, F>(
    source: impl Iterator<Item = I> + Send + 'static,
    workers: usize,
    stage: F,
) -> Result<Vec<O>, StageError>
where
    I: Send + 'static,
    O: Send + 'static,
    F: Fn(I) -> Result<O, String> + Send + Sync + 'static,
{
    // Bounded channels: a fast source waits for the workers instead of filling memory.
    let (to_workers, for_workers) = mpsc::sync_channel::<(usize, I)>(workers);
    let (to_collector, results) = mpsc::sync_channel::<(usize, Result<O, String>)>(workers);
    let producing = thread::spawn(move || produce(source, to_workers));
    let for_workers = Arc::new(Mutex::new(for_workers));
    let stage = Arc::new(stage);
    let working: Vec<_> = (0..workers.max(1))
        .map(|_| {
            let (for_workers, to_collector) = (Arc::clone(&for_workers), to_collector.clone());
            let stage = Arc::clone(&stage);
            thread::spawn(move || work(&for_workers, &to_collector, &*stage))
        })
        .collect();

    let outcome = collect(&results);
    drop(results);
    for worker in working {
        worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    }
    producing
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    outcome
}

/// Sends the numbered items until the source ends or nobody listens any more.
fn produce<I>(source: impl Iterator<Item = I>, to_workers: SyncSender<(usize, I)>) {
    for numbered in source.enumerate() {
        if to_workers.send(numbered).is_err() {
            return; // every worker is gone: stop, even if the source would go on for ever
        }
    }
    // Dropping `to_workers` here tells the workers the source is done.
}

/// Takes items until the input closes, and sends each result on, until the output closes.
fn work<I, O>(
    for_workers: &Mutex<Receiver<(usize, I)>>,
    to_collector: &SyncSender<(usize, Result<O, String>)>,
    stage: &(dyn Fn(I) -> Result<O, String> + Sync),
) {
    loop {
        // Hold the lock only to take the next item, never while the stage runs.
        let next = for_workers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .recv();
        let Ok((index, item)) = next else {
            return; // the source is done and every item is taken
        };
        if to_collector.send((index, stage(item))).is_err() {
            return; // the collector stopped listening: a stage failed
        }
    }
}

/// Receives results until every worker is done, or until the first failure.
fn collect<O>(results: &Receiver<(usize, Result<O, String>)>) -> Result<Vec<O>, StageError> {
    let mut outputs = Vec::new();
    for (index, result) in results {
        match result {
            Ok(output) => outputs.push((index, output)),
            Err(message) => {
                return Err(StageError {
                    item: index,
                    message,
                });
            }
        }
    }
    // Fan-in mixes the order: put the outputs back in the source's.
    outputs.sort_by_key(|(index, _)| *index);
    Ok(outputs.into_iter().map(|(_, output)| output).collect())
}
