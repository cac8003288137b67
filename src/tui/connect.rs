//! Resolves what the explorer talks to: a configured profile, an explicit endpoint, or the
//! embedded demo emulator on a free loopback port. Nothing is printed: the terminal is
//! about to be taken over, so warnings go to the status bar.

use crate::api::{Client, ClientConfig};
use crate::app::effect::Target;
use crate::cli::args::TargetArgs;
use crate::cli::error::{CliError, CliResult};
use crate::config::{self, Flags};
use crate::emulator::{self, EmulatorConfig, EmulatorHandle};

pub struct Connection {
    pub client: Client,
    pub target: Target,
    pub warnings: Vec<String>,
    pub profiles: Vec<String>,
    /// Keeps the demo emulator alive as long as the explorer runs.
    pub demo: Option<EmulatorHandle>,
}

pub fn flags(args: &TargetArgs) -> Flags {
    Flags {
        demo: args.demo,
        profile: args.profile.clone(),
        sandbox: args.sandbox.clone(),
        endpoint: args.endpoint.clone(),
        ims_endpoint: None,
        aepp_config: args.aepp_config.clone(),
    }
}

pub async fn connect(args: &TargetArgs) -> CliResult<Connection> {
    let resolved = config::load(&flags(args))?;
    let warnings = resolved.warnings.iter().map(|w| w.to_string()).collect();
    let profiles = config::profile_names();
    let (cfg, demo) = match resolved.target {
        config::Target::Remote(cfg) => (*cfg, None),
        config::Target::Demo { sandbox } => {
            let handle = emulator::start(([127, 0, 0, 1], 0).into(), EmulatorConfig::demo())
                .await
                .map_err(|e| CliError::Io(format!("cannot start the demo emulator: {e}")))?;
            let mut cfg = ClientConfig::for_emulator(&handle.base_url());
            if let Some(s) = sandbox {
                cfg.sandbox = s;
            }
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
    Ok(Connection {
        client,
        target,
        warnings,
        profiles,
        demo,
    })
}
