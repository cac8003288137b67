//! What the emulator refuses, and that it refuses in the service's own shape: odd create
//! bodies on every collection (4xx problem JSON, never a 500), credentials that do not
//! fit the connection spec's authSpec, deletes of connections that flows use, and the
//! inlet a streaming connection is given on create.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use crate::support::{Emu, FLOW};

const STREAMING_SPEC: &str = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb";
const SALESFORCE_SPEC: &str = "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5";
const DLZ_SPEC: &str = "26f526f2-58f4-4712-961d-e41bf1ccc0e8";
const DATALAKE_SPEC: &str = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
const CLOUD_FLOW_SPEC: &str = "9753525b-82c7-4dce-8a9b-5ccfce2b9876";
const COLLECTIONS: [&str; 5] = [
    "connections",
    "sourceConnections",
    "targetConnections",
    "flows",
    "runs",
];

fn streaming(params: Value) -> Value {
    json!({"name": "Web inlet", "connectionSpec": {"id": STREAMING_SPEC, "version": "1.0"},
           "auth": {"specName": "Streaming Connection", "params": params}})
}

/// A landing-zone source and a data-lake target, as a new flow needs them.
async fn ends(emu: &Emu) -> (String, String) {
    let src = emu
        .post(
            &format!("{FLOW}/sourceConnections"),
            &json!({"name": "s", "connectionSpec": {"id": DLZ_SPEC, "version": "1.0"},
                    "data": {"format": "delimited"}, "params": {"path": "dlz-user-container/account.csv", "type": "file"}}),
        )
        .await;
    let tgt = emu
        .post(
            &format!("{FLOW}/targetConnections"),
            &json!({"name": "t", "connectionSpec": {"id": DATALAKE_SPEC, "version": "1.0"},
                    "data": {"format": "parquet_xdm"}, "params": {"dataSetId": "5f3c3cedb2805c194ff0b69a"}}),
        )
        .await;
    assert_eq!(
        (src.status.as_u16(), tgt.status.as_u16()),
        (201, 201),
        "{} {}",
        src.text,
        tgt.text
    );
    (
        src.body["id"].as_str().unwrap().to_string(),
        tgt.body["id"].as_str().unwrap().to_string(),
    )
}

/// How many objects each collection a create can add to holds in `prod`.
fn counts(emu: &Emu) -> Vec<usize> {
    COLLECTIONS
        .iter()
        .map(|r| emu.handle.object_count("prod", r).unwrap())
        .collect()
}

fn flow(src: &str, tgt: &str, schedule: Value) -> Value {
    json!({"name": "f", "flowSpec": {"id": CLOUD_FLOW_SPEC, "version": "1.0"},
           "sourceConnectionIds": [src], "targetConnectionIds": [tgt], "scheduleParams": schedule})
}

