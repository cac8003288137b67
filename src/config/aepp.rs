//! aepp's JSON config files, read unchanged (`--aepp-config FILE`).
//!
//! aepp's `createConfigFile` writes `org_id`, `client_id`, `secret`, `sandbox-name` and
//! `environment`, plus `scopes` for OAuth server-to-server ("oauthV2", its default),
//! `auth_code` for oauthV1, or `tech_id` and `pathToKey` for the retired JWT flow.
//! `importConfigFile` matches keys case-insensitively, takes `api_key` as the older name of
//! `client_id`, `client_secret` (or the first of `client_secrets`) for `secret`, scopes as
//! a string (spaces removed) or a list (joined with commas), and defaults `sandbox-name`
//! and `environment` to `prod`. We read the same.
//!
//! JWT files: Adobe's migration to OAuth server-to-server keeps the client id and secret, so
//! such a file is used with the default AEP scopes and a warning. oauthV1 (`auth_code`) is
//! for Adobe-internal services and refused with an explanation.

use std::path::Path;

use serde_json::{Map, Value};

use super::error::{ConfigError, ConfigWarning, json_line_col};
use super::settings::normalise_scopes;
use crate::model::Secret;

/// What an aepp file says, before environment variables and flags are applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AeppFile {
    pub org_id: Option<String>,
    pub client_id: Option<String>,
    pub secret: Option<Secret>,
    pub scopes: Option<String>,
    pub sandbox: Option<String>,
    pub environment: Option<String>,
    /// Not written by aepp; read if present so an `environment: "support"` file can carry
    /// its gateway.
    pub endpoint: Option<String>,
}

fn get<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn get_str(obj: &Map<String, Value>, key: &str) -> Option<String> {
    get(obj, key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub fn parse_aepp(
    path: &Path,
    contents: &str,
) -> Result<(AeppFile, Vec<ConfigWarning>), ConfigError> {
    let v: Value = serde_json::from_str(contents).map_err(|e| {
        // serde_json counts columns in bytes and repeats the position in its message: the
        // error carries it once, in characters, as the settings file's errors do.
        let (line, column) = json_line_col(contents, e.line(), e.column());
        let full = e.to_string();
        let message = full
            .rfind(" at line ")
            .map_or(full.as_str(), |n| &full[..n]);
        ConfigError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: message.to_string(),
        }
    })?;
    let Value::Object(obj) = v else {
        return Err(ConfigError::Parse {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "an aepp config file is a JSON object".into(),
        });
    };
    let origin = format!("aepp config {}", path.display());
    let mut warnings = Vec::new();

    let secret = get_str(&obj, "secret")
        .or_else(|| get_str(&obj, "client_secret"))
        .or_else(|| {
            get(&obj, "client_secrets")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .map(Secret::new);

    let scopes = match get(&obj, "scopes") {
        Some(Value::String(s)) => Some(normalise_scopes(s.split(','))),
        Some(Value::Array(a)) => Some(normalise_scopes(a.iter().filter_map(Value::as_str))),
        _ => None,
    }
    .filter(|s| !s.is_empty());

    if scopes.is_none() {
        if get(&obj, "auth_code").is_some() {
            return Err(ConfigError::Invalid(format!(
                "{origin} is an oauthV1 (auth_code) file, which is for Adobe-internal services; \
                 flowscope needs OAuth server-to-server credentials (add `scopes`)"
            )));
        }
        if get(&obj, "tech_id").is_some() || get(&obj, "pathToKey").is_some() {
            warnings.push(ConfigWarning::Ignored {
                origin: origin.clone(),
                what: "the JWT fields tech_id/pathToKey (JWT credentials are retired; the client id and secret are used for OAuth server-to-server)".into(),
            });
        }
    }

    let file = AeppFile {
        org_id: get_str(&obj, "org_id"),
        client_id: get_str(&obj, "client_id").or_else(|| get_str(&obj, "api_key")),
        secret,
        scopes,
        sandbox: get_str(&obj, "sandbox-name").or_else(|| get_str(&obj, "sandbox")),
        environment: get_str(&obj, "environment"),
        endpoint: get_str(&obj, "endpoint"),
    };
    Ok((file, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<(AeppFile, Vec<ConfigWarning>), ConfigError> {
        parse_aepp(Path::new("aepp.json"), s)
    }

    #[test]
    fn oauth_v2_file_as_create_config_file_writes_it() {
        let (f, w) = parse(
            r#"{"org_id": "O@AdobeOrg", "client_id": "cid", "secret": "s3",
                "sandbox-name": "dev", "environment": "prod",
                "scopes": "openid, AdobeID, read_organizations"}"#,
        )
        .unwrap();
        assert_eq!(f.org_id.as_deref(), Some("O@AdobeOrg"));
        assert_eq!(f.client_id.as_deref(), Some("cid"));
        assert_eq!(f.secret.as_ref().map(Secret::expose), Some("s3"));
        assert_eq!(
            f.scopes.as_deref(),
            Some("openid,AdobeID,read_organizations")
        );
        assert_eq!(f.sandbox.as_deref(), Some("dev"));
        assert!(w.is_empty());
    }

    #[test]
    fn keys_are_case_insensitive_and_old_names_are_read() {
        let (f, _) = parse(
            r#"{"ORG_ID": "O@AdobeOrg", "API_KEY": "old", "Client_Secrets": ["first", "second"],
                "Scopes": ["openid", "AdobeID"]}"#,
        )
        .unwrap();
        assert_eq!(f.client_id.as_deref(), Some("old"));
        assert_eq!(f.secret.as_ref().map(Secret::expose), Some("first"));
        assert_eq!(f.scopes.as_deref(), Some("openid,AdobeID"));
        assert_eq!(f.sandbox, None);
    }

    #[test]
    fn jwt_files_warn_and_oauth_v1_files_are_refused() {
        let (f, w) = parse(
            r#"{"org_id": "O", "client_id": "c", "secret": "s", "tech_id": "t@techacct.adobe.com",
                "pathToKey": "private.key", "sandbox-name": "prod", "environment": "prod"}"#,
        )
        .unwrap();
        assert_eq!(f.scopes, None);
        assert_eq!(w.len(), 1);
        let e = parse(r#"{"org_id": "O", "client_id": "c", "secret": "s", "auth_code": "x"}"#)
            .unwrap_err();
        assert!(e.to_string().contains("oauthV1"), "{e}");
    }

    #[test]
    fn bad_json_names_the_line() {
        let e = parse("{\n  \"org_id\": \"O\",\n  \"client_id\" \"c\"\n}").unwrap_err();
        assert!(e.to_string().starts_with("aepp.json:3:"), "{e}");
        assert!(parse("[1]").is_err());
    }
}
