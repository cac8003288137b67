//! The conformance walk: starts the emulator in-process on port 0, calls every Flow Service
//! endpoint it serves with success and documented error cases, and validates each answer
//! against the document's schema for that status (after the relaxations of `relax.rs`).
//!
//! It uses plain reqwest rather than the project's client, so a client bug cannot hide an
//! emulator bug. Ids come from the emulator's own listings. Failures are collected, not
//! raised at once, so one run reports every non-conforming answer.

use crate::openapi::{Direction, Operation, ResponseSpec, violations};
use crate::relax;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::SocketAddr;

const FLOW_BASE: &str = "/data/foundation/flowservice";
/// The emulator's gateway checks that `x-api-key` is the client id the token was issued to.
const CLIENT_ID: &str = "flowscope-conformance";
const ORG: &str = "0000000000000000000000@AdobeOrg";
/// An id no seeded object has.
const UNKNOWN_ID: &str = "00000000-0000-4000-8000-00000000dead";

/// Operations the emulator implements; each must be answered with a 2xx at least once.
const IMPLEMENTED: [&str; 31] = [
    "listConnections",
    "retrieveConnection",
    "createConnection",
    "patchConnection",
    "deleteConnection",
    "testConnection",
    "getByConnectionId",
    "listConnectionSpecs",
    "retrieveConnectionSpec",
    "exploreByConnectionSpecId",
    "getSourceConnections",
    "retrieveSourceConnection",
    "createSourceConnection",
    "patchSourceConnection",
    "deleteSourceConnection",
    "getTargetConnections",
    "retrieveTargetConnection",
    "createTargetConnection",
    "patchTargetConnection",
    "deleteTargetConnection",
    "listFlows",
    "retrieveFlow",
    "createFlow",
    "patchFlow",
    "deleteByFlow",
    "postStateTransition",
    "listFlowSpecs",
    "retrieveFlowSpec",
    "listFlowRuns",
    "retrieveFlowRun",
    "createFlowRun",
];

/// One expected answer: the HTTP status and, for errors, the `FLOW-<code>-<http>` suffix of
/// `type` when the notes name one (§2, §5, §6).
#[derive(Clone, Copy)]
struct Expect {
    status: u16,
    code: Option<&'static str>,
}

fn ok(status: u16) -> Expect {
    Expect { status, code: None }
}

fn err(status: u16, code: &'static str) -> Expect {
    Expect {
        status,
        code: Some(code),
    }
}

fn not_found() -> Expect {
    // The notes show both FLOW-1101-404 and FLOW-1439-404 for an unknown id; only the HTTP
    // part of the code is pinned.
    Expect {
        status: 404,
        code: None,
    }
}

/// A 400 whose code the notes do not name.
fn bad_request() -> Expect {
    Expect {
        status: 400,
        code: None,
    }
}

