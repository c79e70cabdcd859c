use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    die_quietly_on_closed_pipe();
    let cli = threadlings::cli::Cli::parse();
    stop_jobs_on_signals();
    let code = match threadlings::commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("threadlings: {error:#}");
            ExitCode::from(2)
        }
    };
    // An interrupted command that did not finish its work says so in its exit code.
    if threadlings::sandbox::interrupted() && code != ExitCode::SUCCESS {
        return ExitCode::from(130);
    }
    code
}

/// On SIGINT, SIGTERM or SIGHUP, stop every running job (and so every process of learner
/// code) and let the command end normally; a second signal ends threadlings at once.
fn stop_jobs_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("interrupt".into())
        .spawn(move || {
            for _ in signals.forever() {
                if threadlings::sandbox::interrupted() {
                    std::process::exit(130);
                }
                threadlings::sandbox::interrupt();
            }
        });
}

/// `threadlings list | head` closes the pipe early: end quietly, as Unix tools do, instead of
/// panicking on the next print (Rust ignores SIGPIPE by default).
fn die_quietly_on_closed_pipe() {
    use nix::sys::signal::{SigHandler, Signal, signal};
    // Safety: restoring the default action installs no handler code, and runs before any
    // thread is started.
    #[allow(unsafe_code)]
    unsafe {
        let _ = signal(Signal::SIGPIPE, SigHandler::SigDfl);
    }
}
