//! The conformance walk: starts the emulator in-process on port 0, calls every Flow Service
//! endpoint it serves with success and documented error cases, and validates each answer
//! against the document's schema for that status (after the relaxations of `relax.rs`).
//!
//! Ids come from the emulator's own listings, never hard-coded; the request machinery and
//! the judging of answers are in `walk.rs`.

use crate::conformance::listing::{enc, entry_path, first_id, first_id_where, has_more, items};
use crate::conformance::refusals::{self, STREAMING_SPEC};
use crate::conformance::walk::{Auth, UNKNOWN_ID, Walk, bad_request, err, not_found, ok, refused};
use reqwest::Method;
use serde_json::{Value, json};
use std::net::SocketAddr;

/// Operations the emulator implements; each must be answered with a 2xx at least once.
const IMPLEMENTED: [&str; 32] = [
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
    "configByConnectionSpecId",
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emulator_answers_conform_to_the_openapi_document() {
    let cfg = flowscope::emulator::EmulatorConfig::for_tests();
    let listen: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let handle = flowscope::emulator::start(listen, cfg)
        .await
        .expect("emulator starts");
    let mut w = Walk::connect(handle.base_url()).await;

    let specs = connection_specs(&mut w).await;
    configs(&mut w, &specs).await;
    connections(&mut w, &specs).await;
    let (source, target) = source_and_target_connections(&mut w, &specs).await;
    flows_and_runs(&mut w, &specs, source, target).await;
    refusals::runs_not_once(&mut w).await;
    runs(&mut w).await;
    gateway_refusals(&mut w).await;
    probes(&mut w).await;

    let report = w.coverage(&IMPLEMENTED);
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
    /// `activation-datalake` and the `Data Landing Zone` destination: the dataset-export
    /// specs that list exportable datasets (notes §9, §10).
    activation: Option<String>,
    dlz_destination: Option<String>,
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
    specs.activation = by_name("activation-datalake");
    specs.dlz_destination = by_name("Data Landing Zone");
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
    w.follow_next_page("/connections?limit=1", has_more(&list, 1))
        .await;
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

    // Create (an HTTP API streaming connection, which the service gives an inlet), patch
    // (good, stale, unversioned, unsupported op), delete.
    let body = json!({
        "name": "conformance connection",
        "description": "created by tests/conformance",
        "auth": {"specName": "Streaming Connection", "params": {"sourceId": "conformance", "dataType": "xdm", "name": "conformance inlet"}},
        "connectionSpec": {"id": STREAMING_SPEC, "version": "1.0"}
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
    if let Some(one) = w.get(&format!("/connections/{id}"), ok(200)).await {
        inlet_given(w, &one["items"][0]);
    }
    w.patch_cycle("connections", &id, &created).await;
    w.delete_cycle("connections", &id).await;
}

/// The GET after creating a streaming connection shows its inlet (Adobe's HTTP API
/// streaming tutorial; notes §4): `inletId`, `inletUrl` on dcs.adobedc.net, and
/// `authenticationRequired` false when the create did not ask for it.
fn inlet_given(w: &mut Walk, conn: &Value) {
    let params = &conn["auth"]["params"];
    let inlet = params["inletId"].as_str().unwrap_or("");
    if inlet.len() != 64 || !inlet.bytes().all(|b| b.is_ascii_hexdigit()) {
        w.fail(&format!(
            "streaming connection: inletId {inlet:?} is not 64 hex digits"
        ));
    }
    let url = format!("https://dcs.adobedc.net/collection/{inlet}");
    if params["inletUrl"] != url.as_str() || params["authenticationRequired"] != false {
        w.fail(&format!(
            "streaming connection: auth.params {params} lack the inlet"
        ));
    }
}

/// `configs?outputType=activationDatasets&outputField=datasets` (notes §10): the
/// exportable datasets, a page at a time, for both dataset-export specs alike.
async fn configs(w: &mut Walk, specs: &Specs) {
    let q = "outputType=activationDatasets&outputField=datasets";
    let (Some(activation), Some(dest)) = (specs.activation.clone(), specs.dlz_destination.clone())
    else {
        w.fail("no activation-datalake or Data Landing Zone spec to list datasets with");
        return;
    };
    let path = |spec: &str, more: &str| format!("/connectionSpecs/{spec}/configs?{q}{more}");
    let Some(all) = w
        .get(&path(&activation, "&limit=100&start=0"), ok(200))
        .await
    else {
        return;
    };
    let total = all
        .pointer("/pageInfo/total")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    if total < 2 || items(&all).len() as u64 != total {
        w.fail(&format!(
            "configs: {total} datasets in all, {} listed",
            items(&all).len()
        ));
    }
    if let Some(page) = w.get(&path(&activation, "&limit=1&start=1"), ok(200)).await {
        let expect = json!({"start": 1, "end": 1, "total": total, "hasNext": total > 2});
        if page["pageInfo"] != expect || items(&page).first() != items(&all).get(1) {
            w.fail(&format!("configs page 2 of 1: {}", page["pageInfo"]));
        }
    }
    if let Some(named) = w.get(&path(&dest, "&properties=name,state"), ok(200)).await
        && items(&named)
            .iter()
            .any(|d| d.as_object().is_none_or(|o| o.len() != 3))
    {
        w.fail("configs with properties=name,state keep other members");
    }
    if let Some(dlz) = &specs.dlz {
        w.get(&path(dlz, ""), err(400, "1455-400")).await;
    }
    w.get(
        &format!("/connectionSpecs/{activation}/configs?outputType=x"),
        err(400, "1455-400"),
    )
    .await;
    w.get(&path(UNKNOWN_ID, ""), not_found()).await;
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
        w.follow_next_page(&format!("/{resource}?limit=1"), has_more(&list, 1))
            .await;
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

async fn flows_and_runs(
    w: &mut Walk,
    specs: &Specs,
    source: Option<String>,
    target: Option<String>,
) {
    let list = w.get("/flows", ok(200)).await;
    let more = list.as_ref().is_some_and(|l| has_more(l, 1));
    w.follow_next_page("/flows?limit=1", more).await;
    if let Some(list) = &list {
        w.harness_catches_tampering("/flows", list);
    }
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
    if let Some(dlz) = &specs.dlz {
        refusals::creates(w, dlz, &flow_spec, &source, &target).await;
    }
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
    refusals::deletes_in_use(w, &source, &target).await;
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
    w.follow_next_page("/runs?limit=2", has_more(&list, 2))
        .await;
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
    retry(w).await;
}

/// `POST /runs/{id}/action?op=RE_TRIGGER`: a failed run is attempted again and the answer
/// is the run (`FlowRunItemDTO`); a run that has not failed, an unknown run and an
/// unknown op are refused with the service's codes.
async fn retry(w: &mut Walk) {
    let failed = "/runs?limit=1&property=metrics.statusSummary.status%3D%3Dfailed";
    let Some(list) = w.get(failed, ok(200)).await else {
        return;
    };
    let Some(id) = first_id(&list) else {
        w.fail("the demo has no failed run to retry");
        return;
    };
    let action = |op: &str| format!("/runs/{id}/action?op={op}");
    w.send(Method::POST, &action("RE_TRIGGER"), None, None, ok(200))
        .await;
    // Now in progress again: a second retry is refused, not a third attempt.
    w.send(
        Method::POST,
        &action("RE_TRIGGER"),
        None,
        None,
        err(400, "1422-400"),
    )
    .await;
    w.send(
        Method::POST,
        &action("publish"),
        None,
        None,
        err(400, "1455-400"),
    )
    .await;
    w.send(
        Method::POST,
        &format!("/runs/{UNKNOWN_ID}/action?op=RE_TRIGGER"),
        None,
        None,
        not_found(),
    )
    .await;
}

/// The document's most common error entry is 403 "The OAuth token is missing" (and 401
/// on some operations); both are gateway answers (notes §2). One call each, on operations
/// that document that status.
async fn gateway_refusals(w: &mut Walk) {
    for (path, expect) in [
        ("/connections", refused(403, "403010", Auth::Missing)),
        ("/runs", refused(403, "403010", Auth::Missing)),
        ("/flows", refused(401, "401013", Auth::Bogus)),
        ("/sourceConnections", refused(401, "401013", Auth::Bogus)),
    ] {
        w.get(path, expect).await;
    }
}

/// Operations outside the brief that the notes mention (publish actions §6): called
/// once; a 404/405 on an existing id means the emulator does not serve them.
async fn probes(w: &mut Walk) {
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
