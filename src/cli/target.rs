//! Turns the target flags into a connected [`Client`]: the configured profile, an
//! explicit endpoint, or the embedded demo emulator started on a free loopback port.

use std::io::Write;

use super::args::TargetArgs;
use super::error::{CliError, CliResult};
use crate::api::{Client, ClientConfig};
use crate::config::{self, Target};
use crate::emulator::{self, EmulatorConfig, EmulatorHandle};

/// A client and, for the demo, the emulator it talks to (kept alive with it).
pub struct Connected {
    pub client: Client,
    /// Dropping it stops the demo emulator, so it lives as long as the client.
    _demo: Option<EmulatorHandle>,
    pub read_only: bool,
    /// The settings profile in use, for the journal.
    pub profile: Option<String>,
    /// How to reach an S3-provisioned landing zone: a flowscope emulator serves S3 at
    /// `/s3`, as the explorer assumes too; `AWS_ENDPOINT_URL_S3` still wins.
    pub storage: crate::api::storage::StorageOptions,
}

pub async fn connect(args: &TargetArgs) -> CliResult<Connected> {
    let flags = args.flags();
    let resolved = config::load(&flags)?;
    let profile = resolved.profile.clone();
    // Never hold the stderr lock across an await: other threads may write to it.
    for w in &resolved.warnings {
        let _ = writeln!(std::io::stderr(), "flowscope: warning: {w}");
    }
    let env_s3 = std::env::var("AWS_ENDPOINT_URL_S3")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let mut s3_endpoint = None;
    let (cfg, demo) = match resolved.target {
        Target::Remote(cfg) => (*cfg, None),
        Target::Emulator(cfg) => {
            s3_endpoint = env_s3.or(Some(format!("{}/s3", cfg.platform_url)));
            (*cfg, None)
        }
        Target::Aws(_) => {
            return Err(CliError::Usage(
                "the scriptable commands speak Flow Service; an AWS profile is explored in the \
                 terminal UI (flowscope --profile NAME)"
                    .to_string(),
            ));
        }
        Target::Demo { sandbox } => {
            let (cfg, handle) = start_demo(sandbox).await?;
            // Say plainly that this is not a real sandbox.
            let _ = writeln!(
                std::io::stderr(),
                "flowscope: no credentials configured, using the built-in demo (emulator at {}, sandbox {})",
                handle.base_url(),
                cfg.sandbox
            );
            s3_endpoint = Some(format!("{}/s3", handle.base_url()));
            (cfg, Some(handle))
        }
    };
    let client = Client::new(cfg)?;
    Ok(Connected {
        client,
        _demo: demo,
        read_only: args.read_only,
        profile,
        storage: crate::api::storage::StorageOptions {
            s3_endpoint,
            ..Default::default()
        },
    })
}

/// Starts the built-in demo emulator on a free loopback port and points a client
/// configuration at it (in `sandbox`, or the default one).
pub async fn start_demo(sandbox: Option<String>) -> CliResult<(ClientConfig, EmulatorHandle)> {
    let handle = emulator::start(([127, 0, 0, 1], 0).into(), EmulatorConfig::demo())
        .await
        .map_err(|e| CliError::Io(format!("cannot start the demo emulator: {e}")))?;
    let mut cfg = ClientConfig::for_emulator(&handle.base_url());
    if let Some(s) = sandbox {
        cfg.sandbox = s;
    }
    Ok((cfg, handle))
}
