//! The applier against the emulator on 127.0.0.1: a plan's objects made once and reused
//! when applied again, the wizard's refusal of a taken name, `use` and `delete` steps,
//! the first failure stopping the plan with what was made kept, and the reverse lookups
//! a delete's review shows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use flowscope::api::apply::{
    self, ApplyError, ApplyOptions, Event, Existing, Progress, flow_teardown, users_of,
};
use flowscope::api::{ListQuery, collect_all};
use flowscope::model::plan::{Op, Plan, PlanKind, Step};

use crate::support::client::plain;
use crate::support::plans::{counts, known_dataset, landing_zone_file, posts, workflow_plan};
use flowscope::emulator::FaultConfig;

fn plan(v: Value) -> Plan {
    serde_json::from_value(v).unwrap()
}

fn progress(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.progress {
            Progress::Reused { .. } => Some(format!("{} reused", e.step)),
            Progress::Created { .. } => Some(format!("{} created", e.step)),
            Progress::Deleted { .. } => Some(format!("{} deleted", e.step)),
            Progress::AlreadyGone { .. } => Some(format!("{} gone", e.step)),
            Progress::Failed { .. } => Some(format!("{} failed", e.step)),
            Progress::Checking | Progress::Sending(_) => None,
        })
        .collect()
}

