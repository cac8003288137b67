//! Tests of how the client is configured. The environment-driven cases (endpoint
//! variables, a missing credential chain, an SSO profile without a login) run this test
//! binary again as a child process with a prepared environment, so this process's
//! environment is never changed: `child` does the work there and is a no-op here.

use std::collections::HashMap;

use super::*;
use crate::aws::AwsErrorKind;
use crate::aws::pages::collect_pages;
use crate::aws::stub::Stub;

/// Names the scenario `child` runs; absent in a normal test run.
const SCENARIO: &str = "FLOWSCOPE_AWS_CHILD";

#[test]
fn endpoints_resolve_in_the_sdk_order() {
    let env: HashMap<&str, &str> = [
        (ENV_ENDPOINT, "http://global:1"),
        (ENV_ENDPOINT_APPFLOW, "http://flow:2"),
    ]
    .into();
    let get = |k: &str| env.get(k).map(|v| v.to_string());
    let e = configured_endpoints(None, get);
    assert_eq!(e.profiles.as_deref(), Some("http://global:1"));
    assert_eq!(e.appflow.as_deref(), Some("http://flow:2"));
    assert_eq!(
        e.label().as_deref(),
        Some("http://global:1 (Customer Profiles), http://flow:2 (AppFlow)")
    );
    let pinned = configured_endpoints(Some("http://emu:3"), get);
    assert_eq!(pinned.label().as_deref(), Some("http://emu:3"));
    let ignored = configured_endpoints(None, |k| match k {
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS" => Some("true".into()),
        _ => Some("http://x:1".into()),
    });
    assert_eq!(ignored, Endpoints::default());
    assert_eq!(configured_endpoints(None, |_| None).label(), None);
}

#[tokio::test]
async fn settings_pin_region_endpoint_and_keys() {
    let stub = Stub::empty().await;
    let c = AwsClient::connect(&AwsSettings::emulator(&stub.url))
        .await
        .unwrap();
    assert_eq!(c.region(), "us-east-1");
    assert_eq!(c.region_source(), RegionSource::Settings);
    assert_eq!(c.endpoint(), Some(stub.url.as_str()));
    assert!(collect_pages(c.domains()).await.unwrap().is_empty());
    assert!(collect_pages(c.flows()).await.unwrap().is_empty());
    let seen = stub.seen();
    assert_eq!(seen[0].method, "GET");
    assert!(seen[0].path.starts_with("/domains"), "{:?}", seen[0]);
    assert_eq!(seen[1].path, "/list-flows");
    let auth = seen[0].header("authorization").unwrap();
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIAFLOWSCOPEDEMOKEY/"),
        "{auth}"
    );
    assert!(auth.contains("/us-east-1/profile/aws4_request"), "{auth}");
    assert!(
        seen[1]
            .header("authorization")
            .unwrap()
            .contains("/appflow/aws4_request")
    );
}

#[tokio::test]
async fn a_bad_endpoint_is_a_config_error() {
    let mut s = AwsSettings::emulator("ftp://x");
    let e = AwsClient::connect(&s).await.unwrap_err();
    assert_eq!(e.kind, AwsErrorKind::Config);
    s.endpoint = Some("not a url".into());
    assert_eq!(
        AwsClient::connect(&s).await.unwrap_err().kind,
        AwsErrorKind::Config
    );
}

/// Runs `child` with only `vars` in its environment and returns its output.
async fn run_child(scenario: &str, vars: &[(&str, String)]) -> String {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = tokio::process::Command::new(exe);
    cmd.env_clear()
        .env(SCENARIO, scenario)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/flowscope/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/flowscope/credentials",
        )
        .args(["--exact", "aws::connect::tests::child", "--nocapture"]);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().await.unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "child `{scenario}` failed:\n{text}");
    assert!(
        text.contains("1 passed"),
        "child `{scenario}` did not run:\n{text}"
    );
    text
}

