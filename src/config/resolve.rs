//! Turns (settings file, aepp file, environment, flags) into what to talk to. Pure: files
//! arrive as contents and the environment as a map, so every rule is unit-testable.
//!
//! Precedence, lowest first: the selected profile of the settings file (or, with
//! `--aepp-config`, the aepp file instead), then `FLOWSCOPE_*` variables, then flags.
//! With no credentials anywhere the target is the demo; `--endpoint URL` (or
//! `FLOWSCOPE_ENDPOINT`) without credentials means an emulator already running there.
//! An endpoint on this machine also serves IMS unless an IMS endpoint is given.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::aepp::parse_aepp;
use super::error::{ConfigError, ConfigWarning};
use super::settings::{Profile, Settings, normalise_scopes};
use crate::api::ClientConfig;
use crate::api::endpoint::{DEFAULT_SCOPES, ims_url_for, is_loopback_url, platform_url_for};
use crate::model::Secret;

/// Command-line choices that bear on configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    pub demo: bool,
    pub profile: Option<String>,
    pub sandbox: Option<String>,
    pub endpoint: Option<String>,
    pub ims_endpoint: Option<String>,
    pub aepp_config: Option<PathBuf>,
}

/// A file's path, text and (on unix) permission bits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub contents: String,
    pub mode: Option<u32>,
}

pub struct Inputs<'a> {
    pub settings: Option<&'a ConfigFile>,
    pub aepp: Option<&'a ConfigFile>,
    pub env: &'a BTreeMap<String, String>,
    pub flags: &'a Flags,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// Start the built-in emulator and explore it; `sandbox` if one was asked for.
    Demo {
        sandbox: Option<String>,
    },
    Remote(Box<ClientConfig>),
    /// `--endpoint URL` without credentials: a flowscope emulator already running there,
    /// which also serves the AWS APIs at its root and the landing zone's S3 at `/s3`.
    Emulator(Box<ClientConfig>),
    /// An AWS profile: Customer Profiles and AppFlow through the standard AWS settings
    /// (credential chain, region, `AWS_ENDPOINT_URL*`), which `settings` may override.
    Aws(crate::api::aws::AwsSettings),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub target: Target,
    /// The settings profile used, if any.
    pub profile: Option<String>,
    pub warnings: Vec<ConfigWarning>,
}

/// One value per setting, as the layers override each other.
#[derive(Default)]
struct Fields {
    org_id: Option<String>,
    client_id: Option<String>,
    secret: Option<Secret>,
    scopes: Option<String>,
    sandbox: Option<String>,
    environment: Option<String>,
    endpoint: Option<String>,
    ims_endpoint: Option<String>,
}

fn set<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

