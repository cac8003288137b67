//! Configuration resolution: file, environment and flag precedence, demo defaults, aepp
//! files, permission warnings and error messages. Pure: no real environment or files,
//! except the last test, which reads through a temporary directory.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use flowscope::api::ClientConfig;
use flowscope::config::{
    ConfigError, ConfigFile, ConfigWarning, Flags, Inputs, Resolved, Target, resolve,
};

const SETTINGS: &str = r#"
default_profile = "work"

[profiles.work]
org_id = "WORK@AdobeOrg"
client_id = "work-id"
client_secret = "work-secret"
scopes = ["openid", "AdobeID", "read_organizations"]
sandbox = "prod"

[profiles.stage]
org_id = "STAGE@AdobeOrg"
client_id = "stage-id"
client_secret = "stage-secret"
scopes = "openid,AdobeID"
environment = "stage"
sandbox = "qa"
"#;

fn file(name: &str, contents: &str, mode: u32) -> ConfigFile {
    ConfigFile {
        path: PathBuf::from(name),
        contents: contents.to_string(),
        mode: Some(mode),
    }
}

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn run(
    settings: Option<&ConfigFile>,
    aepp: Option<&ConfigFile>,
    env: &BTreeMap<String, String>,
    flags: &Flags,
) -> Result<Resolved, ConfigError> {
    resolve(&Inputs {
        settings,
        aepp,
        env,
        flags,
    })
}

fn remote(r: &Resolved) -> &ClientConfig {
    match &r.target {
        Target::Remote(c) | Target::Emulator(c) => c,
        other => panic!("expected a remote target, got {other:?}"),
    }
}

#[test]
fn nothing_configured_means_the_demo() {
    let r = run(None, None, &env(&[]), &Flags::default()).unwrap();
    assert_eq!(r.target, Target::Demo { sandbox: None });
    assert!(r.warnings.is_empty());
    let empty = file("c.toml", "", 0o600);
    let r = run(Some(&empty), None, &env(&[]), &Flags::default()).unwrap();
    assert_eq!(r.target, Target::Demo { sandbox: None });
}

#[test]
fn demo_flag_wins_over_credentials() {
    let s = file("c.toml", SETTINGS, 0o600);
    let flags = Flags {
        demo: true,
        sandbox: Some("dev".into()),
        ..Flags::default()
    };
    let r = run(Some(&s), None, &env(&[]), &flags).unwrap();
    assert_eq!(
        r.target,
        Target::Demo {
            sandbox: Some("dev".into())
        }
    );
}

#[test]
fn default_profile_from_the_file() {
    let s = file("c.toml", SETTINGS, 0o600);
    let r = run(Some(&s), None, &env(&[]), &Flags::default()).unwrap();
    let c = remote(&r);
    assert_eq!(r.profile.as_deref(), Some("work"));
    assert_eq!(c.org_id, "WORK@AdobeOrg");
    assert_eq!(c.client_id, "work-id");
    assert_eq!(c.client_secret.expose(), "work-secret");
    assert_eq!(c.scopes, "openid,AdobeID,read_organizations");
    assert_eq!(c.platform_url, "https://platform.adobe.io");
    assert_eq!(c.ims_url, "https://ims-na1.adobelogin.com");
    assert_eq!(c.sandbox, "prod");
    assert!(r.warnings.is_empty());
}

#[test]
fn env_profile_then_flag_profile_select_and_stage_maps_endpoints() {
    let s = file("c.toml", SETTINGS, 0o600);
    let e = env(&[("FLOWSCOPE_PROFILE", "stage")]);
    let r = run(Some(&s), None, &e, &Flags::default()).unwrap();
    let c = remote(&r);
    assert_eq!(c.client_id, "stage-id");
    assert_eq!(c.platform_url, "https://platform-stage.adobe.io");
    assert_eq!(c.ims_url, "https://ims-na1-stg1.adobelogin.com");
    assert_eq!(c.sandbox, "qa");
    let flags = Flags {
        profile: Some("work".into()),
        ..Flags::default()
    };
    let r = run(Some(&s), None, &e, &flags).unwrap();
    assert_eq!(remote(&r).client_id, "work-id");
}

#[test]
fn environment_variables_beat_the_file_and_flags_beat_both() {
    let s = file("c.toml", SETTINGS, 0o600);
    let e = env(&[
        ("FLOWSCOPE_ORG_ID", "ENV@AdobeOrg"),
        ("FLOWSCOPE_CLIENT_ID", "env-id"),
        ("FLOWSCOPE_CLIENT_SECRET", "env-secret"),
        ("FLOWSCOPE_SCOPES", "openid, session"),
        ("FLOWSCOPE_SANDBOX", "env-sb"),
        ("FLOWSCOPE_ENDPOINT", "https://gw.example.test"),
        ("FLOWSCOPE_IMS_ENDPOINT", "https://ims.example.test/"),
    ]);
    let r = run(Some(&s), None, &e, &Flags::default()).unwrap();
    let c = remote(&r);
    assert_eq!(
        (
            c.org_id.as_str(),
            c.client_id.as_str(),
            c.client_secret.expose()
        ),
        ("ENV@AdobeOrg", "env-id", "env-secret")
    );
    assert_eq!(c.scopes, "openid,session");
    assert_eq!(c.sandbox, "env-sb");
    assert_eq!(c.platform_url, "https://gw.example.test");
    assert_eq!(c.ims_url, "https://ims.example.test");

    let flags = Flags {
        sandbox: Some("flag-sb".into()),
        endpoint: Some("https://flag.example.test".into()),
        ims_endpoint: Some("https://flag-ims.example.test".into()),
        ..Flags::default()
    };
    let r = run(Some(&s), None, &e, &flags).unwrap();
    let c = remote(&r);
    assert_eq!(c.sandbox, "flag-sb");
    assert_eq!(c.platform_url, "https://flag.example.test");
    assert_eq!(c.ims_url, "https://flag-ims.example.test");
}

