//! Checks an exercise: builds it, then runs its stages in order and returns a typed report.
//!
//! Knows cargo, the loom/shuttle cfgs and target directories; knows nothing of terminals.

mod builds;
mod cargo;
mod compile_fail;
mod explain;
mod libtest;
mod outcomes;
mod replay;
mod trace;
mod trace_summary;

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use crate::manifest::{Manifest, Stage, StageSettings};
use crate::sandbox::{Cancel, Isolation, Limits};
use crate::verdict::{CheckReport, StageReport, Verdict};

pub use self::builds::ModelBuilds;
use self::builds::PendingBuild;
use self::cargo::{Build, BuildOutcome};
pub use self::explain::{LAST_OUTPUT_HEADING, cut};
use self::libtest::TestOutcome;

/// What to check: an exercise crate (in the workbook, or a scratch copy of it).
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    /// A name for the report, such as `locks/spinlock`.
    pub name: String,
    pub crate_dir: PathBuf,
    pub manifest: &'a Manifest,
    pub target_dir: PathBuf,
    /// How far the tests (learner code) are shut in.
    pub isolation: Isolation,
}

/// Progress reported while a check runs, so a front end can show it as it happens.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// The builds started; those in `first_time` compile their dependencies from nothing
    /// (the shim, a model checker), which takes a while, but only once.
    Building {
        first_time: Vec<BuildKind>,
    },
    /// A stage waits for its model checker's build, still compiling.
    WaitingForBuild(Stage),
    StageStarted(Stage),
    StageFinished(StageReport),
}

/// What a build compiles: the std test binaries, or one model checker's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildKind {
    Tests,
    Model(Stage),
}

/// Runs every stage the manifest declares, stopping at the first failure. A stage whose model
/// checker could not finish does not stop the others: they may still find a real failure, and
/// if none does the check is inconclusive. The model-checker builds stop with the check.
pub fn check(
    subject: &Subject<'_>,
    cancel: &Cancel,
    progress: &mut dyn FnMut(Progress),
) -> CheckReport {
    let builds = ModelBuilds::new(cancel);
    let report = check_keeping_builds(subject, cancel, &builds, progress);
    builds.stop();
    report
}

