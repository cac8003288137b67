//! Switching profiles (`:profile NAME`) in the terminal: the profile is read from the
//! config files and a client built for it.

use super::ProfileLoader;
use crate::api::Client;
use crate::app::shared::effect::Target;
use crate::config::{self, Flags};

/// The loader the terminal uses: resolves the profile from the config files (with the
/// same endpoint overrides the app started with) and builds its client.
pub fn config_profile_loader(base: Flags) -> ProfileLoader {
    Box::new(move |name: &str| {
        let flags = Flags {
            profile: Some(name.to_string()),
            demo: false,
            ..base.clone()
        };
        let resolved = config::load(&flags).map_err(|e| e.to_string())?;
        match resolved.target {
            config::Target::Remote(cfg) | config::Target::Emulator(cfg) => {
                let target = Target {
                    demo: false,
                    endpoint: cfg.platform_url.clone(),
                    sandbox: cfg.sandbox.clone(),
                    profile: Some(name.to_string()),
                };
                let client = Client::new(*cfg).map_err(|e| e.to_string())?;
                Ok((client, target))
            }
            config::Target::Demo { .. } => Err(format!(
                "profile `{name}` has no credentials; the demo is already running"
            )),
            config::Target::Aws(_) => Err(format!(
                "profile `{name}` is an AWS profile: start flowscope with --profile {name}"
            )),
        }
    })
}