#[test]
fn empty_environment_values_do_not_override() {
    let s = file("c.toml", SETTINGS, 0o600);
    let e = env(&[("FLOWSCOPE_CLIENT_ID", "  "), ("FLOWSCOPE_SANDBOX", "")]);
    let r = run(Some(&s), None, &e, &Flags::default()).unwrap();
    assert_eq!(remote(&r).client_id, "work-id");
    assert_eq!(remote(&r).sandbox, "prod");
}

#[test]
fn credentials_from_the_environment_alone() {
    let e = env(&[
        ("FLOWSCOPE_ORG_ID", "E@AdobeOrg"),
        ("FLOWSCOPE_CLIENT_ID", "cid"),
        ("FLOWSCOPE_CLIENT_SECRET", "sec"),
    ]);
    let r = run(None, None, &e, &Flags::default()).unwrap();
    let c = remote(&r);
    assert_eq!(c.platform_url, "https://platform.adobe.io");
    // No scopes anywhere: the AEP defaults, with a warning.
    assert!(c.scopes.contains("AdobeID"));
    assert!(matches!(
        r.warnings.as_slice(),
        [ConfigWarning::DefaultScopes { .. }]
    ));
}

#[test]
fn partial_credentials_name_what_is_missing() {
    let e = env(&[("FLOWSCOPE_CLIENT_ID", "cid")]);
    let err = run(None, None, &e, &Flags::default()).unwrap_err();
    match &err {
        ConfigError::Incomplete { missing, .. } => {
            assert_eq!(missing, &vec!["org_id", "client_secret"])
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("org_id, client_secret"), "{err}");
}

#[test]
fn endpoint_without_credentials_is_a_running_emulator() {
    let flags = Flags {
        endpoint: Some("http://127.0.0.1:41234/".into()),
        sandbox: Some("dev".into()),
        ..Flags::default()
    };
    let r = run(None, None, &env(&[]), &flags).unwrap();
    let c = remote(&r);
    assert_eq!(c.platform_url, "http://127.0.0.1:41234");
    assert_eq!(c.ims_url, "http://127.0.0.1:41234");
    assert_eq!(c.sandbox, "dev");
    assert!(!c.client_id.is_empty() && !c.client_secret.is_empty());

    let e = env(&[("FLOWSCOPE_ENDPOINT", "http://localhost:9999")]);
    let r = run(None, None, &e, &Flags::default()).unwrap();
    assert_eq!(remote(&r).platform_url, "http://localhost:9999");
}

#[test]
fn a_loopback_endpoint_with_credentials_also_serves_ims() {
    let s = file("c.toml", SETTINGS, 0o600);
    let flags = Flags {
        endpoint: Some("http://127.0.0.1:5000".into()),
        ..Flags::default()
    };
    let r = run(Some(&s), None, &env(&[]), &flags).unwrap();
    let c = remote(&r);
    assert_eq!(c.client_id, "work-id");
    assert_eq!(c.ims_url, "http://127.0.0.1:5000");
    // A remote endpoint does not: IMS stays the environment's.
    let flags = Flags {
        endpoint: Some("https://gw.example.test".into()),
        ..Flags::default()
    };
    let r = run(Some(&s), None, &env(&[]), &flags).unwrap();
    assert_eq!(remote(&r).ims_url, "https://ims-na1.adobelogin.com");
}

#[test]
fn unknown_profile_lists_the_known_ones() {
    let s = file("c.toml", SETTINGS, 0o600);
    let flags = Flags {
        profile: Some("nope".into()),
        ..Flags::default()
    };
    let err = run(Some(&s), None, &env(&[]), &flags).unwrap_err();
    assert_eq!(
        err.to_string(),
        "profile `nope` not found (known: stage, work)"
    );
    let err = run(None, None, &env(&[]), &flags).unwrap_err();
    assert!(matches!(err, ConfigError::UnknownProfile { .. }));
}

#[test]
fn several_profiles_without_a_default_is_an_error_but_one_profile_is_used() {
    let no_default = SETTINGS.replace("default_profile = \"work\"", "");
    let s = file("c.toml", &no_default, 0o600);
    let err = run(Some(&s), None, &env(&[]), &Flags::default()).unwrap_err();
    assert!(err.to_string().contains("--profile"), "{err}");
    let one = file(
        "c.toml",
        "[profiles.only]\norg_id = \"O\"\nclient_id = \"c\"\nclient_secret = \"s\"\nscopes = \"openid\"\n",
        0o600,
    );
    let r = run(Some(&one), None, &env(&[]), &Flags::default()).unwrap();
    assert_eq!(r.profile.as_deref(), Some("only"));
}

#[test]
fn a_readable_secret_file_warns_with_chmod() {
    let s = file("/home/u/.config/flowscope/config.toml", SETTINGS, 0o100644);
    let r = run(Some(&s), None, &env(&[]), &Flags::default()).unwrap();
    let text: Vec<String> = r.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(text[0].contains("/home/u/.config/flowscope/config.toml"));
    assert!(text[0].contains("chmod 600"));
    // Private, or no secret in it: no warning.
    let private = file("c.toml", SETTINGS, 0o100600);
    assert!(
        run(Some(&private), None, &env(&[]), &Flags::default())
            .unwrap()
            .warnings
            .is_empty()
    );
    let no_secret = file("c.toml", "[profiles.a]\nsandbox = \"dev\"\n", 0o644);
    assert!(
        run(Some(&no_secret), None, &env(&[]), &Flags::default())
            .unwrap()
            .warnings
            .is_empty()
    );
}

#[test]
fn bad_toml_names_the_file_and_line() {
    let s = file(
        "/etc/flowscope/config.toml",
        "default_profile = \"a\"\n[profiles.a\n",
        0o600,
    );
    let err = run(Some(&s), None, &env(&[]), &Flags::default()).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("/etc/flowscope/config.toml:2:"), "{text}");
}