struct Walk {
    http: reqwest::Client,
    base: String,
    token: String,
    /// Statuses seen per operation, for the coverage summary.
    hits: BTreeMap<Operation, BTreeSet<u16>>,
    /// Operations probed because the notes mention them, with whether the emulator serves them.
    probes: BTreeMap<Operation, bool>,
    validated: usize,
    failures: Vec<String>,
    validators: HashMap<String, jsonschema::Validator>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emulator_answers_conform_to_the_openapi_document() {
    let cfg = flowscope::emulator::EmulatorConfig::for_tests();
    let listen: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let handle = flowscope::emulator::start(listen, cfg)
        .await
        .expect("emulator starts");
    let base = handle.base_url();
    let http = reqwest::Client::new();

    // IMS v3 (notes §1): form body, no auth header.
    let token: Value = http
        .post(format!("{base}/ims/token/v3"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", "conformance-secret"),
            ("scope", "openid"),
        ])
        .send()
        .await
        .expect("IMS answers")
        .json()
        .await
        .expect("IMS answers JSON");
    let access_token = token["access_token"]
        .as_str()
        .expect("access_token")
        .to_string();
    assert!(
        token["expires_in"].as_i64().is_some_and(|s| s > 500),
        "aepp needs expires_in > 500 s (notes §1): {token}"
    );

    let mut w = Walk {
        http,
        base,
        token: access_token,
        hits: BTreeMap::new(),
        probes: BTreeMap::new(),
        validated: 0,
        failures: Vec::new(),
        validators: HashMap::new(),
    };

    let specs = connection_specs(&mut w).await;
    connections(&mut w, &specs).await;
    let (source, target) = source_and_target_connections(&mut w, &specs).await;
    flows_and_runs(&mut w, source, target).await;
    runs(&mut w).await;
    probes(&mut w, &specs).await;

    let report = w.coverage();
    eprintln!("{report}");
    handle.shutdown().await;

    let missing: Vec<&str> = IMPLEMENTED
        .iter()
        .copied()
        .filter(|id| {
            !w.hits
                .iter()
                .any(|(op, st)| op.id == *id && st.iter().any(|s| (200..300).contains(s)))
        })
        .collect();
    assert!(
        missing.is_empty() && w.failures.is_empty(),
        "{} non-conforming answers:\n{}\n\nimplemented operations never answered with a 2xx: {missing:?}",
        w.failures.len(),
        w.failures.join("\n")
    );
}

/// Ids the walk needs from the connectionSpecs listing.
#[derive(Default)]
struct Specs {
    /// `landing-zone` (notes §9).
    dlz: Option<String>,
    /// `datalake` (notes §9).
    datalake: Option<String>,
    /// Any spec other than the landing zone.
    other: Option<String>,
    /// A file path in the landing zone, for a source connection.
    dlz_file: Option<String>,
}

async fn connection_specs(w: &mut Walk) -> Specs {
    let mut specs = Specs::default();
    let Some(list) = w.get("/connectionSpecs", ok(200)).await else {
        return specs;
    };
    let by_name = |name: &str| {
        items(&list)
            .iter()
            .find(|s| s["name"] == name)
            .and_then(|s| s["id"].as_str())
            .map(str::to_string)
    };
    specs.dlz = by_name("landing-zone");
    specs.datalake = by_name("datalake");
    let dlz = specs.dlz.clone();
    specs.other = first_id_where(&list, |s| s["id"].as_str() != dlz.as_deref());
    w.expect_some(&specs.dlz, "connectionSpec named landing-zone");
    w.expect_some(&specs.datalake, "connectionSpec named datalake");

    if let Some(id) = specs.dlz.clone() {
        if let Some(one) = w.get(&format!("/connectionSpecs/{id}"), ok(200)).await {
            w.expect_single_item(&one, "GET /connectionSpecs/{id}");
        }
        // Listings are bare arrays, previews objects (notes §7).
        let explore = format!("/connectionSpecs/{id}/explore");
        if let Some(root) = w.get(&format!("{explore}?objectType=root"), ok(200)).await {
            let folder = entry_path(&root, |e| e["type"] == "folder");
            let mut file = entry_path(&root, |e| e["type"] == "file" && e["canPreview"] == true);
            if let Some(folder) = folder {
                let q = format!("{explore}?objectType=folder&object={}", enc(&folder));
                if let Some(listing) = w.get(&q, ok(200)).await {
                    file = file.or_else(|| {
                        entry_path(&listing, |e| e["type"] == "file" && e["canPreview"] == true)
                    });
                }
            }
            if let Some(file) = &file {
                let q = format!(
                    "{explore}?objectType=file&object={}&preview=true&determineProperties=true",
                    enc(file)
                );
                w.get(&q, ok(200)).await;
            } else {
                w.fail("the landing zone shows no previewable file to explore");
            }
            specs.dlz_file = file;
        }
    }
    if let Some(other) = &specs.other {
        // The document lists 400 for this operation (without a body); the emulator only
        // explores the landing-zone spec without a connection.
        let q = format!("/connectionSpecs/{other}/explore?objectType=root");
        w.get(&q, bad_request()).await;
    }
    w.get(&format!("/connectionSpecs/{UNKNOWN_ID}"), not_found())
        .await;
    specs
}

async fn connections(w: &mut Walk, specs: &Specs) {
    let Some(list) = w.get("/connections", ok(200)).await else {
        return;
    };
    w.follow_next_page("/connections?limit=1").await;
    w.get("/connections?count=true", ok(200)).await;
    // `~` is not implemented by Flow Service (notes §3).
    w.get("/connections?property=name~acme", err(400, "1440-400"))
        .await;

    if let Some(id) = first_id(&list) {
        if let Some(one) = w.get(&format!("/connections/{id}"), ok(200)).await {
            w.expect_single_item(&one, "GET /connections/{id}");
        }
        w.get(&format!("/connections/{id}/test"), ok(200)).await;
    }
    w.get(&format!("/connections/{UNKNOWN_ID}"), not_found())
        .await;
    w.get(&format!("/connections/{UNKNOWN_ID}/test"), not_found())
        .await;

    // Explore through a landing-zone base connection; the seed may have none, so make one.
    let dlz_conn = match &specs.dlz {
        Some(dlz) => match first_id_where(&list, |c| c["connectionSpec"]["id"] == dlz.as_str()) {
            Some(id) => Some(id),
            None => {
                let body = json!({"name": "conformance DLZ base", "connectionSpec": {"id": dlz, "version": "1.0"}});
                w.send(Method::POST, "/connections", Some(&body), None, ok(201))
                    .await
                    .and_then(|b| b["id"].as_str().map(str::to_string))
            }
        },
        None => None,
    };
    if let Some(id) = dlz_conn {
        w.get(
            &format!("/connections/{id}/explore?objectType=root"),
            ok(200),
        )
        .await;
    }
    if let Some(id) = first_id_where(&list, |c| {
        c["connectionSpec"]["id"].as_str() != specs.dlz.as_deref()
    }) {
        // Not a landing-zone connection: the emulator has nothing to explore behind it.
        w.get(
            &format!("/connections/{id}/explore?objectType=root"),
            bad_request(),
        )
        .await;
    }

    // Create, patch (good, stale, unversioned, unsupported op), delete.
    let spec_id = items(&list)
        .first()
        .and_then(|c| c["connectionSpec"]["id"].as_str())
        .map(str::to_string)
        .or_else(|| specs.other.clone());
    let Some(spec_id) = spec_id else {
        w.fail("no connection spec id to create a connection with");
        return;
    };
    let body = json!({
        "name": "conformance connection",
        "description": "created by tests/conformance",
        "auth": {"specName": "Basic Authentication", "params": {"username": "u", "password": "p"}},
        "connectionSpec": {"id": spec_id, "version": "1.0"}
    });
    let Some(created) = w
        .send(Method::POST, "/connections", Some(&body), None, ok(201))
        .await
    else {
        return;
    };
    let Some(id) = created["id"].as_str().map(str::to_string) else {
        w.fail("POST /connections 201 has no id");
        return;
    };
    w.patch_cycle("connections", &id, &created).await;
    w.delete_cycle("connections", &id).await;
}

async fn source_and_target_connections(
    w: &mut Walk,
    specs: &Specs,
) -> (Option<String>, Option<String>) {
    let mut made = (None, None);
    for resource in ["sourceConnections", "targetConnections"] {
        let Some(list) = w.get(&format!("/{resource}"), ok(200)).await else {
            continue;
        };
        w.follow_next_page(&format!("/{resource}?limit=1")).await;
        if let Some(id) = first_id(&list)
            && let Some(one) = w.get(&format!("/{resource}/{id}"), ok(200)).await
        {
            w.expect_single_item(&one, &format!("GET /{resource}/{{id}}"));
        }
        w.get(&format!("/{resource}/{UNKNOWN_ID}"), not_found())
            .await;

        let body = if resource == "sourceConnections" {
            let (Some(dlz), Some(path)) = (&specs.dlz, &specs.dlz_file) else {
                w.fail("no landing-zone spec/file to create a source connection with");
                continue;
            };
            // A DLZ source connection has no base connection (notes §4).
            json!({
                "name": "conformance DLZ source",
                "data": {"format": "delimited", "columnDelimiter": ","},
                "params": {"path": path, "type": "file", "recursive": false},
                "connectionSpec": {"id": dlz, "version": "1.0"}
            })
        } else {
            let Some(datalake) = &specs.datalake else {
                w.fail("no datalake spec to create a target connection with");
                continue;
            };
            json!({
                "name": "conformance Data Lake target",
                "data": {"format": "parquet_xdm", "schema": {
                    "id": "https://ns.adobe.com/{TENANT}/schemas/conformance",
                    "version": "application/vnd.adobe.xed-full+json;version=1"}},
                "params": {"dataSetId": "5f3c3cedb2805c194ff0b69a"},
                "connectionSpec": {"id": datalake, "version": "1.0"}
            })
        };
        let path = format!("/{resource}");
        let Some(created) = w
            .send(Method::POST, &path, Some(&body), None, ok(201))
            .await
        else {
            continue;
        };
        let Some(id) = created["id"].as_str().map(str::to_string) else {
            w.fail(&format!("POST /{resource} 201 has no id"));
            continue;
        };
        w.patch_cycle(resource, &id, &created).await;
        // Kept for the flow; deleted after it.
        if resource == "sourceConnections" {
            made.0 = Some(id);
        } else {
            made.1 = Some(id);
        }
    }
    made
}

async fn flows_and_runs(w: &mut Walk, source: Option<String>, target: Option<String>) {
    let list = w.get("/flows", ok(200)).await;
    w.follow_next_page("/flows?limit=1").await;
    w.get("/flows?count=true", ok(200)).await;
    w.get(
        "/flows?property=inheritedAttributes.properties.isSourceFlow%3D%3Dtrue",
        ok(200),
    )
    .await;
    // listFlows documents a 400 (without a body): `~` is FLOW-1440-400 (notes §2).
    w.get("/flows?property=name~x", err(400, "1440-400")).await;
    w.get(&format!("/flows/{UNKNOWN_ID}"), not_found()).await;

    let mut in_use_base = None;
    if let Some(list) = &list
        && let Some(id) = first_id(list)
        && let Some(one) = w.get(&format!("/flows/{id}"), ok(200)).await
    {
        w.expect_single_item(&one, "GET /flows/{id}");
        in_use_base = items(list).iter().find_map(|f| {
            f.pointer("/inheritedAttributes/sourceConnections/0/baseConnection/id")
                .and_then(Value::as_str)
                .map(str::to_string)
        });
    }

    let Some(spec_list) = w.get("/flowSpecs", ok(200)).await else {
        return;
    };
    w.get("/flowSpecs?property=name%3D%3DCloudStorageToAEP", ok(200))
        .await;
    w.get(&format!("/flowSpecs/{UNKNOWN_ID}"), not_found())
        .await;
    let flow_spec = first_id_where(&spec_list, |s| s["name"] == "CloudStorageToAEP");
    w.expect_some(&flow_spec, "flowSpec named CloudStorageToAEP");
    if let Some(id) = &flow_spec
        && let Some(one) = w.get(&format!("/flowSpecs/{id}"), ok(200)).await
    {
        w.expect_single_item(&one, "GET /flowSpecs/{id}");
    }

    let (Some(flow_spec), Some(source), Some(target)) = (flow_spec, source, target) else {
        w.fail("cannot create a flow: no flowSpec, source or target connection");
        return;
    };
    // aepp's body (notes §10): `once` flows are the ones POST /runs is for (notes §6).
    let body = json!({
        "name": "conformance flow",
        "description": "created by tests/conformance",
        "flowSpec": {"id": flow_spec, "version": "1.0"},
        "sourceConnectionIds": [source],
        "targetConnectionIds": [target],
        "transformations": [{"name": "Mapping", "params": {"mappingId": "0b090130b58b4819afc78b6dc98b484d", "mappingVersion": 0}}],
        "scheduleParams": {"startTime": "1700000000", "frequency": "once"}
    });
    let mut with_state = body.clone();
    with_state["state"] = json!("enabled");
    w.send(
        Method::POST,
        "/flows",
        Some(&with_state),
        None,
        err(400, "1410-400"),
    )
    .await;
    let Some(created) = w
        .send(Method::POST, "/flows", Some(&body), None, ok(201))
        .await
    else {
        return;
    };
    let Some(flow) = created["id"].as_str().map(str::to_string) else {
        w.fail("POST /flows 201 has no id");
        return;
    };
    w.patch_cycle("flows", &flow, &created).await;

    // Actions: no body and no Content-Type (notes §6).
    let action = |op: &str| format!("/flows/{flow}/action?op={op}");
    w.send(Method::POST, &action("disable"), None, None, ok(200))
        .await;
    w.send(
        Method::POST,
        &action("disable"),
        None,
        None,
        err(400, "1422-400"),
    )
    .await;
    w.send(Method::POST, &action("enable"), None, None, ok(200))
        .await;
    w.send(
        Method::POST,
        &format!("/flows/{UNKNOWN_ID}/action?op=enable"),
        None,
        None,
        not_found(),
    )
    .await;

    // POST /runs (notes §6 body; aepp adds "status":"active").
    let run_body = json!({"flowId": flow, "status": "active", "params": {
        "startTime": "1700000000", "windowStartTime": "1699990000", "windowEndTime": "1700000000"}});
    if let Some(created_run) = w
        .send(Method::POST, "/runs", Some(&run_body), None, ok(201))
        .await
    {
        let run_id = created_run["id"]
            .as_str()
            .or_else(|| created_run.pointer("/items/0/id").and_then(Value::as_str))
            .map(str::to_string);
        if let Some(run_id) = run_id
            && let Some(one) = w.get(&format!("/runs/{run_id}"), ok(200)).await
        {
            w.expect_single_item(&one, "GET /runs/{id}");
        }
        w.get(&format!("/runs?property=flowId%3D%3D{flow}"), ok(200))
            .await;
    }
    let unknown_run = json!({"flowId": UNKNOWN_ID});
    w.send(Method::POST, "/runs", Some(&unknown_run), None, not_found())
        .await;

    w.delete_cycle("flows", &flow).await;
    w.delete_cycle("sourceConnections", &source).await;
    w.delete_cycle("targetConnections", &target).await;

    // A base connection that flows use cannot be deleted (notes §6). Last, so that an
    // emulator that wrongly deletes it cannot disturb the rest of the walk.
    if let Some(base) = in_use_base {
        w.send(
            Method::DELETE,
            &format!("/connections/{base}"),
            None,
            None,
            err(400, "1418-400"),
        )
        .await;
    }
}

async fn runs(w: &mut Walk) {
    let Some(list) = w.get("/runs", ok(200)).await else {
        return;
    };
    w.follow_next_page("/runs?limit=2").await;
    w.get("/runs?count=true", ok(200)).await;
    w.get(
        "/runs?property=metrics.statusSummary.status%3D%3Dfailed",
        ok(200),
    )
    .await;
    w.get("/runs?property=flowId~x", err(400, "1440-400")).await;
    if let Some(id) = first_id(&list)
        && let Some(one) = w.get(&format!("/runs/{id}"), ok(200)).await
    {
        w.expect_single_item(&one, "GET /runs/{id}");
    }
    w.get(&format!("/runs/{UNKNOWN_ID}"), not_found()).await;
}

/// Operations outside the brief that the notes mention (configs §10, publish actions §6):
/// called once; a 404/405 on an existing id means the emulator does not serve them.
async fn probes(w: &mut Walk, specs: &Specs) {
    if let Some(dlz) = &specs.dlz {
        w.probe(
            Method::GET,
            &format!("/connectionSpecs/{dlz}/configs?outputType=activationDatasets&outputField=datasets&limit=100&start=0"),
        )
        .await;
    }
    for resource in ["connections", "sourceConnections", "targetConnections"] {
        let Some(list) = w.get_quiet(&format!("/{resource}?limit=1")).await else {
            continue;
        };
        if let Some(id) = first_id(&list) {
            w.probe(Method::POST, &format!("/{resource}/{id}/action?op=publish"))
                .await;
        }
    }
}

impl Walk {
    async fn get(&mut self, path: &str, expect: Expect) -> Option<Value> {
        self.send(Method::GET, path, None, None, expect).await
    }