#[tokio::test]
async fn odd_bodies_get_a_problem_on_every_collection_and_store_nothing() {
    let emu = Emu::start().await;
    let (src, tgt) = ends(&emu).await;
    let odd: Vec<&str> = vec![
        "",
        " ",
        "{",
        "null",
        "7",
        "\"flow\"",
        "[]",
        "[{}]",
        "{}",
        "{\"name\":null}",
        "{\"name\":7}",
        "{\"name\":\"x\",\"connectionSpec\":7}",
        "{\"name\":\"x\",\"flowSpec\":[]}",
        "{\"name\":\"x\",\"connectionSpec\":{\"id\":7}}",
        "{\"flowId\":{}}",
        "{\"flowId\":\"\"}",
        "{\"name\":\"x\",\"auth\":[],\"connectionSpec\":{\"id\":\"bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb\"}}",
        "{\"name\":\"x\",\"params\":\"p\",\"connectionSpec\":{\"id\":\"26f526f2-58f4-4712-961d-e41bf1ccc0e8\"}}",
        "{\"name\":\"\u{1F600}\",\"connectionSpec\":{\"id\":\"\\u0000\"}}",
    ];
    let cases: Vec<(String, Value)> = vec![
        ("sourceConnectionIds".into(), json!("abc")),
        ("sourceConnectionIds".into(), json!([1])),
        ("targetConnectionIds".into(), json!({"id": tgt})),
        ("scheduleParams".into(), json!("daily")),
        ("scheduleParams".into(), json!({"frequency": "yearly"})),
        ("scheduleParams".into(), json!({"frequency": 1})),
        (
            "scheduleParams".into(),
            json!({"frequency": "minute", "interval": "5"}),
        ),
        (
            "scheduleParams".into(),
            json!({"frequency": "minute", "interval": 14}),
        ),
        (
            "scheduleParams".into(),
            json!({"frequency": "hour", "interval": "-1"}),
        ),
        (
            "scheduleParams".into(),
            json!({"frequency": "day", "startTime": "soon"}),
        ),
        (
            "scheduleParams".into(),
            json!({"frequency": "day", "startTime": 1.5}),
        ),
        ("transformations".into(), json!({"name": "Mapping"})),
    ];
    let before = counts(&emu);
    for resource in COLLECTIONS {
        for body in &odd {
            let r = emu
                .send(
                    emu.req(reqwest::Method::POST, &format!("{FLOW}/{resource}"))
                        .header("content-type", "application/json")
                        .body(body.to_string()),
                )
                .await;
            let code = r.code();
            assert!(
                r.status.is_client_error() && code.starts_with("FLOW-") && code.ends_with("-400"),
                "{resource} {body}: {} {}",
                r.status,
                r.text
            );
            assert_eq!(r.body["status"], 400, "{resource} {body}");
        }
    }
    for (member, value) in cases {
        let mut body = flow(&src, &tgt, json!({"frequency": "day", "interval": "1"}));
        body[&member] = value;
        let r = emu.post(&format!("{FLOW}/flows"), &body).await;
        assert_eq!(
            (r.status.as_u16(), r.code()),
            (400, "FLOW-1455-400".into()),
            "{body}: {}",
            r.text
        );
        assert!(
            r.text.contains(&member),
            "the detail names {member}: {}",
            r.text
        );
    }
    let after = counts(&emu);
    assert_eq!(before, after);
    // The schedules the service takes: strings or integers, aepp's once export without a
    // frequency, a 15-minute interval.
    for schedule in [
        json!({"startTime": "1793491200", "frequency": "minute", "interval": "15"}),
        json!({"startTime": 1793491200, "frequency": "hour", "interval": 3}),
        json!({"timeUnit": "day", "interval": 0, "exportMode": "DAILY_FULL_EXPORT"}),
    ] {
        let r = emu
            .post(
                &format!("{FLOW}/flows"),
                &flow(&src, &tgt, schedule.clone()),
            )
            .await;
        assert_eq!(r.status, 201, "{schedule}: {}", r.text);
    }
}

#[tokio::test]
async fn credentials_must_fit_the_specs_authspec() {
    let emu = Emu::start().await;
    let post = |body: Value| {
        let emu = &emu;
        async move { emu.post(&format!("{FLOW}/connections"), &body).await }
    };
    let missing = post(streaming(json!({"sourceId": "web", "name": "n"}))).await;
    assert_eq!(missing.code(), "FLOW-1455-400");
    assert!(missing.text.contains("'dataType'"), "{}", missing.text);
    let salesforce = |spec_name: &str, params: Value| {
        json!({"name": "CRM", "connectionSpec": {"id": SALESFORCE_SPEC, "version": "1.0"},
               "auth": {"specName": spec_name, "params": params}})
    };
    let no_token = post(salesforce(
        "Basic Authentication",
        json!({"username": "u", "password": "p"}),
    ))
    .await;
    assert_eq!(no_token.code(), "FLOW-1455-400");
    assert!(
        no_token.text.contains("'securityToken'"),
        "{}",
        no_token.text
    );
    let wrong_kind = post(salesforce("Access Key", json!({}))).await;
    assert_eq!(wrong_kind.code(), "FLOW-1455-400");
    assert!(
        wrong_kind.text.contains("OAuth2 Client Credential"),
        "{}",
        wrong_kind.text
    );
    let no_auth = post(json!({"name": "CRM", "connectionSpec": {"id": SALESFORCE_SPEC}})).await;
    assert_eq!(no_auth.code(), "FLOW-1455-400");
    let full = post(salesforce(
        "Basic Authentication",
        json!({"username": "u", "password": "p", "securityToken": "t"}),
    ))
    .await;
    assert_eq!(full.status, 201, "{}", full.text);
    // A spec without authSpec (the landing zone) takes a connection without auth.
    let dlz =
        post(json!({"name": "DLZ", "connectionSpec": {"id": DLZ_SPEC, "version": "1.0"}})).await;
    assert_eq!(dlz.status, 201, "{}", dlz.text);
}