#[test]
fn an_aepp_file_replaces_the_profile_and_env_still_overrides() {
    let s = file("c.toml", SETTINGS, 0o600);
    let a = file(
        "aepp.json",
        r#"{"org_id": "AEPP@AdobeOrg", "client_id": "aepp-id", "secret": "aepp-secret",
            "scopes": "openid,AdobeID,read_organizations", "sandbox-name": "dev", "environment": "prod"}"#,
        0o644,
    );
    let flags = Flags {
        aepp_config: Some("aepp.json".into()),
        ..Flags::default()
    };
    let r = run(Some(&s), Some(&a), &env(&[]), &flags).unwrap();
    let c = remote(&r);
    assert_eq!(
        (c.org_id.as_str(), c.client_id.as_str()),
        ("AEPP@AdobeOrg", "aepp-id")
    );
    assert_eq!(c.sandbox, "dev");
    assert_eq!(r.profile, None);
    assert!(matches!(
        r.warnings.as_slice(),
        [ConfigWarning::LoosePermissions { .. }]
    ));
    let e = env(&[("FLOWSCOPE_SANDBOX", "prod")]);
    let r = run(Some(&s), Some(&a), &e, &flags).unwrap();
    assert_eq!(remote(&r).sandbox, "prod");
}

#[test]
fn an_aepp_jwt_file_uses_default_scopes_and_says_so() {
    let a = file(
        "old.json",
        r#"{"org_id": "O@AdobeOrg", "api_key": "cid", "secret": "s", "tech_id": "t@techacct.adobe.com",
            "pathToKey": "k.key", "sandbox-name": "prod", "environment": "stage"}"#,
        0o600,
    );
    let r = run(None, Some(&a), &env(&[]), &Flags::default()).unwrap();
    let c = remote(&r);
    assert_eq!(c.client_id, "cid");
    assert_eq!(c.platform_url, "https://platform-stage.adobe.io");
    assert_eq!(r.warnings.len(), 2, "{:?}", r.warnings);
}

#[test]
fn bad_urls_are_refused() {
    let flags = Flags {
        endpoint: Some("not a url".into()),
        ..Flags::default()
    };
    let err = run(None, None, &env(&[]), &flags).unwrap_err();
    assert!(err.to_string().contains("not a url"), "{err}");
}

#[test]
fn secrets_stay_out_of_debug_output() {
    let s = file("c.toml", SETTINGS, 0o600);
    let r = run(Some(&s), None, &env(&[]), &Flags::default()).unwrap();
    let shown = format!("{r:?}");
    assert!(!shown.contains("work-secret"), "{shown}");
}

#[cfg(unix)]
#[test]
fn load_reads_files_from_disk_with_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, SETTINGS).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let e = env(&[("FLOWSCOPE_CONFIG", path.to_str().unwrap())]);
    let r = flowscope::config::load_with(&Flags::default(), &e).unwrap();
    assert_eq!(remote(&r).client_id, "work-id");
    assert!(matches!(
        r.warnings.as_slice(),
        [ConfigWarning::LoosePermissions { mode, .. }] if mode & 0o777 == 0o640
    ));
    // An explicit FLOWSCOPE_CONFIG that does not exist is an error, naming it.
    let missing = dir.path().join("missing.toml");
    let e = env(&[("FLOWSCOPE_CONFIG", missing.to_str().unwrap())]);
    let err = flowscope::config::load_with(&Flags::default(), &e).unwrap_err();
    assert!(err.to_string().contains("missing.toml"), "{err}");
}
