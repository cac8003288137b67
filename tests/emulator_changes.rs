//! Changes through the emulator: creates (201), JSON Patch with If-Match (200/400/412),
//! flow enable/disable, deletes (204), and that every refused change leaves the stored
//! object exactly as it was.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use serde_json::{Value, json};
use support::{Emu, FLOW};

const DLZ_SPEC: &str = "26f526f2-58f4-4712-961d-e41bf1ccc0e8";
const DATALAKE_SPEC: &str = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
const SALESFORCE_SPEC: &str = "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5";
const CLOUD_FLOW_SPEC: &str = "9753525b-82c7-4dce-8a9b-5ccfce2b9876";

async fn create(emu: &Emu, res: &str, body: Value) -> (String, String) {
    let r = emu.post(&format!("{FLOW}/{res}"), &body).await;
    assert_eq!(r.status, 201, "create {res}: {}", r.text);
    (
        r.body["id"].as_str().unwrap().to_string(),
        r.body["etag"].as_str().unwrap().to_string(),
    )
}

/// A DLZ → data lake flow built from scratch, as aepp's wrappers do.
async fn new_flow(emu: &Emu) -> (String, String, String) {
    let (src, _) = create(
        emu,
        "sourceConnections",
        json!({"name": "DLZ source", "connectionSpec": {"id": DLZ_SPEC, "version": "1.0"},
               "data": {"format": "delimited"}, "params": {"path": "dlz-user-container/account.csv", "type": "file"}}),
    )
    .await;
    let (tgt, _) = create(
        emu,
        "targetConnections",
        json!({"name": "Lake target", "connectionSpec": {"id": DATALAKE_SPEC, "version": "1.0"},
               "data": {"format": "parquet_xdm"}, "params": {"dataSetId": "5f3c3cedb2805c194ff0b69a"}}),
    )
    .await;
    let (flow, etag) = create(
        emu,
        "flows",
        json!({"name": "Test flow", "flowSpec": {"id": CLOUD_FLOW_SPEC, "version": "1.0"},
               "sourceConnectionIds": [src], "targetConnectionIds": [tgt],
               "scheduleParams": {"startTime": "1793491200", "frequency": "minute", "interval": "15"},
               "transformations": [{"name": "Mapping", "params": {"mappingId": "m1", "mappingVersion": 0}}]}),
    )
    .await;
    (flow, etag, src)
}

#[tokio::test]
async fn a_created_flow_carries_server_fields_and_inherited_attributes() {
    let emu = Emu::start().await;
    let (id, etag, src) = new_flow(&emu).await;
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "etags keep their quotes: {etag}"
    );
    let flow = emu.get(&format!("{FLOW}/flows/{id}")).await.item().clone();
    assert_eq!(flow["etag"], json!(etag));
    assert_eq!(flow["version"], json!(etag));
    assert_eq!(flow["state"], json!("enabled"));
    assert_eq!(flow["createdBy"], json!("cid@AdobeID"));
    assert_eq!(flow["sandboxName"], json!("prod"));
    assert_eq!(
        flow["inheritedAttributes"]["properties"]["isSourceFlow"],
        json!(true)
    );
    assert_eq!(
        flow["inheritedAttributes"]["sourceConnections"][0]["id"],
        json!(src)
    );
    assert_eq!(
        flow["inheritedAttributes"]["sourceConnections"][0]["connectionSpec"]["id"],
        json!(DLZ_SPEC)
    );
}

#[tokio::test]
async fn creates_validate_what_the_service_validates() {
    let emu = Emu::start().await;
    let (flow_id, _, src) = new_flow(&emu).await;
    let existing = emu
        .get(&format!("{FLOW}/flows/{flow_id}"))
        .await
        .item()
        .clone();
    let tgt = existing["targetConnectionIds"][0].clone();
    let cases = [
        (
            "flows",
            json!({"name": "x", "flowSpec": {"id": CLOUD_FLOW_SPEC}, "sourceConnectionIds": [src], "targetConnectionIds": [tgt], "state": "enabled"}),
            "FLOW-1410-400",
        ),
        (
            "flows",
            json!({"name": "x", "flowSpec": {"id": CLOUD_FLOW_SPEC}, "sourceConnectionIds": [], "targetConnectionIds": [tgt]}),
            "FLOW-1455-400",
        ),
        (
            "flows",
            json!({"name": "x", "flowSpec": {"id": CLOUD_FLOW_SPEC}, "sourceConnectionIds": ["nope"], "targetConnectionIds": [tgt]}),
            "FLOW-1455-400",
        ),
        (
            "flows",
            json!({"name": "x", "flowSpec": {"id": "nope"}, "sourceConnectionIds": [src], "targetConnectionIds": [tgt]}),
            "FLOW-1455-400",
        ),
        (
            "connections",
            json!({"connectionSpec": {"id": SALESFORCE_SPEC}}),
            "FLOW-1455-400",
        ),
        (
            "connections",
            json!({"name": "x", "connectionSpec": {"id": "nope"}}),
            "FLOW-1455-400",
        ),
        (
            "sourceConnections",
            json!({"name": "x", "connectionSpec": {"id": DLZ_SPEC}, "baseConnectionId": "nope"}),
            "FLOW-1455-400",
        ),
    ];
    let before = emu.handle.object_count("prod", "flows").unwrap();
    for (res, body, code) in cases {
        let r = emu.post(&format!("{FLOW}/{res}"), &body).await;
        assert_eq!(
            (r.status.as_u16(), r.code()),
            (400, code.to_string()),
            "{res} {body}: {}",
            r.text
        );
    }
    assert_eq!(emu.handle.object_count("prod", "flows").unwrap(), before);
    let malformed = emu
        .send(
            emu.req(reqwest::Method::POST, &format!("{FLOW}/flows"))
                .header("content-type", "application/json")
                .body("{\"name\":"),
        )
        .await;
    assert_eq!(malformed.code(), "FLOW-1405-400");
    let empty = emu
        .send(
            emu.req(reqwest::Method::POST, &format!("{FLOW}/connections"))
                .header("content-type", "application/json")
                .body(""),
        )
        .await;
    assert_eq!(empty.code(), "FLOW-1405-400");
}