fn nonempty(s: Option<&String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

pub fn resolve(inputs: &Inputs<'_>) -> Result<Resolved, ConfigError> {
    let (flags, env) = (inputs.flags, inputs.env);
    let var = |k: &str| nonempty(env.get(k));
    let mut warnings = Vec::new();
    let wanted_sandbox = nonempty(flags.sandbox.as_ref()).or_else(|| var("FLOWSCOPE_SANDBOX"));
    if flags.demo {
        return Ok(Resolved {
            target: Target::Demo {
                sandbox: wanted_sandbox,
            },
            profile: None,
            warnings,
        });
    }

    let mut f = Fields::default();
    let mut profile_used = None;
    let mut origin = String::from("FLOWSCOPE_* environment variables");
    if let Some(file) = inputs.aepp {
        let (a, w) = parse_aepp(&file.path, &file.contents)?;
        warnings.extend(w);
        if a.secret.is_some() {
            permission_warning(file, &mut warnings);
        }
        origin = format!("aepp config {}", file.path.display());
        f = Fields {
            org_id: a.org_id,
            client_id: a.client_id,
            secret: a.secret,
            scopes: a.scopes,
            sandbox: a.sandbox,
            environment: a.environment,
            endpoint: a.endpoint,
            ims_endpoint: None,
        };
    } else {
        let settings = match inputs.settings {
            Some(file) => {
                let s = Settings::parse(&file.path, &file.contents)?;
                if s.holds_secret() {
                    permission_warning(file, &mut warnings);
                }
                Some((s, file))
            }
            None => None,
        };
        let asked = nonempty(flags.profile.as_ref()).or_else(|| var("FLOWSCOPE_PROFILE"));
        if let Some((name, profile)) = select_profile(settings.as_ref().map(|(s, _)| s), asked)? {
            if let Some((_, file)) = &settings {
                origin = format!("profile `{name}` in {}", file.path.display());
            }
            if let Some(aws) = aws_settings(&name, profile, &origin)? {
                return Ok(Resolved {
                    target: Target::Aws(aws),
                    profile: Some(name),
                    warnings,
                });
            }
            f = from_profile(profile);
            profile_used = Some(name);
        }
    }

    set(&mut f.org_id, var("FLOWSCOPE_ORG_ID"));
    set(&mut f.client_id, var("FLOWSCOPE_CLIENT_ID"));
    set(
        &mut f.secret,
        var("FLOWSCOPE_CLIENT_SECRET").map(Secret::new),
    );
    set(
        &mut f.scopes,
        var("FLOWSCOPE_SCOPES").map(|s| normalise_scopes(s.split(','))),
    );
    set(&mut f.sandbox, wanted_sandbox);
    set(&mut f.endpoint, var("FLOWSCOPE_ENDPOINT"));
    set(&mut f.endpoint, nonempty(flags.endpoint.as_ref()));
    set(&mut f.ims_endpoint, var("FLOWSCOPE_IMS_ENDPOINT"));
    set(&mut f.ims_endpoint, nonempty(flags.ims_endpoint.as_ref()));

    let has_credentials = f.org_id.is_some() || f.client_id.is_some() || f.secret.is_some();
    if !has_credentials {
        let target = match &f.endpoint {
            None => Target::Demo { sandbox: f.sandbox },
            Some(endpoint) => {
                check_url(endpoint, "endpoint")?;
                let mut cfg = ClientConfig::for_emulator(endpoint);
                if let Some(ims) = &f.ims_endpoint {
                    check_url(ims, "IMS endpoint")?;
                    cfg.ims_url = ims.trim_end_matches('/').to_string();
                }
                if let Some(sb) = f.sandbox {
                    cfg.sandbox = sb;
                }
                Target::Emulator(Box::new(cfg))
            }
        };
        return Ok(Resolved {
            target,
            profile: profile_used,
            warnings,
        });
    }

    let (org_id, client_id, secret) = match (f.org_id, f.client_id, f.secret) {
        (Some(o), Some(c), Some(s)) if !s.is_empty() => (o, c, s),
        (o, c, s) => {
            let mut missing = Vec::new();
            if o.is_none() {
                missing.push("org_id");
            }
            if c.is_none() {
                missing.push("client_id");
            }
            if s.is_none_or(|s| s.is_empty()) {
                missing.push("client_secret");
            }
            return Err(ConfigError::Incomplete { origin, missing });
        }
    };
    let scopes = match f.scopes.filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => {
            warnings.push(ConfigWarning::DefaultScopes {
                origin: origin.clone(),
            });
            DEFAULT_SCOPES.to_string()
        }
    };
    let environment = f.environment.unwrap_or_else(|| "prod".to_string());
    let platform = match (&f.endpoint, environment.as_str()) {
        (Some(e), _) => e.clone(),
        (None, "support") => {
            return Err(ConfigError::Invalid(format!(
                "{origin}: environment `support` needs an endpoint (--endpoint URL)"
            )));
        }
        (None, env) => platform_url_for(env),
    };
    let ims = match (&f.ims_endpoint, &f.endpoint) {
        (Some(i), _) => i.clone(),
        (None, Some(e)) if is_loopback_url(e) => e.clone(),
        _ => ims_url_for(&environment),
    };
    check_url(&platform, "endpoint")?;
    check_url(&ims, "IMS endpoint")?;
    let cfg = ClientConfig::new(
        platform.trim_end_matches('/'),
        ims.trim_end_matches('/'),
        org_id,
        client_id,
        secret,
        scopes,
        f.sandbox.unwrap_or_else(|| "prod".to_string()),
    );
    Ok(Resolved {
        target: Target::Remote(Box::new(cfg)),
        profile: profile_used,
        warnings,
    })
}