/// Like [`check`], but the model-checker builds belong to `builds`: when a stage fails or
/// the check is cancelled they go on, so the next check of the exercise finds them warm.
pub fn check_keeping_builds(
    subject: &Subject<'_>,
    cancel: &Cancel,
    builds: &ModelBuilds,
    progress: &mut dyn FnMut(Progress),
) -> CheckReport {
    let started = Instant::now();
    let mut report = CheckReport {
        exercise: subject.name.clone(),
        verdict: Verdict::Passed,
        stages: Vec::new(),
        story: None,
        build_duration: Duration::ZERO,
        total_duration: Duration::ZERO,
    };
    // A learner file that is gone is the learner's to restore, not a compile error to decode.
    if let Some(missing) = subject
        .manifest
        .files
        .iter()
        .find(|file| !subject.crate_dir.join(file).is_file())
    {
        report.verdict = Verdict::Error {
            message: format!(
                "{} is missing; `threadlings reset {}` restores the shipped file",
                missing.display(),
                subject.manifest.slug
            ),
        };
        return report;
    }
    let declared = |stage: &Stage| subject.manifest.stages.contains_key(stage);
    let std_stages: Vec<Stage> = [Stage::Unit, Stage::Stress]
        .into_iter()
        .filter(declared)
        .collect();
    let model_stages: Vec<Stage> = [Stage::Loom, Stage::Shuttle]
        .into_iter()
        .filter(declared)
        .collect();
    let mut first_time = Vec::new();
    if !std_stages.is_empty() && subject.first_build(&std_stages) {
        first_time.push(BuildKind::Tests);
    }
    let (cold_models, warm_models): (Vec<Stage>, Vec<Stage>) = model_stages
        .iter()
        .partition(|&&stage| subject.first_build(&[stage]));
    first_time.extend(cold_models.iter().map(|&stage| BuildKind::Model(stage)));
    progress(Progress::Building { first_time });
    // A model build that only recompiles the learner's crate starts at once, beside the std
    // build, at a lower priority: it goes into its own target folder and is ready soon after
    // the unit tests. One that compiles its model checker from nothing starts once the unit
    // binary is built, at the usual priority: it would take the first verdict's CPU for tens
    // of seconds, and at a low priority it would starve behind any other work on the machine.
    let mut pending: HashMap<Stage, PendingBuild> = warm_models
        .iter()
        .map(|&stage| (stage, builds.start(subject.build(&[stage], true))))
        .collect();
    // The first std stage's binary alone, so the first verdict waits for one link, not two;
    // the others build (in the same target folder, so after it) while its tests run.
    let later_builds = cancel.child();
    let mut later_build_thread = None;
    let mut executables = HashMap::new();
    if let Some((&first, later)) = std_stages.split_first() {
        let outcome = cargo::build(&subject.build(&[first], false), cancel);
        report.build_duration = started.elapsed();
        let built = matches!(outcome, BuildOutcome::Built(_));
        if let Err(verdict) = take_executables(outcome, &mut executables) {
            report.verdict = verdict;
        }
        if built && !later.is_empty() {
            let (build, thread) =
                PendingBuild::start(subject.build(later, true), later_builds.clone());
            later_build_thread = thread;
            // The stage that comes first waits for it; its binaries serve the others too.
            pending.insert(later[0], build);
        }
    }
    // Even after a compile error: the model checker's own compilation is not wasted.
    for stage in cold_models {
        pending.insert(stage, builds.start(subject.build(&[stage], false)));
    }
    let mut inconclusive = None;
    for (&stage, settings) in &subject.manifest.stages {
        if !report.verdict.passed() {
            break;
        }
        if let Some(build) = pending.remove(&stage) {
            let outcome = build.ready().unwrap_or_else(|| {
                progress(Progress::WaitingForBuild(stage));
                build.wait(cancel)
            });
            report.build_duration = report.build_duration.max(started.elapsed());
            if let Err(verdict) = take_executables(outcome, &mut executables) {
                report.verdict = verdict;
                break;
            }
        }
        if stage == Stage::CompileFail {
            // Compiled, never run: the stage has no test binary of its own.
            progress(Progress::StageStarted(stage));
            let started = Instant::now();
            let (tests_run, verdict) = compile_fail::run_stage(subject, settings, cancel);
            let stage_report = StageReport {
                stage,
                passed: verdict.passed(),
                inconclusive: false,
                tests_run,
                duration: started.elapsed(),
                explored: None,
                skipped: Vec::new(),
            };
            progress(Progress::StageFinished(stage_report.clone()));
            report.stages.push(stage_report);
            report.verdict = verdict;
            continue;
        }
        let Some(executable) = executables.get(stage.name()) else {
            report.verdict = Verdict::Error {
                message: format!("no test binary was built for {stage}"),
            };
            break;
        };
        progress(Progress::StageStarted(stage));
        let mut story = None;
        let (stage_report, verdict) =
            run_stage(subject, stage, settings, executable, cancel, &mut story);
        progress(Progress::StageFinished(stage_report.clone()));
        report.stages.push(stage_report);
        match verdict {
            Verdict::Inconclusive { .. } => {
                inconclusive.get_or_insert(verdict);
            }
            verdict => {
                report.verdict = verdict;
                report.story = story.map(Box::new);
            }
        }
    }
    if report.verdict.passed()
        && let Some(verdict) = inconclusive
    {
        report.verdict = verdict;
    }
    // A failure before a later std stage makes its build moot: stop it, and wait until
    // its processes are gone.
    later_builds.cancel();
    if let Some(thread) = later_build_thread {
        let _ = thread.join();
    }
    report.total_duration = started.elapsed();
    report
}

