use std::process::ExitCode;

use clap::Parser;
use threadlings::sandbox::Cancel;
use threadlings::status::Status;

fn main() -> ExitCode {
    die_quietly_on_closed_pipe();
    let cli = threadlings::cli::Cli::parse();
    // The root of every job's cancellation: a signal cancels it, and so every running job.
    let interrupt = Cancel::default();
    stop_jobs_on_signals(&interrupt);
    let code = match threadlings::app::run(cli, &interrupt) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("threadlings: {error:#}");
            Status::UsageOrWorkbook.into()
        }
    };
    // An interrupted command that did not finish its work says so in its exit code.
    if interrupt.is_cancelled() && code != ExitCode::SUCCESS {
        return Status::Interrupted.into();
    }
    code
}

/// On SIGINT, SIGTERM or SIGHUP, stop every running job (and so every process of learner
/// code) and let the command end normally; a second signal ends threadlings at once.
fn stop_jobs_on_signals(interrupt: &Cancel) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let interrupt = interrupt.clone();
    let _ = std::thread::Builder::new()
        .name("interrupt".into())
        .spawn(move || {
            for _ in signals.forever() {
                if interrupt.is_cancelled() {
                    std::process::exit(Status::Interrupted.code().into());
                }
                interrupt.cancel();
            }
        });
}

/// `threadlings list | head` closes the pipe early: end quietly, as Unix tools do, instead of
/// panicking on the next print (Rust ignores SIGPIPE by default).
fn die_quietly_on_closed_pipe() {
    // Safety: restoring the default action installs no handler code, and runs before any
    // thread is started.
    #[allow(unsafe_code)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
