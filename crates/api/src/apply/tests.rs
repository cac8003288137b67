//! The applier's decisions that need no service: plans refused before sending, names
//! matched to one object, and secrets asked of the environment up front. The requests
//! themselves are tested against the emulator in `tests/client_apply.rs`.
#![allow(clippy::unwrap_used)]

use serde_json::json;

use super::*;
use crate::ClientConfig;

fn seed_plan() -> Plan {
    serde_json::from_value(json!({"steps": [
        {"name": "base", "kind": "connection", "body": {"name": "b", "connectionSpec": {"id": "s3"},
            "auth": {"params": {"s3SecretKey": "${env:FLOWSCOPE_TEST_SECRET}"}}}},
        {"name": "source", "kind": "sourceConnection", "body": {"name": "s", "connectionSpec": {"id": "s3"},
            "baseConnectionId": "${base}"}}
    ]}))
    .unwrap()
}

/// A client that cannot reach anything: a test that used it would fail to connect.
fn unreachable() -> Client {
    Client::new(ClientConfig::for_emulator("http://127.0.0.1:9")).unwrap()
}

#[tokio::test]
async fn issues_and_unset_secrets_refuse_the_plan_before_anything_is_sent() {
    let mut plan = seed_plan();
    let opts = ApplyOptions::new(Existing::Reuse).with_env(|_| None);
    let mut events = Vec::new();
    let issues = apply(&unreachable(), &plan, &opts, |e| events.push(e))
        .await
        .unwrap_err();
    assert_eq!(issues.len(), 1);
    assert_eq!(
        issues[0].to_string(),
        "steps[0]/body/auth/params/s3SecretKey: the environment variable FLOWSCOPE_TEST_SECRET is not set"
    );
    plan.steps[1].body.as_mut().unwrap()["baseConnectionId"] = json!("${nothing}");
    let opts = opts.with_env(|_| Some("x".into()));
    let issues = apply(&unreachable(), &plan, &opts, |e| events.push(e))
        .await
        .unwrap_err();
    assert_eq!(issues[0].at, "/body/baseConnectionId");
    assert!(events.is_empty(), "nothing was even checked: {events:?}");
}

#[test]
fn one_object_of_the_name_is_picked_several_or_another_spec_are_errors() {
    let plan = seed_plan();
    let step = &plan.steps[0];
    assert_eq!(pick_ids(step, vec![]), Ok(None));
    assert_eq!(
        pick_ids(
            step,
            vec![json!({"id": "c1", "name": "b", "connectionSpec": {"id": "s3"}})]
        ),
        Ok(Some("c1".into()))
    );
    let many = lookup::pick(
        step,
        vec![
            json!({"id": "c1", "name": "b"}),
            json!({"id": "c2", "name": "b"}),
        ],
    )
    .unwrap_err();
    assert!(
        many.to_string()
            .contains("2 base connections are named 'b' (c1, c2)"),
        "{many}"
    );
    let other = lookup::pick(
        step,
        vec![json!({"id": "c1", "name": "b", "connectionSpec": {"id": "blob"}})],
    )
    .unwrap_err();
    assert!(matches!(other, ApplyError::Mismatch { .. }), "{other}");
    assert!(other.code().is_none() && !other.unsure());
}

fn pick_ids(step: &Step, found: Vec<Value>) -> Result<Option<String>, String> {
    lookup::pick(step, found).map_err(|e| e.to_string())
}