/// Adds a build's test binaries, or turns its failure into the check's verdict.
fn take_executables(
    outcome: BuildOutcome,
    executables: &mut HashMap<String, PathBuf>,
) -> Result<(), Verdict> {
    match outcome {
        BuildOutcome::Built(built) => {
            executables.extend(built);
            Ok(())
        }
        BuildOutcome::CompileError(diagnostics) => Err(Verdict::CompileError { diagnostics }),
        BuildOutcome::Cancelled => Err(Verdict::Error {
            message: "the check was cancelled".into(),
        }),
        BuildOutcome::Failed(message) => Err(Verdict::Error { message }),
    }
}

impl Subject<'_> {
    fn build(&self, stages: &[Stage], background: bool) -> Build {
        Build {
            crate_dir: self.crate_dir.clone(),
            package: self.manifest.slug.clone(),
            test_targets: stages.iter().map(|stage| stage.name()).collect(),
            cfg: stages.first().and_then(|stage| stage.cfg()),
            target_dir: self.target_dir.clone(),
            background,
        }
    }

    /// Whether the build of these stages has never run for this exercise.
    fn first_build(&self, stages: &[Stage]) -> bool {
        builds::first_time(&self.build(stages, false).target_dir(), &self.manifest.slug)
    }
}

/// Runs every test of one stage, each in its own process, several at once where that is safe.
fn run_stage(
    subject: &Subject<'_>,
    stage: Stage,
    settings: &StageSettings,
    executable: &Path,
    cancel: &Cancel,
    story: &mut Option<crate::story::Story>,
) -> (StageReport, Verdict) {
    let started = Instant::now();
    let finish = |tests_run, explored, skipped, verdict: Verdict| {
        let report = StageReport {
            stage,
            passed: verdict.passed(),
            inconclusive: matches!(verdict, Verdict::Inconclusive { .. }),
            tests_run,
            duration: started.elapsed(),
            explored,
            skipped,
        };
        (report, verdict)
    };
    let tests = match libtest::list(executable, &subject.crate_dir, &subject.isolation, cancel) {
        Ok(tests) => tests,
        Err(message) => return finish(0, None, Vec::new(), Verdict::Error { message }),
    };
    if tests.is_empty() {
        return finish(0, None, Vec::new(), Verdict::NoTestRan { stage });
    }
    let env = stage_env(stage, settings);
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    let limits = Limits {
        wall: Duration::from_secs(settings.timeout_secs),
        memory_bytes: Some(subject.manifest.limits.memory_mib << 20),
        cpu_secs: Some(settings.timeout_secs * cores as u64 + 1),
        // Room for any test's threads and children; a fork bomb stops here.
        extra_tasks: Some(4096),
    };
    // Stress tests want every core to themselves; the others are single-threaded enough.
    let workers = if stage == Stage::Stress {
        1
    } else {
        cores.min(tests.len())
    };

    let stage_cancel = cancel.child();
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<(usize, TestOutcome)>> = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = {
                        let mut next = next.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                        let index = *next;
                        *next += 1;
                        index
                    };
                    if index >= tests.len() || stage_cancel.is_cancelled() {
                        break;
                    }
                    let outcome = libtest::run(
                        executable,
                        &tests[index],
                        &subject.crate_dir,
                        &env,
                        limits,
                        &subject.isolation,
                        &stage_cancel,
                    );
                    if !matches!(outcome, TestOutcome::Passed { .. }) {
                        // Stop at the first failure: cancel the tests still running.
                        stage_cancel.cancel();
                    }
                    results
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .push((index, outcome));
                }
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    results.sort_by_key(|(index, _)| *index);

    let tests_run = results
        .iter()
        .filter(|(_, outcome)| *outcome != TestOutcome::Cancelled)
        .count();
    let explored = results
        .iter()
        .filter_map(|(_, outcome)| match outcome {
            TestOutcome::Passed { explored, .. } => *explored,
            _ => None,
        })
        .reduce(|a, b| a + b);
    let mut skipped: Vec<String> = results
        .iter()
        .flat_map(|(_, outcome)| match outcome {
            TestOutcome::Passed { skipped, .. } => skipped.clone(),
            _ => Vec::new(),
        })
        .collect();
    skipped.dedup();
    // The first real failure in test order; a test cancelled because another failed is not one.
    let failure = results.iter().find(|(_, outcome)| {
        !matches!(outcome, TestOutcome::Passed { .. } | TestOutcome::Cancelled)
    });
    let verdict = match failure {
        Some((index, outcome)) => verdict_of(stage, &tests[*index], outcome.clone()),
        None if cancel.is_cancelled() => Verdict::Error {
            message: "the check was cancelled".into(),
        },
        None => Verdict::Passed,
    };
    // A loom failure tells its failing execution: that one test runs again, traced. Only
    // here, so a passing check pays nothing. Not inside bubblewrap (grading): the trace's
    // folder is not writable there, and a grade needs no timeline.
    if let (Verdict::Failed { test, message, .. }, Stage::Loom, Isolation::Limits) =
        (&verdict, stage, &subject.isolation)
    {
        *story = trace::story(
            &trace::Rerun {
                executable,
                test,
                crate_dir: &subject.crate_dir,
                env: &env,
                limits,
                isolation: &subject.isolation,
            },
            &subject.manifest.files,
            message,
            cancel,
        );
    }
    finish(tests_run, explored, skipped, verdict)
}