#[tokio::test]
async fn a_plan_applied_twice_makes_each_object_once() {
    let (emu, client) = plain().await;
    let path = landing_zone_file(&client).await;
    let dataset = known_dataset(&client).await;
    let p = plan(workflow_plan(&path, &dataset, "Twice"));
    let before = (counts(&emu, "prod"), posts(&emu));
    let opts = ApplyOptions::new(Existing::Reuse);
    let mut events = Vec::new();
    let first = apply::apply(&client, &p, &opts, |e| events.push(e))
        .await
        .unwrap();
    assert!(first.failed.is_none(), "{:?}", first.failed);
    assert_eq!(
        progress(&events),
        ["source created", "target created", "flow created"]
    );
    assert_eq!(
        first.made.iter().map(|m| m.kind).collect::<Vec<_>>(),
        [
            PlanKind::SourceConnection,
            PlanKind::TargetConnection,
            PlanKind::Flow
        ]
    );
    let flow: Value = client.get_by_id("flows", &first.ids["flow"]).await.unwrap();
    assert_eq!(flow["sourceConnectionIds"], json!([first.ids["source"]]));
    assert_eq!(flow["targetConnectionIds"], json!([first.ids["target"]]));
    // The Sending events carry the request as resolved, for the journal.
    let sent: Vec<&str> = events
        .iter()
        .filter_map(|e| match &e.progress {
            Progress::Sending(r) => Some(r.path.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(sent, ["/sourceConnections", "/targetConnections", "/flows"]);

    events.clear();
    let second = apply::apply(&client, &p, &opts, |e| events.push(e))
        .await
        .unwrap();
    assert!(second.failed.is_none() && second.made.is_empty());
    assert_eq!(
        progress(&events),
        ["source reused", "target reused", "flow reused"]
    );
    assert_eq!(second.ids, first.ids);
    let (c0, p0) = before;
    assert_eq!(
        counts(&emu, "prod"),
        [c0[0], c0[1] + 1, c0[2] + 1, c0[3] + 1]
    );
    assert_eq!(posts(&emu), [p0[0], p0[1] + 1, p0[2] + 1, p0[3] + 1]);
}

#[tokio::test]
async fn the_wizard_mode_refuses_a_taken_name_before_sending_anything() {
    let (emu, client) = plain().await;
    let path = landing_zone_file(&client).await;
    let dataset = known_dataset(&client).await;
    let mut v = workflow_plan(&path, &dataset, "Taken");
    // The flow's name is one the seed already has: found on the pre-pass.
    let seeded: Value = collect_all(client.pages("flows", &ListQuery::new().limit(1)))
        .await
        .unwrap()
        .remove(0);
    v["steps"][2]["body"]["name"] = seeded["name"].clone();
    let before = posts(&emu);
    let done = apply::apply(
        &client,
        &plan(v),
        &ApplyOptions::new(Existing::Refuse),
        |_| {},
    )
    .await
    .unwrap();
    let failed = done.failed.unwrap();
    assert_eq!((failed.index, failed.step.as_str()), (2, "flow"));
    assert!(
        matches!(
            failed.error,
            ApplyError::Exists { .. } | ApplyError::Ambiguous { .. }
        ),
        "{}",
        failed.error
    );
    assert!(done.made.is_empty());
    assert_eq!(posts(&emu), before, "nothing was sent");
}

#[tokio::test]
async fn use_and_delete_steps_read_and_remove_and_a_failure_stops_the_plan() {
    let (emu, client) = plain().await;
    let path = landing_zone_file(&client).await;
    let dataset = known_dataset(&client).await;
    let mut v = workflow_plan(&path, &dataset, "Stops");
    v["steps"][2]["body"]["flowSpec"]["id"] = json!("no-such-flow-spec");
    let opts = ApplyOptions::new(Existing::Reuse);
    let done = apply::apply(&client, &plan(v), &opts, |_| {})
        .await
        .unwrap();
    let failed = done.failed.as_ref().unwrap();
    assert_eq!(failed.index, 2);
    assert_eq!(
        failed.error.code(),
        Some("FLOW-1455-400"),
        "{}",
        failed.error
    );
    assert!(!failed.error.unsure());
    assert_eq!(done.made.len(), 2, "what was made is kept and listed");

    // The rollback plan deletes them, the newest first; again, they are already gone.
    let undo = Plan::rollback(&done.made);
    let mut events = Vec::new();
    let gone = apply::apply(&client, &undo, &opts, |e| events.push(e))
        .await
        .unwrap();
    assert!(gone.failed.is_none());
    assert_eq!(progress(&events), ["target deleted", "source deleted"]);
    events.clear();
    apply::apply(&client, &undo, &opts, |e| events.push(e))
        .await
        .unwrap();
    assert_eq!(progress(&events), ["target gone", "source gone"]);

    // A `use` step of an id that names nothing fails with the service's 404.
    let unknown = Plan {
        description: None,
        sandbox: None,
        steps: vec![Step::reuse("base", PlanKind::Connection, "no-such-id")],
    };
    let done = apply::apply(&client, &unknown, &opts, |_| {})
        .await
        .unwrap();
    let err = done.failed.unwrap().error;
    assert!(matches!(err, ApplyError::Unknown { .. }), "{err}");
    assert_eq!(err.code(), Some("FLOW-1101-404"));
    drop(emu);
}

#[tokio::test]
async fn deleting_a_base_connection_in_use_fails_with_the_services_code() {
    let (_emu, client) = plain().await;
    let flows: Vec<Value> = collect_all(client.pages("flows", &ListQuery::new()))
        .await
        .unwrap();
    let base = flows
        .iter()
        .find_map(|f| {
            f.pointer("/inheritedAttributes/sourceConnections/0/baseConnection/id")
                .and_then(Value::as_str)
        })
        .unwrap()
        .to_string();
    let users = users_of(&client, PlanKind::Connection, &base)
        .await
        .unwrap();
    assert!(users.iter().any(|u| u.kind == PlanKind::Flow), "{users:?}");
    assert!(users.iter().any(|u| u.kind == PlanKind::SourceConnection));
    let p = Plan {
        description: None,
        sandbox: None,
        steps: vec![Step::delete("base", PlanKind::Connection, &base)],
    };
    let done = apply::apply(&client, &p, &ApplyOptions::new(Existing::Reuse), |_| {})
        .await
        .unwrap();
    assert_eq!(done.failed.unwrap().error.code(), Some("FLOW-1418-400"));
}

#[tokio::test]
async fn a_flow_teardown_keeps_connections_other_flows_use() {
    let (_emu, client) = plain().await;
    let path = landing_zone_file(&client).await;
    let dataset = known_dataset(&client).await;
    let opts = ApplyOptions::new(Existing::Reuse);
    let first = apply::apply(
        &client,
        &plan(workflow_plan(&path, &dataset, "Shared")),
        &opts,
        |_| {},
    )
    .await
    .unwrap();
    // A second flow over the same target connection.
    let second = plan(json!({"steps": [
        {"name": "source", "kind": "sourceConnection", "body": {
            "name": "Shared second source", "connectionSpec": {"id": flowscope::model::DLZ_CONNECTION_SPEC_ID},
            "params": {"path": path, "type": "file"}}},
        {"name": "target", "kind": "targetConnection", "op": "use", "id": first.ids["target"]},
        {"name": "flow", "kind": "flow", "body": {
            "name": "Shared second flow", "flowSpec": {"id": "9753525b-82c7-4dce-8a9b-5ccfce2b9876"},
            "sourceConnectionIds": ["${source}"], "targetConnectionIds": ["${target}"]}}
    ]}));
    assert_eq!(second.steps[1].op, Op::Use);
    let other = apply::apply(&client, &second, &opts, |_| {}).await.unwrap();
    assert!(other.failed.is_none(), "{:?}", other.failed);

    let t = flow_teardown(&client, &first.ids["flow"], true)
        .await
        .unwrap();
    let lines: Vec<String> = t.plan.steps.iter().map(Step::request_line).collect();
    assert_eq!(
        lines,
        [
            format!("DELETE /flows/{}", first.ids["flow"]),
            format!("DELETE /sourceConnections/{}", first.ids["source"]),
        ]
    );
    assert_eq!(t.kept.len(), 1);
    assert_eq!(t.kept[0].1, first.ids["target"]);
    assert_eq!(t.kept[0].2[0].id, other.ids["flow"]);
    let alone = flow_teardown(&client, &first.ids["flow"], false)
        .await
        .unwrap();
    assert_eq!(alone.plan.steps.len(), 1);
}

#[tokio::test]
async fn a_lost_answer_is_not_sent_again_and_the_next_apply_reuses_what_it_made() {
    let (emu, client) = plain().await;
    let path = landing_zone_file(&client).await;
    let dataset = known_dataset(&client).await;
    let p = plan(workflow_plan(&path, &dataset, "Lost"));
    let (c0, p0) = (counts(&emu, "prod"), posts(&emu));
    // Every POST is processed, but its answer is lost on the way back.
    emu.set_faults(FaultConfig {
        drop_rate: 1.0,
        methods: vec!["POST".into()],
        ..FaultConfig::default()
    });
    let opts = ApplyOptions::new(Existing::Reuse);
    let lost = apply::apply(&client, &p, &opts, |_| {}).await.unwrap();
    let failed = lost.failed.unwrap();
    assert_eq!(failed.index, 0);
    assert!(failed.error.unsure(), "{}", failed.error);
    assert!(lost.made.is_empty(), "no answer named it");
    assert_eq!(
        posts(&emu),
        [p0[0], p0[1] + 1, p0[2], p0[3]],
        "sent once, never again"
    );

    emu.set_faults(FaultConfig::default());
    let mut events = Vec::new();
    let done = apply::apply(&client, &p, &opts, |e| events.push(e))
        .await
        .unwrap();
    assert!(done.failed.is_none(), "{:?}", done.failed);
    assert_eq!(
        progress(&events),
        ["source reused", "target created", "flow created"]
    );
    assert_eq!(
        counts(&emu, "prod"),
        [c0[0], c0[1] + 1, c0[2] + 1, c0[3] + 1]
    );
}
