//! The terminal quiz of threadlings: a validated TOML question bank ([`bank`]), sessions with
//! seeded order and Leitner review ([`session`], [`review`]), and two front ends ([`ui`]): an
//! interactive one for a terminal and a plain-line one for scripts and graders.
pub mod audit;
pub mod bank;
pub mod catalog;
pub mod review;
pub mod session;
pub mod ui;

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;

use crate::bank::Bank;
use crate::review::History;
use crate::session::{Asked, Outcome, QuizResult, Rng};
use crate::ui::terminal::{Screen, Step};

/// Command-line options of `threadlings quiz`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct QuizArgs {
    /// Ask only questions of this section (repeatable), e.g. `--section memory-ordering`.
    #[arg(long = "section", value_name = "TAG")]
    pub sections: Vec<String>,
    /// How many questions to ask [default: 10].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// Seed of the question and choice order, to replay a session exactly.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Re-ask what you missed or have not seen for a while (Leitner boxes).
    #[arg(long)]
    pub review: bool,
    /// Read answers from FILE, one line per question, instead of asking interactively.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Print the result as JSON (implies plain-line answers).
    #[arg(long)]
    pub json: bool,
    /// Add the questions of the TOML files in DIR to the built-in bank (repeatable).
    #[arg(long = "bank", value_name = "DIR")]
    pub banks: Vec<PathBuf>,
    /// Check the question files in DIR instead of taking the quiz: validation, the length cue,
    /// and every complete program compiled with rustc (`$RUSTC` or rustc on PATH).
    #[arg(long = "check-bank", value_name = "DIR", conflicts_with_all = ["review", "answers", "json"])]
    pub check_bank: Option<PathBuf>,
}

/// Where the quiz finds its bank and keeps its history, decided by the workbook.
#[derive(Debug, Clone)]
pub struct QuizContext {
    /// The built-in question bank (`<workbook>/quiz/bank`).
    pub bank_dir: PathBuf,
    /// The learner's review history (`<workbook>/.threadlings/quiz.json`).
    pub history_path: PathBuf,
    /// Exercise slugs that questions may link to; empty means [`catalog::DEFAULT_EXERCISES`].
    pub known_exercises: Vec<String>,
}

const DEFAULT_COUNT: u64 = 10;

/// Runs the quiz: interactively when stdin and stdout are terminals, otherwise (or with
/// `--answers`/`--json`) reading one answer line per question.
pub fn run(args: QuizArgs, context: QuizContext) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.check_bank {
        let passed = check_bank(dir, &context, &mut std::io::stdout().lock())?;
        return Ok(if passed {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let interactive = args.answers.is_none()
        && !args.json
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal();
    if !std::io::stdout().is_terminal() {
        colored::control::set_override(false);
    }
    if interactive {
        return run_interactive(&args, &context, now.as_secs(), now.subsec_nanos().into());
    }
    let mut stdout = std::io::stdout().lock();
    let seed = args.seed.unwrap_or(now.as_nanos() as u64);
    let result = match &args.answers {
        Some(path) => {
            let file = std::fs::File::open(path)
                .with_context(|| format!("while opening the answers file {}", path.display()))?;
            run_scripted(
                &args,
                &context,
                &mut std::io::BufReader::new(file),
                &mut stdout,
                now.as_secs(),
                seed,
            )?
        }
        None => run_scripted(
            &args,
            &context,
            &mut std::io::stdin().lock(),
            &mut stdout,
            now.as_secs(),
            seed,
        )?,
    };
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &result).context("while printing the result")?;
        writeln!(stdout)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads and validates the bank and the history; rejects unknown `--section` tags.
fn prepare(args: &QuizArgs, context: &QuizContext, now: u64) -> anyhow::Result<(Bank, History)> {
    for tag in &args.sections {
        if catalog::section_index(tag).is_none() {
            let hint = catalog::closest(tag, catalog::SECTIONS.iter().map(|(tag, _)| *tag))
                .map_or_else(
                    || format!("the tags are: {}", catalog::section_list()),
                    |near| format!("did you mean `{near}`?"),
                );
            anyhow::bail!("`--section {tag}` is not a section of the course; {hint}");
        }
    }
    let mut dirs = vec![context.bank_dir.clone()];
    dirs.extend(args.banks.iter().cloned());
    let bank =
        Bank::load(&dirs, &known_exercises(context)).context("while loading the quiz questions")?;
    let (history, notice) = review::load(&context.history_path, now)?;
    if let Some(notice) = notice {
        eprintln!("quiz: warning: {notice}");
    }
    Ok((bank, history))
}

/// The exercise slugs questions may link to.
fn known_exercises(context: &QuizContext) -> Vec<String> {
    if context.known_exercises.is_empty() {
        catalog::DEFAULT_EXERCISES
            .iter()
            .map(|slug| slug.to_string())
            .collect()
    } else {
        context.known_exercises.clone()
    }
}

/// `--check-bank DIR`: loads DIR as `--bank DIR` would (next to the built-in bank, so an id
/// clash shows too), then audits DIR's own questions: the length cue and every complete program.
/// Prints the report and returns whether the bank passed; a bank that does not load, or a
/// missing rustc, is an error.
pub fn check_bank(dir: &Path, context: &QuizContext, out: &mut dyn Write) -> anyhow::Result<bool> {
    let is_built_in = match (dir.canonicalize(), context.bank_dir.canonicalize()) {
        (Ok(dir), Ok(built_in)) => dir == built_in,
        _ => dir == context.bank_dir,
    };
    let mut dirs = vec![dir.to_path_buf()];
    if !is_built_in {
        dirs.insert(0, context.bank_dir.clone());
    }
    let bank = Bank::load(&dirs, &known_exercises(context))
        .with_context(|| format!("while checking the question bank {}", dir.display()))?;
    let own: Vec<&bank::Question> = bank
        .questions
        .iter()
        .filter(|question| question.source.starts_with(dir))
        .collect();
    let rustc = audit::find_rustc()?;
    let report = audit::Audit::run(&own, &rustc)
        .with_context(|| format!("while checking the question bank {}", dir.display()))?;
    writeln!(out, "Question bank {}:", dir.display())?;
    for line in report.lines() {
        writeln!(out, "{line}")?;
    }
    Ok(report.passed())
}

/// The questions of this session: due ones for `--review`, otherwise a seeded random pick.
fn choose<'a>(
    args: &QuizArgs,
    bank: &'a Bank,
    history: &History,
    rng: &mut Rng,
    now: u64,
) -> anyhow::Result<Vec<Asked<'a>>> {
    let count = usize::try_from(args.count.unwrap_or(DEFAULT_COUNT)).unwrap_or(usize::MAX);
    if args.review {
        let mut due = history.due(&bank.questions, &args.sections, now);
        due.truncate(count);
        return Ok(due
            .into_iter()
            .map(|question| Asked::new(question, rng))
            .collect());
    }
    let asked = session::select(&bank.questions, &args.sections, count, rng);
    anyhow::ensure!(!asked.is_empty(), "no question matches the chosen sections");
    Ok(asked)
}

