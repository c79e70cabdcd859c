use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = threadlings::cli::Cli::parse();
    match threadlings::commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("threadlings: {error:#}");
            ExitCode::from(2)
        }
    }
}