    /// Sends one Flow Service request, validates the answer and returns its body when the
    /// status is the expected one (`Value::Null` for a 204).
    async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        if_match: Option<&str>,
        expect: Expect,
    ) -> Option<Value> {
        let (status, text) = self.exchange(method.clone(), path, body, if_match).await?;
        let label = format!("{method} {path}");
        let Some(op) = crate::spec().find_operation(method.as_str(), &format!("{FLOW_BASE}{path}"))
        else {
            self.fail(&format!(
                "{label}: the document has no such operation (test bug)"
            ));
            return None;
        };
        self.hits.entry(op.clone()).or_default().insert(status);
        if status != expect.status {
            self.fail(&format!(
                "{op}: {label}: expected HTTP {}, got {status}: {}",
                expect.status,
                clip(&text)
            ));
        }
        let parsed = self.judge(&op, &label, status, &text, path, expect);
        (status == expect.status).then_some(parsed?)
    }

    /// Validates one answer; returns the parsed body (`Null` for an empty 204).
    fn judge(
        &mut self,
        op: &Operation,
        label: &str,
        status: u16,
        text: &str,
        path: &str,
        expect: Expect,
    ) -> Option<Value> {
        if status == 204 {
            // HTTP: a 204 has no body; the document's 204s have `content: {}` (notes §6).
            if !text.is_empty() {
                self.fail(&format!("{op}: {label}: 204 with a body: {}", clip(text)));
            }
            return Some(Value::Null);
        }
        let body: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                self.fail(&format!(
                    "{op}: {label}: {status} body is not JSON ({e}): {}",
                    clip(text)
                ));
                return None;
            }
        };
        let Some((schema, source)) = self.schema_for(op, status, path) else {
            self.fail(&format!(
                "{op}: {label}: status {status} is not documented for this operation and no relaxation covers it"
            ));
            return Some(body);
        };
        let validator = self
            .validators
            .entry(schema.to_string())
            .or_insert_with(|| crate::spec().validator(&schema, Direction::Response));
        let found = violations(validator, &body);
        self.validated += 1;
        for v in found {
            self.fail(&format!("{op} → {status} [{source}]: {label}: {v}"));
        }
        if status >= 400 {
            self.check_problem(op, label, status, &body, expect);
        }
        Some(body)
    }

    /// The schema an answer must meet, and where it comes from.
    fn schema_for(&self, op: &Operation, status: u16, path: &str) -> Option<(Value, String)> {
        let query = path.split_once('?').map(|(_, q)| q).unwrap_or("");
        let is_preview = query
            .split('&')
            .any(|kv| kv.eq_ignore_ascii_case("objectType=file"));
        match (op.id.as_str(), status) {
            ("createFlowRun", 201) => {
                return Some((relax::create_run_201(), "R10, notes §6".into()));
            }
            ("patchConnection", 200) => {
                return Some((
                    relax::patch_connection_200(),
                    "R11, document example".into(),
                ));
            }
            ("getByConnectionId" | "exploreByConnectionSpecId", 200) if is_preview => {
                return Some((relax::explore_preview_200(), "R12, notes §7".into()));
            }
            _ => {}
        }
        match crate::spec().response(op, status) {
            ResponseSpec::Schema { key, schema } => Some((schema, format!("document {key}"))),
            // The document's error entries carry no body (R13).
            ResponseSpec::NoSchema { key, .. } if status >= 400 => Some((
                relax::flow_problem(),
                format!("R13, notes §2; document {key} has no body"),
            )),
            ResponseSpec::Undocumented if status >= 400 => Some((
                relax::flow_problem(),
                format!("R13, notes §2; document lists no {status}"),
            )),
            _ => None,
        }
    }

    /// Notes §2: `status` equals the HTTP status and `type` ends in `FLOW-<code>-<http>`.
    fn check_problem(
        &mut self,
        op: &Operation,
        label: &str,
        status: u16,
        body: &Value,
        expect: Expect,
    ) {
        if body["status"].as_u64() != Some(u64::from(status)) {
            self.fail(&format!(
                "{op} → {status}: {label}: problem `status` is {} (notes §2: the HTTP status as an int)",
                body["status"]
            ));
        }
        let kind = body["type"].as_str().unwrap_or("");
        if !kind.ends_with(&format!("-{status}")) {
            self.fail(&format!(
                "{op} → {status}: {label}: problem type {kind:?} does not end in -{status}"
            ));
        }
        if let Some(code) = expect.code
            && status == expect.status
            && !kind.ends_with(&format!("FLOW-{code}"))
        {
            self.fail(&format!(
                "{op} → {status}: {label}: problem type {kind:?}, notes give FLOW-{code}"
            ));
        }
    }

    /// GET → PATCH with the current etag → stale etag 412 → no If-Match 400 → unsupported op
    /// 400 → unknown id 404 (notes §5).
    async fn patch_cycle(&mut self, resource: &str, id: &str, created: &Value) {
        let path = format!("/{resource}/{id}");
        let Some(current) = self.get(&path, ok(200)).await else {
            return;
        };
        self.expect_single_item(&current, &format!("GET /{resource}/{{id}}"));
        let Some(etag) = current
            .pointer("/items/0/etag")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            self.fail(&format!("GET {path}: no items[0].etag to patch with"));
            return;
        };
        if created["etag"] != etag.as_str() {
            self.fail(&format!(
                "{path}: etag from create {} differs from GET {etag}",
                created["etag"]
            ));
        }
        let rename =
            json!([{"op": "replace", "path": "/name", "value": format!("{resource} renamed")}]);
        let Some(patched) = self
            .send(Method::PATCH, &path, Some(&rename), Some(&etag), ok(200))
            .await
        else {
            return;
        };
        let Some(new_etag) = patched["etag"].as_str().map(str::to_string) else {
            self.fail(&format!("PATCH {path}: 200 without etag (notes §5)"));
            return;
        };
        if new_etag == etag {
            self.fail(&format!(
                "PATCH {path}: etag unchanged (notes §5: a new etag)"
            ));
        }
        self.send(
            Method::PATCH,
            &path,
            Some(&rename),
            Some(&etag),
            err(412, "1404-412"),
        )
        .await;
        self.send(
            Method::PATCH,
            &path,
            Some(&rename),
            None,
            err(400, "1403-400"),
        )
        .await;
        let mv = json!([{"op": "move", "from": "/name", "path": "/description"}]);
        self.send(
            Method::PATCH,
            &path,
            Some(&mv),
            Some(&new_etag),
            err(400, "1434-400"),
        )
        .await;
        self.send(
            Method::PATCH,
            &format!("/{resource}/{UNKNOWN_ID}"),
            Some(&rename),
            Some(&new_etag),
            not_found(),
        )
        .await;
    }

    /// DELETE 204 → GET 404 → DELETE 404.
    async fn delete_cycle(&mut self, resource: &str, id: &str) {
        let path = format!("/{resource}/{id}");
        self.send(Method::DELETE, &path, None, None, ok(204)).await;
        self.get(&path, not_found()).await;
        self.send(Method::DELETE, &path, None, None, not_found())
            .await;
    }

    /// Fetches `first` and then the page its `_links.next.href` names (notes §3: a path
    /// relative to the Flow Service base).
    async fn follow_next_page(&mut self, first: &str) {
        let Some(page) = self.get(first, ok(200)).await else {
            return;
        };
        match page.pointer("/_links/next/href").and_then(Value::as_str) {
            Some(href) if href.starts_with('/') => {
                self.get(href, ok(200)).await;
            }
            Some(href) => self.fail(&format!(
                "GET {first}: next href {href:?} is not a path (notes §3)"
            )),
            None => {}
        }
    }

    /// Calls an operation that may not be served; records whether it is.
    async fn probe(&mut self, method: Method, path: &str) {
        let Some(op) = crate::spec().find_operation(method.as_str(), &format!("{FLOW_BASE}{path}"))
        else {
            self.fail(&format!(
                "probe {method} {path}: not in the document (test bug)"
            ));
            return;
        };
        let Some((status, text)) = self.exchange(method.clone(), path, None, None).await else {
            return;
        };
        let served = !matches!(status, 404 | 405);
        self.probes.insert(op.clone(), served);
        if served {
            self.hits.entry(op.clone()).or_default().insert(status);
            let label = format!("{method} {path}");
            self.judge(&op, &label, status, &text, path, ok(status));
        }
    }

    /// A GET whose answer is only used for ids, not judged again.
    async fn get_quiet(&mut self, path: &str) -> Option<Value> {
        let (status, text) = self.exchange(Method::GET, path, None, None).await?;
        (status == 200).then(|| serde_json::from_str(&text).ok())?
    }

    async fn exchange(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        if_match: Option<&str>,
    ) -> Option<(u16, String)> {
        let url = format!("{}{FLOW_BASE}{path}", self.base);
        let mut req = self
            .http
            .request(method.clone(), &url)
            .bearer_auth(&self.token)
            .header("x-api-key", CLIENT_ID)
            .header("x-gw-ims-org-id", ORG)
            .header("x-sandbox-name", "prod");
        if let Some(body) = body {
            // `json` sets Content-Type: application/json.
            req = req.json(body);
        }
        if let Some(etag) = if_match {
            req = req.header("If-Match", etag);
        }
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                self.fail(&format!("{method} {path}: no answer: {e}"));
                return None;
            }
        };
        let status = resp.status().as_u16();
        match resp.text().await {
            Ok(text) => Some((status, text)),
            Err(e) => {
                self.fail(&format!("{method} {path}: body unreadable: {e}"));
                None
            }
        }
    }

    /// GET by id answers `{"items":[obj]}` (notes §4); the document's list schemas allow
    /// any number of items, the notes say exactly one.
    fn expect_single_item(&mut self, body: &Value, what: &str) {
        let n = body["items"].as_array().map(Vec::len);
        if n != Some(1) {
            self.fail(&format!(
                "{what}: items has {n:?} entries, notes §4 say exactly one"
            ));
        }
    }

    fn expect_some(&mut self, v: &Option<String>, what: &str) {
        if v.is_none() {
            self.fail(&format!("the emulator's listing has no {what}"));
        }
    }

    fn fail(&mut self, msg: &str) {
        self.failures.push(msg.to_string());
    }

    fn coverage(&self) -> String {
        let all = crate::spec().operations();
        let hit: Vec<&Operation> = all
            .iter()
            .filter(|op| self.hits.contains_key(*op))
            .collect();
        let mut out = format!(
            "conformance coverage: {} of {} documented operations called, {} answers validated, {} failures\n",
            hit.len(),
            all.len(),
            self.validated,
            self.failures.len()
        );
        for op in &all {
            let mark = match (self.hits.get(op), self.probes.get(op)) {
                (Some(st), _) => format!(
                    "checked {}",
                    st.iter().map(u16::to_string).collect::<Vec<_>>().join(",")
                ),
                (None, Some(false)) => "probed: not served".to_string(),
                _ => "not called".to_string(),
            };
            let implemented = if IMPLEMENTED.contains(&op.id.as_str()) {
                "*"
            } else {
                " "
            };
            out.push_str(&format!(
                "  {implemented} {:<28} {:<6} {:<48} {mark}\n",
                op.id, op.method, op.template
            ));
        }
        out.push_str("  (* = implemented by the emulator, must be answered with a 2xx)\n");
        out.push_str("relaxed against the document (tests/conformance/relax.rs):\n");
        for r in relax::component_relaxations() {
            out.push_str(&format!("  {} {}: {}\n", r.id, r.what, r.why));
        }
        out.push_str("  R10 POST /runs 201 may wrap {id,etag} in items (notes §6)\n");
        out.push_str("  R11 PATCH /connections/{id} 200 checked as CreateConnectionResponse (document gives an example only)\n");
        out.push_str(
            "  R12 explore objectType=file checked as the notes' preview shape (notes §7)\n",
        );
        out.push_str(
            "  R13 error bodies checked as notes §2 problem JSON (the document gives none)\n",
        );
        out
    }
}

fn items(list: &Value) -> &[Value] {
    list["items"].as_array().map(Vec::as_slice).unwrap_or(&[])
}

fn first_id(list: &Value) -> Option<String> {
    first_id_where(list, |_| true)
}

fn first_id_where(list: &Value, pred: impl Fn(&Value) -> bool) -> Option<String> {
    items(list)
        .iter()
        .find(|v| pred(v))
        .and_then(|v| v["id"].as_str())
        .map(str::to_string)
}

/// The `path` of the first explore entry matching `pred` (explore listings are bare arrays).
fn entry_path(listing: &Value, pred: impl Fn(&Value) -> bool) -> Option<String> {
    listing
        .as_array()?
        .iter()
        .find(|e| pred(e))
        .and_then(|e| e["path"].as_str())
        .map(str::to_string)
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn clip(text: &str) -> String {
    const MAX: usize = 400;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}