/// The asked-for profile, else `default_profile`, else the only one, else one named `default`.
fn select_profile(
    settings: Option<&Settings>,
    asked: Option<String>,
) -> Result<Option<(String, &Profile)>, ConfigError> {
    let Some(s) = settings else {
        return match asked {
            Some(name) => Err(ConfigError::UnknownProfile {
                name,
                available: Vec::new(),
            }),
            None => Ok(None),
        };
    };
    let name = asked.or_else(|| s.default_profile.clone());
    if let Some(name) = name {
        return match s.profiles.get(&name) {
            Some(p) => Ok(Some((name, p))),
            None => Err(ConfigError::UnknownProfile {
                name,
                available: s.profile_names(),
            }),
        };
    }
    if s.profiles.len() == 1 {
        return Ok(s.profiles.iter().next().map(|(n, p)| (n.clone(), p)));
    }
    if let Some(p) = s.profiles.get("default") {
        return Ok(Some(("default".to_string(), p)));
    }
    if s.profiles.is_empty() {
        return Ok(None);
    }
    Err(ConfigError::Invalid(format!(
        "several profiles ({}) and no default_profile: pick one with --profile or FLOWSCOPE_PROFILE",
        s.profile_names().join(", ")
    )))
}

/// The AWS settings of a profile with `provider = "aws"`, None for an AEP profile.
fn aws_settings(
    name: &str,
    p: &Profile,
    origin: &str,
) -> Result<Option<crate::api::aws::AwsSettings>, ConfigError> {
    let clean = |s: &Option<String>| nonempty(s.as_ref());
    match clean(&p.provider).as_deref() {
        None | Some("aep") => Ok(None),
        Some("aws") => {
            if let Some(url) = clean(&p.endpoint) {
                check_url(&url, "endpoint")?;
            }
            Ok(Some(crate::api::aws::AwsSettings {
                profile: clean(&p.aws_profile),
                region: clean(&p.region),
                endpoint: clean(&p.endpoint),
                static_keys: None,
            }))
        }
        Some(other) => Err(ConfigError::Invalid(format!(
            "{origin}: profile `{name}` has provider `{other}`; use `aep` or `aws`"
        ))),
    }
}

fn from_profile(p: &Profile) -> Fields {
    let clean = |s: &Option<String>| nonempty(s.as_ref());
    Fields {
        org_id: clean(&p.org_id),
        client_id: clean(&p.client_id),
        secret: p.client_secret.clone().filter(|s| !s.is_empty()),
        scopes: p.scopes.as_ref().map(|s| s.joined()),
        sandbox: clean(&p.sandbox),
        environment: clean(&p.environment),
        endpoint: clean(&p.endpoint),
        ims_endpoint: clean(&p.ims_endpoint),
    }
}

fn permission_warning(file: &ConfigFile, warnings: &mut Vec<ConfigWarning>) {
    if let Some(mode) = file.mode.filter(|m| m & 0o077 != 0) {
        warnings.push(ConfigWarning::LoosePermissions {
            path: file.path.clone(),
            mode,
        });
    }
}

fn check_url(u: &str, what: &str) -> Result<(), ConfigError> {
    match url::Url::parse(u.trim()) {
        Ok(p) if matches!(p.scheme(), "http" | "https") && p.host().is_some() => Ok(()),
        _ => Err(ConfigError::Invalid(format!(
            "the {what} `{u}` is not an http(s) URL"
        ))),
    }
}