#[tokio::test]
async fn patch_needs_the_current_etag_and_refreshes_it() {
    let emu = Emu::start().await;
    let (id, etag, _) = new_flow(&emu).await;
    let path = format!("{FLOW}/flows/{id}");
    let ops = r#"[{"op":"replace","path":"/name","value":"Renamed"},{"op":"Add","path":"/scheduleParams/interval","value":"30"}]"#;
    let missing = emu.patch(&path, None, ops).await;
    assert_eq!(missing.code(), "FLOW-1403-400");
    let stale = emu.patch(&path, Some("\"0000\""), ops).await;
    assert_eq!(
        (stale.status.as_u16(), stale.code()),
        (412, "FLOW-1404-412".to_string())
    );
    // Quotes around the etag are optional.
    let ok = emu.patch(&path, Some(etag.trim_matches('"')), ops).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    let new_etag = ok.body["etag"].as_str().unwrap().to_string();
    assert_eq!(ok.body["id"], json!(id));
    assert_ne!(new_etag, etag);
    let flow = emu.get(&path).await.item().clone();
    assert_eq!(flow["name"], json!("Renamed"));
    assert_eq!(flow["scheduleParams"]["interval"], json!("30"));
    assert_eq!(flow["etag"], json!(new_etag));
    assert_eq!(flow["lastOperation"]["operation"], json!("update"));
    // The old etag is now stale.
    let again = emu.patch(&path, Some(&etag), ops).await;
    assert_eq!(again.status, 412);
    // aepp's updateFlow sends the header in lower case; HTTP headers are case-blind.
    let lower = emu
        .send(
            emu.req(reqwest::Method::PATCH, &path)
                .header("content-type", "application/json")
                .header("if-match", &new_etag)
                .body(r#"[{"op":"replace","path":"/description","value":"d"}]"#),
        )
        .await;
    assert_eq!(lower.status, 200);
}

#[tokio::test]
async fn refused_patches_change_nothing() {
    let emu = Emu::start().await;
    let conn = emu
        .first(&format!(
            "{FLOW}/connections?limit=1&property=auth.specName!=null"
        ))
        .await;
    let id = conn["id"].as_str().unwrap();
    let path = format!("{FLOW}/connections/{id}");
    let before = emu.get(&path).await.item().clone();
    let etag = before["etag"].as_str().unwrap();
    for (body, code) in [
        (
            r#"[{"op":"move","from":"/name","path":"/description"}]"#,
            "FLOW-1434-400",
        ),
        (
            r#"[{"op":"replace","path":"/connectionSpec/id","value":"x"}]"#,
            "FLOW-1414-400",
        ),
        (
            r#"[{"op":"replace","path":"/id","value":"x"}]"#,
            "FLOW-1455-400",
        ),
        (
            r#"[{"op":"replace","path":"/etag","value":"x"}]"#,
            "FLOW-1455-400",
        ),
        (
            r#"[{"op":"replace","path":"/createdAt","value":1}]"#,
            "FLOW-1455-400",
        ),
        (
            r#"[{"op":"add","path":"/inheritedAttributes/x","value":1}]"#,
            "FLOW-1455-400",
        ),
        (
            r#"[{"op":"replace","path":"/auth/params/doesNotExist/deeper","value":"x"}]"#,
            "FLOW-1455-400",
        ),
        (r#"[{"op":"remove","path":"/nothing"}]"#, "FLOW-1455-400"),
        (
            r#"[{"op":"replace","path":"/name","value":"ok"},{"op":"replace","path":"/id","value":"x"}]"#,
            "FLOW-1455-400",
        ),
        (r#"{"op":"replace"}"#, "FLOW-1455-400"),
        ("[{", "FLOW-1405-400"),
        ("", "FLOW-1405-400"),
    ] {
        let r = emu.patch(&path, Some(etag), body).await;
        assert_eq!(
            (r.status.as_u16(), r.code()),
            (400, code.to_string()),
            "{body}: {}",
            r.text
        );
    }
    assert_eq!(
        emu.get(&path).await.item(),
        &before,
        "the stored object is unchanged"
    );
    let ok = emu
        .patch(
            &path,
            Some(etag),
            r#"[{"op":"replace","path":"/description","value":"new"}]"#,
        )
        .await;
    assert_eq!(ok.status, 200, "the etag is still current: {}", ok.text);
}

#[tokio::test]
async fn source_and_target_connections_patch_their_params() {
    let emu = Emu::start().await;
    for res in ["sourceConnections", "targetConnections"] {
        let c = emu.first(&format!("{FLOW}/{res}?limit=1")).await;
        let id = c["id"].as_str().unwrap();
        let r = emu
            .patch(
                &format!("{FLOW}/{res}/{id}"),
                c["etag"].as_str(),
                r#"[{"op":"add","path":"/params/note","value":"x"}]"#,
            )
            .await;
        assert_eq!(r.status, 200, "{res}: {}", r.text);
        let after = emu.get(&format!("{FLOW}/{res}/{id}")).await.item().clone();
        assert_eq!(after["params"]["note"], json!("x"));
        assert_ne!(after["etag"], c["etag"]);
    }
}

#[tokio::test]
async fn flows_enable_and_disable_with_new_etags() {
    let emu = Emu::start().await;
    let (id, etag, _) = new_flow(&emu).await;
    let act = |op: &str| {
        emu.send(emu.req(
            reqwest::Method::POST,
            &format!("{FLOW}/flows/{id}/action?op={op}"),
        ))
    };
    let r = act("disable").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_ne!(r.body["etag"].as_str().unwrap(), etag);
    assert_eq!(
        emu.get(&format!("{FLOW}/flows/{id}")).await.item()["state"],
        json!("disabled")
    );
    assert_eq!(act("disable").await.code(), "FLOW-1422-400");
    let r = act("ENABLE").await;
    assert_eq!(r.status, 200, "the op is case-insensitive");
    assert_eq!(
        emu.get(&format!("{FLOW}/flows/{id}")).await.item()["state"],
        json!("enabled")
    );
    assert_eq!(act("explode").await.status, 400);
    let missing = emu
        .send(emu.req(
            reqwest::Method::POST,
            &format!("{FLOW}/flows/nope/action?op=enable"),
        ))
        .await;
    assert_eq!(missing.code(), "FLOW-1101-404");
}

#[tokio::test]
async fn deletes_answer_204_and_base_connections_in_use_are_kept() {
    let emu = Emu::start().await;
    let (flow, _, src) = new_flow(&emu).await;
    let r = emu.delete(&format!("{FLOW}/flows/{flow}")).await;
    assert_eq!(r.status, 204);
    assert!(r.text.is_empty());
    assert_eq!(emu.get(&format!("{FLOW}/flows/{flow}")).await.status, 404);
    assert_eq!(
        emu.delete(&format!("{FLOW}/flows/{flow}")).await.code(),
        "FLOW-1101-404"
    );
    assert_eq!(
        emu.delete(&format!("{FLOW}/sourceConnections/{src}"))
            .await
            .status,
        204
    );
    // A base connection behind a seeded flow cannot go.
    let f = emu.first(&format!("{FLOW}/flows?limit=1&property=inheritedAttributes.sourceConnections[].baseConnection.id!=null")).await;
    let base = f["inheritedAttributes"]["sourceConnections"][0]["baseConnection"]["id"]
        .as_str()
        .unwrap();
    let r = emu.delete(&format!("{FLOW}/connections/{base}")).await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (400, "FLOW-1418-400".to_string()),
        "{}",
        r.text
    );
    assert_eq!(
        emu.get(&format!("{FLOW}/connections/{base}")).await.status,
        200
    );
    // An unused one can.
    let (fresh, _) = create(&emu, "connections", json!({"name": "Spare", "connectionSpec": {"id": SALESFORCE_SPEC, "version": "1.0"},
        "auth": {"specName": "Basic Authentication", "params": {"username": "u", "password": "p", "securityToken": "t"}}})).await;
    assert_eq!(
        emu.delete(&format!("{FLOW}/connections/{fresh}"))
            .await
            .status,
        204
    );
}

#[tokio::test]
async fn connection_test_reports_a_result() {
    let emu = Emu::start().await;
    let c = emu
        .first(&format!(
            "{FLOW}/connections?limit=1&property=state==enabled"
        ))
        .await;
    let r = emu
        .get(&format!(
            "{FLOW}/connections/{}/test",
            c["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(
        (r.status.as_u16(), r.body.clone()),
        (200, json!({"result": true}))
    );
    assert_eq!(
        emu.get(&format!("{FLOW}/connections/nope/test"))
            .await
            .status,
        404
    );
}