#[tokio::test]
async fn per_service_endpoint_variables_reach_the_sdk() {
    let (global, profiles, appflow) = (
        Stub::empty().await,
        Stub::empty().await,
        Stub::empty().await,
    );
    run_child(
        "per-service",
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDCHILD".into()),
            ("AWS_SECRET_ACCESS_KEY", "child-secret".into()),
            ("AWS_REGION", "eu-west-1".into()),
            (ENV_ENDPOINT, global.url.clone()),
            (ENV_ENDPOINT_PROFILES, profiles.url.clone()),
            (ENV_ENDPOINT_APPFLOW, appflow.url.clone()),
        ],
    )
    .await;
    assert!(global.seen().is_empty(), "{:?}", global.seen());
    let p = profiles.seen();
    assert_eq!(p.len(), 1);
    assert!(p[0].path.starts_with("/domains"));
    assert!(p[0].header("authorization").unwrap().contains("AKIDCHILD/"));
    let a = appflow.seen();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].path, "/list-flows");
    assert!(
        a[0].header("authorization")
            .unwrap()
            .contains("/eu-west-1/appflow/")
    );

    // AWS_ENDPOINT_URL alone serves both.
    run_child(
        "global",
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDCHILD".into()),
            ("AWS_SECRET_ACCESS_KEY", "child-secret".into()),
            ("AWS_REGION", "eu-west-1".into()),
            (ENV_ENDPOINT, global.url.clone()),
        ],
    )
    .await;
    assert_eq!(global.seen().len(), 2);
}

#[tokio::test]
async fn no_credentials_anywhere_says_what_to_do() {
    let stub = Stub::empty().await;
    let out = run_child("no-credentials", &[(ENV_ENDPOINT, stub.url.clone())]).await;
    assert!(stub.seen().is_empty(), "nothing should be sent unsigned");
    assert!(out.contains("no AWS credentials found"), "{out}");
}

#[tokio::test]
async fn an_sso_profile_without_a_login_asks_for_one() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::write(
        &config,
        "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\n\
         sso_role_name = Reader\nregion = eu-central-1\n\n\
         [sso-session corp]\nsso_start_url = https://example.awsapps.com/start\n\
         sso_region = eu-central-1\n",
    )
    .unwrap();
    let stub = Stub::empty().await;
    let out = run_child(
        "sso",
        &[
            (ENV_ENDPOINT, stub.url.clone()),
            ("AWS_CONFIG_FILE", config.display().to_string()),
            ("HOME", home.path().display().to_string()),
        ],
    )
    .await;
    assert!(stub.seen().is_empty());
    assert!(out.contains("aws sso login --profile dev"), "{out}");
}

/// The child side of the environment scenarios; does nothing in a normal run.
#[tokio::test]
async fn child() {
    let Ok(scenario) = std::env::var(SCENARIO) else {
        return;
    };
    match scenario.as_str() {
        "per-service" | "global" => {
            let c = AwsClient::connect(&AwsSettings::default()).await.unwrap();
            assert_eq!(c.region(), "eu-west-1");
            assert_eq!(c.region_source(), RegionSource::Environment);
            let want = std::env::var(ENV_ENDPOINT_PROFILES)
                .or_else(|_| std::env::var(ENV_ENDPOINT))
                .unwrap();
            assert_eq!(c.endpoints().profiles.as_deref(), Some(want.as_str()));
            collect_pages(c.domains()).await.unwrap();
            collect_pages(c.flows()).await.unwrap();
        }
        "no-credentials" => {
            let c = AwsClient::connect(&AwsSettings::default()).await.unwrap();
            assert_eq!(c.region(), "us-east-1");
            assert_eq!(c.region_source(), RegionSource::Fallback);
            let e = collect_pages(c.domains()).await.unwrap_err();
            println!("error: {e}");
            assert_eq!(e.kind, AwsErrorKind::Credentials, "{e:?}");
            assert!(!e.unsure());
        }
        "sso" => {
            let settings = AwsSettings {
                profile: Some("dev".into()),
                ..AwsSettings::default()
            };
            let c = AwsClient::connect(&settings).await.unwrap();
            assert_eq!(c.region(), "eu-central-1");
            assert_eq!(c.region_source(), RegionSource::Environment);
            let e = collect_pages(c.flows()).await.unwrap_err();
            println!("error: {e}");
            assert_eq!(e.kind, AwsErrorKind::Credentials, "{e:?}");
        }
        other => panic!("unknown scenario {other}"),
    }
}