#[tokio::test]
async fn a_streaming_connection_gets_an_inlet_on_create() {
    let emu = Emu::start().await;
    let r = emu
        .post(
            &format!("{FLOW}/connections"),
            &streaming(json!({"sourceId": "web", "dataType": "xdm", "name": "Web inlet", "inletId": "mine"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap();
    let got = emu.get(&format!("{FLOW}/connections/{id}")).await;
    let params = &got.item()["auth"]["params"];
    let inlet = params["inletId"].as_str().unwrap();
    assert!(
        inlet.len() == 64 && inlet.bytes().all(|b| b.is_ascii_hexdigit()),
        "{inlet}"
    );
    assert_eq!(
        params["inletUrl"],
        json!(format!("https://dcs.adobedc.net/collection/{inlet}"))
    );
    assert_eq!(params["authenticationRequired"], json!(false));
    assert_eq!(params["sourceId"], "web");
    let asked = emu
        .post(
            &format!("{FLOW}/connections"),
            &streaming(json!({"sourceId": "s", "dataType": "raw", "name": "n", "authenticationRequired": true})),
        )
        .await;
    let id2 = asked.body["id"].as_str().unwrap();
    let got2 = emu.get(&format!("{FLOW}/connections/{id2}")).await;
    assert_eq!(
        got2.item()["auth"]["params"]["authenticationRequired"],
        json!(true)
    );
    assert_ne!(got2.item()["auth"]["params"]["inletId"], json!(inlet));
    // The seeded streaming connections carry their inlets too.
    let seeded = emu
        .list_all(&format!(
            "{FLOW}/connections?limit=100&property=connectionSpec.id=={STREAMING_SPEC}"
        ))
        .await;
    assert!(seeded.len() >= 3);
    for c in seeded {
        let p = &c["auth"]["params"];
        let inlet = p["inletId"].as_str().unwrap();
        assert_eq!(
            p["inletUrl"],
            json!(format!("https://dcs.adobedc.net/collection/{inlet}"))
        );
        assert!(p["authenticationRequired"].is_boolean());
    }
}

#[tokio::test]
async fn connections_a_flow_uses_cannot_be_deleted_until_it_is() {
    let emu = Emu::start().await;
    let (src, tgt) = ends(&emu).await;
    let made = emu
        .post(
            &format!("{FLOW}/flows"),
            &flow(
                &src,
                &tgt,
                json!({"frequency": "once", "startTime": "1793491200"}),
            ),
        )
        .await;
    let flow_id = made.body["id"].as_str().unwrap().to_string();
    for (resource, id) in [("sourceConnections", &src), ("targetConnections", &tgt)] {
        let r = emu.delete(&format!("{FLOW}/{resource}/{id}")).await;
        assert_eq!(
            (r.status.as_u16(), r.code()),
            (400, "FLOW-1418-400".into()),
            "{}",
            r.text
        );
        assert_eq!(r.body["report"]["usedBy"], json!([flow_id]));
        assert!(r.text.contains(&flow_id));
        assert_eq!(
            emu.get(&format!("{FLOW}/{resource}/{id}")).await.status,
            200
        );
    }
    // A run of it: aepp's once export shape aside, a flow scheduled once runs.
    let run = emu
        .post(&format!("{FLOW}/runs"), &json!({"flowId": flow_id}))
        .await;
    assert_eq!(run.status, 201, "{}", run.text);
    assert_eq!(
        emu.delete(&format!("{FLOW}/flows/{flow_id}")).await.status,
        204
    );
    for (resource, id) in [("sourceConnections", &src), ("targetConnections", &tgt)] {
        assert_eq!(
            emu.delete(&format!("{FLOW}/{resource}/{id}")).await.status,
            204
        );
    }
    // The seed's flows hold on to their connections the same way.
    let seeded = emu
        .first(&format!("{FLOW}/flows?limit=1&property=state==enabled"))
        .await;
    let target = seeded["targetConnectionIds"][0].as_str().unwrap();
    let r = emu
        .delete(&format!("{FLOW}/targetConnections/{target}"))
        .await;
    assert_eq!(r.code(), "FLOW-1418-400");
}

#[tokio::test]
async fn an_aepp_once_export_flow_runs_and_a_periodic_one_does_not() {
    let emu = Emu::start().await;
    let (src, tgt) = ends(&emu).await;
    let once = emu
        .post(
            &format!("{FLOW}/flows"),
            &flow(
                &src,
                &tgt,
                json!({"timeUnit": "day", "interval": 0, "exportMode": "DAILY_FULL_EXPORT"}),
            ),
        )
        .await;
    let periodic = emu
        .post(
            &format!("{FLOW}/flows"),
            &flow(&src, &tgt, json!({"timeUnit": "hour", "interval": 3})),
        )
        .await;
    let run = |f: &Value| json!({"flowId": f["id"]});
    let ok = emu.post(&format!("{FLOW}/runs"), &run(&once.body)).await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    let refused = emu
        .post(&format!("{FLOW}/runs"), &run(&periodic.body))
        .await;
    assert_eq!(refused.code(), "FLOW-1422-400");
    assert!(
        refused.text.contains("scheduled for one-time ingestion"),
        "{}",
        refused.text
    );
    assert_eq!(emu.handle.posts("runs"), 2);
    assert_eq!(emu.handle.posts("flows"), 2);
}
