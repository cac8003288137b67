//! Resolves what the explorer talks to: a configured profile, an explicit endpoint, or the
//! embedded demo emulator on a free loopback port. Nothing is printed: the terminal is
//! about to be taken over, so warnings go to the status bar.

use crate::api::Client;
use crate::api::storage::StorageOptions;
use crate::app::effect::Target;
use crate::cli::args::TargetArgs;
use crate::cli::error::CliResult;
use crate::cli::target::start_demo;
use crate::config;
use crate::emulator::EmulatorHandle;

pub struct Connection {
    pub client: Client,
    pub target: Target,
    pub warnings: Vec<String>,
    pub profiles: Vec<String>,
    /// Keeps the demo emulator alive as long as the explorer runs.
    pub demo: Option<EmulatorHandle>,
    /// How to reach an S3-provisioned landing zone: the demo's own S3 endpoint, else the
    /// standard AWS settings.
    pub storage: StorageOptions,
}

pub async fn connect(args: &TargetArgs) -> CliResult<Connection> {
    let resolved = config::load(&args.flags())?;
    let warnings = resolved.warnings.iter().map(|w| w.to_string()).collect();
    let profiles = config::profile_names();
    let (cfg, demo) = match resolved.target {
        config::Target::Remote(cfg) => (*cfg, None),
        config::Target::Demo { sandbox } => {
            let (cfg, handle) = start_demo(sandbox).await?;
            (cfg, Some(handle))
        }
    };
    let target = Target {
        demo: demo.is_some(),
        endpoint: cfg.platform_url.clone(),
        sandbox: cfg.sandbox.clone(),
        profile: resolved.profile.clone(),
    };
    let client = Client::new(cfg)?;
    let storage = StorageOptions {
        s3_endpoint: demo.as_ref().map(|h| format!("{}/s3", h.base_url())),
        ..StorageOptions::default()
    };
    Ok(Connection {
        storage,
        client,
        target,
        warnings,
        profiles,
        demo,
    })
}
