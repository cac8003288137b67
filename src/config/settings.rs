//! The settings file, `config.toml`: named profiles of credentials and endpoints.
//!
//! ```toml
//! default_profile = "work"
//!
//! [profiles.work]
//! org_id = "1234@AdobeOrg"
//! client_id = "abc"
//! client_secret = "p8e-…"
//! scopes = "openid,AdobeID,read_organizations"   # or a list
//! sandbox = "prod"
//! environment = "prod"                            # or "stage"; or give endpoints:
//! # endpoint = "https://platform.adobe.io"
//! # ims_endpoint = "https://ims-na1.adobelogin.com"
//! ```
//!
//! Unknown keys inside a profile are errors (a typo in `client_secret` should not pass
//! silently); unknown top-level tables are left for other settings.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::error::{ConfigError, line_col};
use crate::model::Secret;

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Settings {
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub org_id: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub scopes: Option<Scopes>,
    pub sandbox: Option<String>,
    pub environment: Option<String>,
    pub endpoint: Option<String>,
    pub ims_endpoint: Option<String>,
    /// `aep` (the default) or `aws`: an AWS profile explores Customer Profiles and
    /// AppFlow with the standard AWS settings.
    pub provider: Option<String>,
    /// AWS only: the named profile of `~/.aws/config` (else `AWS_PROFILE`).
    pub aws_profile: Option<String>,
    /// AWS only: the region (else `AWS_REGION` or the AWS profile's).
    pub region: Option<String>,
}

/// `"a,b"` or `["a", "b"]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Scopes {
    Joined(String),
    List(Vec<String>),
}

impl Scopes {
    /// The comma-separated form IMS wants, without spaces.
    pub fn joined(&self) -> String {
        match self {
            Scopes::Joined(s) => normalise_scopes(s.split(',')),
            Scopes::List(v) => normalise_scopes(v.iter().map(String::as_str)),
        }
    }
}

pub(crate) fn normalise_scopes<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    parts
        // A list entry may hold commas itself (`["openid,", "AdobeID"]`): split it too, so
        // no empty scope is left between two commas of the joined form.
        .flat_map(|p| p.split(','))
        .map(|p| p.split_whitespace().collect::<String>())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

impl Settings {
    pub fn parse(path: &Path, contents: &str) -> Result<Settings, ConfigError> {
        toml::from_str(contents).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((1, 1), |span| line_col(contents, span.start));
            ConfigError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })
    }

    pub fn holds_secret(&self) -> bool {
        self.profiles
            .values()
            .any(|p| p.client_secret.as_ref().is_some_and(|s| !s.is_empty()))
    }

    pub fn profile_names(&self) -> Vec<String> {
        self.profiles.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_parse_with_either_scope_form() {
        let s = Settings::parse(
            Path::new("c.toml"),
            r#"
default_profile = "a"
[profiles.a]
org_id = "O@AdobeOrg"
client_id = "cid"
client_secret = "sec"
scopes = "openid, AdobeID"
[profiles.b]
scopes = ["openid", "read_organizations"]
[theme]
name = "dark"
"#,
        )
        .unwrap();
        assert_eq!(s.default_profile.as_deref(), Some("a"));
        assert_eq!(
            s.profiles["a"].scopes.as_ref().unwrap().joined(),
            "openid,AdobeID"
        );
        assert_eq!(
            s.profiles["b"].scopes.as_ref().unwrap().joined(),
            "openid,read_organizations"
        );
        assert!(s.holds_secret());
        assert!(!format!("{s:?}").contains("sec\""));
    }

    #[test]
    fn syntax_errors_name_file_line_and_column() {
        let e = Settings::parse(
            Path::new("/etc/fs/config.toml"),
            "[profiles.a]\norg_id = \"x\"\nclient_id = = 3\n",
        )
        .unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("/etc/fs/config.toml:3:"), "{text}");
    }

    #[test]
    fn a_typo_in_a_profile_is_an_error_on_its_line() {
        let e = Settings::parse(
            Path::new("config.toml"),
            "[profiles.a]\norg_id = \"x\"\nclient_secert = \"s\"\n",
        )
        .unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("config.toml:3:"), "{text}");
        assert!(text.contains("client_secert"), "{text}");
    }

    #[test]
    fn wrong_types_are_errors_too() {
        let e = Settings::parse(Path::new("c.toml"), "default_profile = 3\n").unwrap_err();
        assert!(e.to_string().starts_with("c.toml:1:"), "{e}");
    }
}
