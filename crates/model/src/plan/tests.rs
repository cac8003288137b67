//! The plan's checks, references, rollback and clone.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

use serde_json::{Value, json};

use super::*;

fn seed_plan() -> Plan {
    serde_json::from_value(json!({
        "description": "a landing-zone file into the Data Lake",
        "steps": [
            {"name": "source", "kind": "sourceConnection", "body": {
                "name": "DLZ orders", "connectionSpec": {"id": "26f526f2-58f4-4712-961d-e41bf1ccc0e8", "version": "1.0"},
                "data": {"format": "delimited"}, "params": {"path": "crm/orders.csv", "type": "file"}}},
            {"name": "target", "kind": "targetConnection", "body": {
                "name": "Orders lake", "connectionSpec": {"id": "c604ff05-7f1a-43c0-8e18-33bf874cb11c", "version": "1.0"},
                "params": {"dataSetId": "d1"}}},
            {"name": "flow", "kind": "flow", "body": {
                "name": "Orders", "flowSpec": {"id": "9753525b-82c7-4dce-8a9b-5ccfce2b9876", "version": "1.0"},
                "sourceConnectionIds": ["${source}"], "targetConnectionIds": ["${target}"]}}
        ]
    }))
    .unwrap()
}

#[test]
fn a_good_plan_has_no_issues_and_resolves_in_order() {
    let plan = seed_plan();
    assert_eq!(plan.issues(), vec![]);
    let mut ids = HashMap::new();
    ids.insert("source".to_string(), "s1".to_string());
    let flow = &plan.steps[2];
    let err = Plan::resolve_body(flow, &ids, &|_| None).unwrap_err();
    assert_eq!(err.at, "/targetConnectionIds/0");
    ids.insert("target".to_string(), "t1".to_string());
    let body = Plan::resolve_body(flow, &ids, &|_| None).unwrap().unwrap();
    assert_eq!(body["sourceConnectionIds"], json!(["s1"]));
    assert_eq!(body["targetConnectionIds"], json!(["t1"]));
    assert_eq!(flow.request_line(), "POST /flows");
}

#[test]
fn wrong_references_are_marked_where_they_are() {
    let mut plan = seed_plan();
    plan.steps[2].body.as_mut().unwrap()["sourceConnectionIds"] = json!(["${target}"]);
    plan.steps[2].body.as_mut().unwrap()["targetConnectionIds"] = json!(["${nothing}"]);
    plan.steps[0].body.as_mut().unwrap()["baseConnectionId"] = json!("${flow}");
    let issues = plan.issues();
    let at: Vec<(Option<usize>, &str)> = issues.iter().map(|i| (i.step, i.at.as_str())).collect();
    assert_eq!(
        at,
        vec![
            (Some(0), "/body/baseConnectionId"),
            (Some(2), "/body/sourceConnectionIds/0"),
            (Some(2), "/body/targetConnectionIds/0"),
        ]
    );
    assert!(issues[0].message.contains("later step"), "{}", issues[0]);
    assert!(
        issues[1]
            .message
            .contains("a source connection belongs here"),
        "{}",
        issues[1]
    );
    assert!(issues[2].message.contains("no step"), "{}", issues[2]);
}

#[test]
fn missing_fields_duplicates_and_bad_env_names_are_issues() {
    let mut plan = seed_plan();
    plan.steps[1].name = "source".into();
    plan.steps[0]
        .body
        .as_mut()
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("name");
    plan.steps[2].body.as_mut().unwrap()["flowSpec"] = json!({});
    plan.steps.push(Step {
        name: "gone".into(),
        kind: PlanKind::Connection,
        op: Op::Delete,
        body: None,
        id: None,
    });
    plan.steps.push(Step::create(
        "base",
        PlanKind::Connection,
        json!({"name": "b", "connectionSpec": {"id": "x"}, "auth": {"params": {"key": "${env:no-dash}"}}}),
    ));
    let text: Vec<String> = plan.issues().iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        vec![
            "steps[0]/body/name: a name is required",
            "steps[1]/name: another step is already named 'source'",
            "steps[2]/body/flowSpec/id: 'flowSpec.id' is required",
            "steps[2]/body/targetConnectionIds/0: 'target' refers to no step of this plan",
            "steps[3]/id: a delete step needs an 'id'",
            "steps[4]/body/auth/params/key: 'no-dash' is not an environment variable name",
        ]
    );
    assert_eq!(Plan::default().issues().len(), 1);
}

