//! A CSP pipeline: a source, a stage fanned out to several workers, and a collector that
//! fans their results back in. Closing a channel is how every part learns to stop.
//!
//! Right-answer fixture: fan-out by dealing items round-robin to one channel per worker.

use shim::sync::Arc;
use shim::sync::mpsc::{self, Receiver};
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
    let workers = workers.max(1);
    let (to_collector, results) = mpsc::sync_channel::<(usize, Result<O, String>)>(workers);
    let stage = Arc::new(stage);
    let mut inputs = Vec::new();
    let mut working = Vec::new();
    for _ in 0..workers {
        // One small bounded channel per worker: back-pressure reaches the source.
        let (to_worker, for_worker) = mpsc::sync_channel::<(usize, I)>(1);
        inputs.push(to_worker);
        let (to_collector, stage) = (to_collector.clone(), Arc::clone(&stage));
        working.push(thread::spawn(move || {
            for (index, item) in for_worker {
                if to_collector.send((index, stage(item))).is_err() {
                    return; // the collector stopped listening
                }
            }
        }));
    }
    drop(to_collector);
    let producing = thread::spawn(move || {
        for (index, item) in source.enumerate() {
            // A worker that has gone means the pipeline is stopping.
            if inputs[index % inputs.len()].send((index, item)).is_err() {
                return;
            }
        }
        // `inputs` dropped here: every worker's loop ends.
    });
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
