//! The scriptable command line over the API client: list, get, create, delete, patch,
//! `apply` of a plan, changes on many objects by id, datasets and DLZ commands, `runs
//! watch`, plus `emulate`. Exit codes: 0 success, 1 API error (the message carries the
//! service's code, e.g. FLOW-1404-412) or any object of a many-id change refused or
//! unsure, 2 bad
//! usage or configuration; a reader that closes standard output early ends the command
//! quietly with 0.

mod acts;
mod apply;
pub mod args;
mod aws;
mod aws_acts;
pub mod aws_args;
mod aws_columns;
mod aws_create;
mod aws_flows;
mod change;
pub mod change_args;
pub mod columns;
mod commands;
mod create;
mod datasets;
mod dlz;
mod dlz_delete;
mod dlz_transfer;
pub mod emulate;
pub mod error;
mod input;
mod labels;
mod many;
pub mod output;
mod summary;
pub mod target;
pub mod watch;

use args::{Cli, Command};
pub use commands::parse_patch;

/// Runs a parsed command line and returns the process exit code.
pub async fn main(cli: Cli) -> u8 {
    let result = match cli.command {
        Some(Command::Emulate(args)) => emulate::run(args).await,
        Some(cmd) => commands::run(&cli.target, cmd).await,
        None => crate::tui::run(&cli.target).await,
    };
    match result {
        Ok(()) => 0,
        Err(e) if e.is_quiet() => e.exit_code(),
        Err(e) => {
            eprintln!("flowscope: {e}");
            e.exit_code()
        }
    }
}
