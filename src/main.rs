//! The `flowscope` binary: parses the command line and hands over to the library.

use clap::Parser;
use flowscope::cli::args::Cli;

fn main() -> std::process::ExitCode {
    // clap exits with 2 on bad usage, as the CLI contract asks.
    let cli = Cli::parse();
    // A decoder's contained panic (a damaged file) is reported by the preview itself; the
    // default hook would also print it over the output.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if flowscope_formats::contain::is_contained() {
            tracing::warn!("contained: {info}");
            return;
        }
        previous(info);
    }));
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("flowscope: cannot start the async runtime: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    std::process::ExitCode::from(rt.block_on(flowscope::cli::main(cli)))
}
