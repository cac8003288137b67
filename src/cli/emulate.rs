//! `flowscope emulate`: run the emulator in the foreground until interrupted.

use std::io::Write;

use super::args::{DlzProviderArg, EmulateArgs};
use super::error::{CliError, CliResult};
use crate::emulator::dlz::DlzProvider;
use crate::emulator::{self, EmulatorConfig, FaultConfig};

pub async fn run(args: EmulateArgs) -> CliResult {
    let cfg = EmulatorConfig {
        seed: args.seed,
        flows: args.flows,
        runs: args.runs,
        faults: FaultConfig {
            latency_ms: args.latency_ms,
            error_rate: args.error_rate,
            throttle_rate: args.throttle_rate,
            drop_rate: args.drop_rate,
            truncate_rate: args.truncate_rate,
            retry_after_s: 1,
            methods: args.fault_methods,
            hold: None,
        },
        dlz_provider: match args.dlz_provider {
            DlzProviderArg::Azure => DlzProvider::Azure,
            DlzProviderArg::S3 => DlzProvider::AmazonS3,
        },
        ..EmulatorConfig::demo()
    };
    let handle = emulator::start(args.listen, cfg)
        .await
        .map_err(|e| CliError::Io(format!("cannot listen on {}: {e}", args.listen)))?;
    // Scripts wait for exactly this first line to learn the port.
    let mut out = std::io::stdout().lock();
    // A reader that closed the pipe before these lines ends the emulator quietly (see
    // CliError::OutputClosed), as it ends any command.
    writeln!(out, "listening on {}", handle.base_url())?;
    for line in emulator::aws::endpoint_hint(&handle.aws_endpoint()) {
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    drop(out);
    tokio::select! {
        _ = handle.wait() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}