fn verdict_of(stage: Stage, test: &str, outcome: TestOutcome) -> Verdict {
    let test = test.to_string();
    match outcome {
        TestOutcome::Passed { .. } => Verdict::Passed,
        TestOutcome::Failed { message } => Verdict::Failed {
            stage,
            test,
            message,
        },
        TestOutcome::TimedOut { after, message } => Verdict::TimedOut {
            stage,
            test,
            after_secs: after.as_secs_f64(),
            message,
        },
        TestOutcome::Crashed { signal, message } => Verdict::Crashed {
            stage,
            test,
            signal,
            message,
        },
        TestOutcome::Inconclusive { message } => Verdict::Inconclusive {
            stage,
            test,
            message,
        },
        TestOutcome::CheckerFault { message } => Verdict::Error { message },
        TestOutcome::Cancelled => Verdict::Error {
            message: "the check was cancelled".into(),
        },
    }
}

/// The manifest's settings for a stage, as the environment the shim reads.
fn stage_env(stage: Stage, settings: &StageSettings) -> Vec<(OsString, OsString)> {
    let mut env: Vec<(&str, String)> = Vec::new();
    match stage {
        Stage::CompileFail => {}
        Stage::Unit | Stage::Stress => {
            // Some waits wake up spuriously, so an `if` around a wait is caught.
            let one_in = settings
                .spurious_wakeups
                .unwrap_or(crate::manifest::DEFAULT_SPURIOUS_WAKEUPS);
            env.push(("THREADLINGS_SPURIOUS_WAKEUPS", one_in.to_string()));
            if let Some(ms) = settings.duration_ms {
                env.push(("THREADLINGS_STRESS_MS", ms.to_string()));
            }
        }
        Stage::Loom => {
            // Loom then names the source lines of the racing accesses: the "why" a learner needs.
            env.push(("LOOM_LOCATION", "1".into()));
            if let Some(bound) = settings.preemption_bound {
                env.push(("THREADLINGS_LOOM_PREEMPTIONS", bound.to_string()));
            }
        }
        Stage::Shuttle => {
            if let Some(iterations) = settings.iterations {
                env.push((replay::ITERATIONS_VAR, iterations.to_string()));
            }
            if let Some(seed) = settings.seed {
                env.push((replay::SEED_VAR, seed.to_string()));
            }
        }
    }
    env.into_iter()
        .map(|(key, value)| (key.into(), value.into()))
        .collect()
}