/// Why a review has nothing to ask, and when it will.
fn nothing_due(history: &History, bank: &Bank, args: &QuizArgs, now: u64) -> String {
    match history.next_due(&bank.questions, &args.sections) {
        None => {
            "Nothing to review yet: take `threadlings quiz` first, then review what you missed."
                .into()
        }
        Some(due) => {
            let hours = due.saturating_sub(now).div_ceil(3600);
            format!("Nothing is due for review. The next question comes back in about {hours} h.")
        }
    }
}

fn save_history(
    context: &QuizContext,
    history: &mut History,
    outcomes: &[Outcome],
    now: u64,
) -> anyhow::Result<()> {
    for outcome in outcomes {
        history.record(outcome, now);
    }
    review::save(&context.history_path, history).with_context(|| {
        format!(
            "while saving your quiz history to {}",
            context.history_path.display()
        )
    })
}

/// The plain-line session: asks, grades, records the history and returns the result. With
/// `--json` nothing is printed here, so the caller can print only the JSON.
pub fn run_scripted(
    args: &QuizArgs,
    context: &QuizContext,
    answers: &mut dyn BufRead,
    out: &mut dyn Write,
    now: u64,
    seed: u64,
) -> anyhow::Result<QuizResult> {
    let (bank, mut history) = prepare(args, context, now)?;
    let mut rng = Rng::new(seed);
    let asked = choose(args, &bank, &history, &mut rng, now)?;
    if asked.is_empty() && !args.json {
        writeln!(out, "{}", nothing_due(&history, &bank, args, now))?;
    }
    // A human typing on a terminal sees their own echo; a file or pipe does not.
    let echo = args.answers.is_some() || !std::io::stdin().is_terminal();
    let outcomes = ui::plain::ask_all(&asked, answers, out, args.json, echo)?;
    save_history(context, &mut history, &outcomes, now)?;
    let result = QuizResult::new(seed, args.review, outcomes);
    if !args.json && result.total > 0 {
        ui::plain::show_summary(&result, out)?;
    }
    Ok(result)
}

fn run_interactive(
    args: &QuizArgs,
    context: &QuizContext,
    now: u64,
    entropy: u64,
) -> anyhow::Result<ExitCode> {
    let (bank, mut history) = prepare(args, context, now)?;
    let seed = args.seed.unwrap_or(now ^ entropy.rotate_left(32));
    let mut rng = Rng::new(seed);
    let mut asked = choose(args, &bank, &history, &mut rng, now)?;
    if asked.is_empty() {
        println!("{}", nothing_due(&history, &bank, args, now));
        return Ok(ExitCode::SUCCESS);
    }
    let mut screen = Screen::start()?;
    loop {
        let mut outcomes = Vec::new();
        let mut stop = None;
        for (index, question) in asked.iter().enumerate() {
            let response = match screen.ask(question, index + 1, asked.len())? {
                Step::Answered(response) => response,
                step => {
                    stop = Some(step);
                    break;
                }
            };
            let outcome = Outcome::new(question, &response);
            stop = screen.feedback(question, outcome.correct, index + 1, asked.len())?;
            outcomes.push(outcome);
            if stop.is_some() {
                break;
            }
        }
        save_history(context, &mut history, &outcomes, now)?;
        if stop == Some(Step::Interrupted) {
            drop(screen);
            return Ok(ExitCode::from(130));
        }
        let result = QuizResult::new(seed, args.review, outcomes);
        if result.total == 0 || stop.is_some() || !screen.summary(&result)? {
            drop(screen);
            for line in ui::summary_lines(&result) {
                println!("{line}");
            }
            return Ok(ExitCode::SUCCESS);
        }
        let missed = result.missed_ids();
        asked = missed
            .iter()
            .filter_map(|id| bank.get(id))
            .map(|question| Asked::new(question, &mut rng))
            .collect();
    }
}
