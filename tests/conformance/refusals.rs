//! The walk's refusals, each answered in the service's problem shape (R13) with the code
//! the emulator documents, never a 500: creates whose members have the wrong type or
//! meaning (FLOW-1455-400), deletes of source and target connections a flow uses
//! (FLOW-1418-400, as for a base connection in use), and on-demand runs of flows not
//! scheduled once (FLOW-1422-400; notes §6: `POST /runs` is only for flows scheduled
//! `once`).

use crate::conformance::listing::items;
use crate::conformance::walk::{Walk, err};
use reqwest::Method;
use serde_json::{Value, json};

/// HTTP API streaming (notes §9); its authSpec `Streaming Connection` requires
/// `sourceId`, `dataType` and `name`.
pub(crate) const STREAMING_SPEC: &str = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb";

/// Creates the service refuses. `source` and `target` are existing connections that a
/// flow of `flow_spec` accepts, so the flow bodies reach the schedule checks.
pub(crate) async fn creates(w: &mut Walk, dlz: &str, flow_spec: &str, source: &str, target: &str) {
    let auth = |params: Value| {
        json!({"name": "conformance inlet", "connectionSpec": {"id": STREAMING_SPEC, "version": "1.0"},
               "auth": {"specName": "Streaming Connection", "params": params}})
    };
    let flow = |patch: Value| {
        let mut body = json!({"name": "conformance refused flow",
            "flowSpec": {"id": flow_spec, "version": "1.0"},
            "sourceConnectionIds": [source], "targetConnectionIds": [target],
            "scheduleParams": {"startTime": "1700000000", "frequency": "hour", "interval": "1"}});
        if let (Some(b), Some(p)) = (body.as_object_mut(), patch.as_object()) {
            b.extend(p.clone());
        }
        body
    };
    let schedule = |params: Value| flow(json!({"scheduleParams": params}));
    let cases: Vec<(&str, Value)> = vec![
        (
            "/connections",
            json!({"name": 7, "connectionSpec": {"id": STREAMING_SPEC}}),
        ),
        (
            "/connections",
            json!({"name": "x", "connectionSpec": "bc7b00d6"}),
        ),
        (
            "/connections",
            json!({"name": "x", "connectionSpec": {"id": STREAMING_SPEC}, "auth": "secret"}),
        ),
        // The authSpec's required `sourceId` is missing; then a specName the spec lacks.
        (
            "/connections",
            auth(json!({"dataType": "xdm", "name": "n"})),
        ),
        ("/connections", {
            let mut b = auth(json!({"sourceId": "s", "dataType": "xdm", "name": "n"}));
            b["auth"]["specName"] = json!("Basic Authentication");
            b
        }),
        (
            "/connections",
            json!({"name": "x", "connectionSpec": {"id": "00000000-0000-4000-8000-00000000dead"}}),
        ),
        (
            "/sourceConnections",
            json!({"name": "x", "connectionSpec": {"id": dlz}, "params": "dlz-user-container/a.csv"}),
        ),
        (
            "/targetConnections",
            json!({"name": ["x"], "connectionSpec": {"id": dlz}}),
        ),
        ("/flows", flow(json!({"sourceConnectionIds": source}))),
        ("/flows", flow(json!({"targetConnectionIds": [1, 2]}))),
        (
            "/flows",
            schedule(json!({"startTime": "1700000000", "frequency": "yearly"})),
        ),
        (
            "/flows",
            schedule(json!({"startTime": "1700000000", "frequency": "minute", "interval": "5"})),
        ),
        (
            "/flows",
            schedule(json!({"startTime": "tomorrow", "frequency": "day", "interval": "1"})),
        ),
        (
            "/flows",
            schedule(json!({"startTime": "1700000000", "frequency": "day", "interval": "daily"})),
        ),
        ("/runs", json!({"flowId": 5})),
    ];
    for (path, body) in cases {
        w.send(Method::POST, path, Some(&body), None, err(400, "1455-400"))
            .await;
    }
}

/// While `flow` exists, its source and target connections cannot be deleted.
pub(crate) async fn deletes_in_use(w: &mut Walk, source: &str, target: &str) {
    for (resource, id) in [("sourceConnections", source), ("targetConnections", target)] {
        let refused = w
            .send(
                Method::DELETE,
                &format!("/{resource}/{id}"),
                None,
                None,
                err(400, "1418-400"),
            )
            .await;
        if refused.is_some_and(|b| b.pointer("/report/usedBy/0").is_none()) {
            w.fail(&format!(
                "DELETE /{resource}/{id}: the refusal does not name the flow using it"
            ));
        }
    }
}

/// Runs asked of seeded flows that are enabled but scheduled periodically, or stream.
pub(crate) async fn runs_not_once(w: &mut Walk) {
    let Some(flows) = w.get_quiet("/flows?limit=100").await else {
        w.fail("GET /flows?limit=100 failed");
        return;
    };
    let flows = &flows;
    let enabled = |f: &&Value| f["state"] == "enabled";
    let periodic = items(flows).iter().filter(enabled).find(|f| {
        f.pointer("/scheduleParams/frequency")
            .and_then(Value::as_str)
            .is_some_and(|fr| fr != "once")
    });
    let streaming = items(flows)
        .iter()
        .filter(enabled)
        .find(|f| f.get("scheduleParams").is_none());
    let mut asked = 0;
    for f in [periodic, streaming].into_iter().flatten() {
        let body = json!({"flowId": f["id"], "status": "active"});
        if let Some(b) = w
            .send(
                Method::POST,
                "/runs",
                Some(&body),
                None,
                err(400, "1422-400"),
            )
            .await
        {
            let detail = b["errorMessage"].as_str().unwrap_or("");
            if !detail.contains("scheduled for one-time ingestion") {
                w.fail(&format!("POST /runs refusal does not say why: {detail}"));
            }
        }
        asked += 1;
    }
    if asked < 2 {
        w.fail("the seeded listing has no enabled periodic and streaming flows to refuse runs of");
    }
}