#[test]
fn env_references_fill_secrets_and_say_which_is_missing() {
    let step = Step::create(
        "base",
        PlanKind::Connection,
        json!({"name": "b", "connectionSpec": {"id": "x"}, "auth": {"params": {"secret": "${env:S3_SECRET}"}}}),
    );
    let ids = HashMap::new();
    let body = Plan::resolve_body(&step, &ids, &|v| (v == "S3_SECRET").then(|| "shh".into()))
        .unwrap()
        .unwrap();
    assert_eq!(body["auth"]["params"]["secret"], "shh");
    let err = Plan::resolve_body(&step, &ids, &|_| None).unwrap_err();
    assert!(err.to_string().contains("S3_SECRET is not set"), "{err}");
}

#[test]
fn rollback_deletes_the_newest_first() {
    let made = vec![
        Made {
            step: "source".into(),
            kind: PlanKind::SourceConnection,
            id: "s1".into(),
        },
        Made {
            step: "target".into(),
            kind: PlanKind::TargetConnection,
            id: "t1".into(),
        },
    ];
    let undo = Plan::rollback(&made);
    let lines: Vec<String> = undo.steps.iter().map(Step::request_line).collect();
    assert_eq!(
        lines,
        vec![
            "DELETE /targetConnections/t1",
            "DELETE /sourceConnections/s1"
        ]
    );
    assert!(undo.issues().is_empty());
}

#[test]
fn a_clone_strips_service_fields_and_never_copies_a_secret() {
    let base = json!({"id": "b1", "name": "S3 drops", "etag": "e", "connectionSpec": {"id": "ecadc60c"},
        "auth": {"specName": "Access Key Authentication", "params": {"s3AccessKey": "AKIA1", "s3SecretKey": "real-secret", "folderPath": "bucket"}}});
    let source = json!({"id": "s1", "name": "orders", "baseConnectionId": "b1", "state": "enabled",
        "connectionSpec": {"id": "ecadc60c"}, "params": {"path": "bucket/orders.csv", "sasToken": "sig=real"},
        "inheritedAttributes": {}});
    let target = json!({"id": "t1", "name": "lake", "connectionSpec": {"id": "c604ff05"}, "params": {"dataSetId": "d1"}});
    let flow = json!({"id": "f1", "name": "Orders", "flowSpec": {"id": "9753525b"}, "state": "enabled",
        "sourceConnectionIds": ["s1"], "targetConnectionIds": ["t1"], "lastRunDetails": {}, "scheduleParams": {"frequency": "once"}});
    let other = clone_flow(&CloneSource {
        flow: &flow,
        source: &source,
        target: &target,
        base: Some(&base),
        same_sandbox: false,
    });
    assert!(other.issues().is_empty(), "{:?}", other.issues());
    let text = serde_json::to_string(&other).unwrap();
    assert!(
        !text.contains("real-secret") && !text.contains("AKIA1") && !text.contains("sig=real"),
        "{text}"
    );
    let base_step = &other.steps[0];
    assert_eq!(
        base_step.body.as_ref().unwrap()["auth"]["params"]["s3SecretKey"],
        "${env:FLOWSCOPE_BASE_S3_SECRET_KEY}"
    );
    assert_eq!(
        base_step.body.as_ref().unwrap()["auth"]["params"]["folderPath"],
        "bucket"
    );
    let src = other.steps[1].body.as_ref().unwrap();
    assert_eq!(src["baseConnectionId"], "${base}");
    assert_eq!(
        src["params"]["sasToken"], "${env:FLOWSCOPE_SOURCE_SAS_TOKEN}",
        "a secret outside auth too"
    );
    assert_eq!(src["name"], "orders (copy)");
    assert!(
        src.get("state").is_none()
            && src.get("id").is_none()
            && src.get("inheritedAttributes").is_none()
    );
    let f = other.steps[3].body.as_ref().unwrap();
    assert_eq!(f["sourceConnectionIds"], json!(["${source}"]));
    assert!(f.get("lastRunDetails").is_none());
    assert_eq!(f["scheduleParams"]["frequency"], "once");

    let same = clone_flow(&CloneSource {
        flow: &flow,
        source: &source,
        target: &target,
        base: Some(&base),
        same_sandbox: true,
    });
    assert_eq!(same.steps[0].op, Op::Use);
    assert_eq!(same.steps[0].id.as_deref(), Some("b1"));
    assert!(same.issues().is_empty());
    let _: Value = serde_json::to_value(&same).unwrap();
}
