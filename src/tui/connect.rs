//! Resolves what the explorer talks to: a configured profile, an explicit endpoint, or the
//! embedded demo emulator on a free loopback port. Nothing is printed: the terminal is
//! about to be taken over, so warnings go to the status bar.

use crate::api::aws::{AwsClient, AwsSettings};
use crate::api::storage::StorageOptions;
use crate::api::{Client, ClientConfig};
use crate::app::shared::effect::Target;
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
    /// Customer Profiles and AppFlow: the demo's, or an AWS profile's.
    pub aws: Option<AwsClient>,
    /// False for an AWS profile: the Flow Service tabs say so instead of loading.
    pub aep: bool,
}

pub async fn connect(args: &TargetArgs) -> CliResult<Connection> {
    let resolved = config::load(&args.flags())?;
    let warnings = resolved.warnings.iter().map(|w| w.to_string()).collect();
    let profiles = config::profile_names();
    let mut warnings: Vec<String> = warnings;
    let aep = !matches!(resolved.target, config::Target::Aws(_));
    let mut s3_endpoint = None;
    let (cfg, demo, aws) = match resolved.target {
        config::Target::Remote(cfg) => (*cfg, None, None),
        config::Target::Emulator(cfg) => {
            // A flowscope emulator serves AWS at its root and S3 at /s3, as the demo does;
            // the standard variables still win for anyone pointing elsewhere.
            let root = cfg.platform_url.clone();
            let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
            let aws_settings = if env("AWS_ENDPOINT_URL").is_some()
                || env("AWS_ENDPOINT_URL_CUSTOMER_PROFILES").is_some()
            {
                AwsSettings::default()
            } else {
                AwsSettings::emulator(&root)
            };
            s3_endpoint = Some(env("AWS_ENDPOINT_URL_S3").unwrap_or(format!("{root}/s3")));
            let aws = AwsClient::connect(&aws_settings)
                .await
                .map_err(|e| warnings.push(format!("AWS: {e}")))
                .ok();
            (*cfg, None, aws)
        }
        config::Target::Demo { sandbox } => {
            let (cfg, handle) = start_demo(sandbox).await?;
            // The demo's AWS side is the same emulator, with its demo keys.
            let aws = AwsClient::connect(&AwsSettings::emulator(&handle.aws_endpoint()))
                .await
                .map_err(|e| warnings.push(format!("the demo's AWS side: {e}")))
                .ok();
            (cfg, Some(handle), aws)
        }
        config::Target::Aws(settings) => {
            let aws = AwsClient::connect(&settings)
                .await
                .map_err(|e| warnings.push(format!("AWS: {e}")))
                .ok();
            // No Flow Service here; the client is never asked (see `aep`).
            (ClientConfig::for_emulator("http://127.0.0.1:9"), None, aws)
        }
    };
    let endpoint = match (&aws, aep) {
        (Some(a), false) => match a.endpoint() {
            Some(e) => format!("AWS {} {e}", a.region()),
            None => format!("AWS {}", a.region()),
        },
        (None, false) => "AWS (not connected)".to_string(),
        _ => cfg.platform_url.clone(),
    };
    let target = Target {
        demo: demo.is_some(),
        endpoint,
        sandbox: cfg.sandbox.clone(),
        profile: resolved.profile.clone(),
    };
    let client = Client::new(cfg)?;
    let storage = StorageOptions {
        s3_endpoint: demo
            .as_ref()
            .map(|h| format!("{}/s3", h.base_url()))
            .or(s3_endpoint),
        ..StorageOptions::default()
    };
    Ok(Connection {
        storage,
        client,
        target,
        warnings,
        profiles,
        demo,
        aws,
        aep,
    })
}
