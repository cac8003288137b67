//! Tests that the seeded objects look like the real service's: spec names aepp looks
//! up, credential shapes, landing-zone paths, schedule and run variety.

use std::collections::BTreeSet;

use serde_json::Value;

use super::tests::{DAY, NOW, opts, s};
use super::*;
use crate::dlz::DlzStore;
use crate::run_record::RunOutcome;

#[test]
fn specs_carry_the_names_aepp_looks_up() {
    let sb = &build(&opts(4))[0];
    let name_of = |id: &str| {
        sb.connection_specs
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| s(c, "/name"))
    };
    assert_eq!(
        name_of("26f526f2-58f4-4712-961d-e41bf1ccc0e8").as_deref(),
        Some("landing-zone")
    );
    assert_eq!(
        name_of("c604ff05-7f1a-43c0-8e18-33bf874cb11c").as_deref(),
        Some("datalake")
    );
    assert_eq!(
        name_of("23598e46-f560-407b-88d5-ea6207e49db0").as_deref(),
        Some("activation-datalake")
    );
    assert_eq!(
        name_of("10440537-2a7b-4583-ac39-ed38d4b848e8").as_deref(),
        Some("Data Landing Zone")
    );
    let dlz = sb
        .connection_specs
        .iter()
        .find(|c| c["name"] == "landing-zone")
        .unwrap();
    assert!(dlz.get("exploreSpec").is_some());
    let names: Vec<String> = sb.connection_specs.iter().map(|c| s(c, "/name")).collect();
    assert_eq!(
        names.iter().collect::<BTreeSet<_>>().len(),
        names.len(),
        "spec names are unique"
    );
    let cs = sb
        .flow_specs
        .iter()
        .find(|f| f["name"] == "CloudStorageToAEP")
        .unwrap();
    assert!(
        cs["sourceConnectionSpecIds"]
            .as_array()
            .unwrap()
            .contains(&Value::from("26f526f2-58f4-4712-961d-e41bf1ccc0e8"))
    );
    assert_eq!(
        cs["targetConnectionSpecIds"][0],
        "c604ff05-7f1a-43c0-8e18-33bf874cb11c"
    );
    for f in &sb.flow_specs {
        let a = &f["attributes"];
        assert!(
            a["isSourceFlow"] == true || a["isDestinationFlow"] == true,
            "{}",
            f["name"]
        );
        assert!(a["frequency"].is_string());
    }
}

#[test]
fn connections_look_like_the_real_ones() {
    let sb = &build(&opts(5))[0];
    let spec_is = |c: &Value, id: &str| c["connectionSpec"]["id"] == id;
    let http = sb
        .connections
        .iter()
        .find(|c| spec_is(c, "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb"))
        .unwrap();
    let inlet = s(http, "/auth/params/inletId");
    assert_eq!(
        s(http, "/auth/params/inletUrl"),
        format!("https://dcs.adobedc.net/collection/{inlet}")
    );
    assert_eq!(s(http, "/auth/specName"), "Streaming Connection");
    let dlz = sb
        .connections
        .iter()
        .find(|c| spec_is(c, "10440537-2a7b-4583-ac39-ed38d4b848e8"))
        .unwrap();
    assert!(dlz.get("auth").is_none());
    let sf = sb
        .connections
        .iter()
        .find(|c| spec_is(c, "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5"))
        .unwrap();
    assert!(
        !s(sf, "/auth/params/password").is_empty()
            && !s(sf, "/auth/params/securityToken").is_empty()
    );
    let blob = sb
        .connections
        .iter()
        .find(|c| s(c, "/auth/specName") == "ConnectionString")
        .unwrap();
    let cs = s(blob, "/auth/params/connectionString");
    assert!(
        cs.starts_with("DefaultEndpointsProtocol=https;AccountName=") && !cs.contains("{{"),
        "{cs}"
    );
    for c in &sb.connections {
        assert!(!c.to_string().contains("{{"), "unfilled placeholder in {c}");
        let e = s(c, "/etag");
        assert!(
            e.starts_with('"') && e.ends_with("0000\"") && e.len() == 38,
            "{e}"
        );
    }
    let formats: BTreeSet<String> = sb
        .source_connections
        .iter()
        .map(|c| s(c, "/data/format"))
        .collect();
    for f in ["delimited", "json", "parquet", "tabular"] {
        assert!(formats.contains(f), "no {f} source");
    }
    let lake = sb
        .target_connections
        .iter()
        .find(|c| c["data"]["format"] == "parquet_xdm")
        .unwrap();
    assert_eq!(s(lake, "/params/dataSetId").len(), 24);
    assert!(s(lake, "/data/schema/id").starts_with("https://ns.adobe.com/acmeretail/schemas/"));
    let dlz_target = sb
        .target_connections
        .iter()
        .find(|c| spec_is(c, "10440537-2a7b-4583-ac39-ed38d4b848e8"))
        .unwrap();
    assert_eq!(dlz_target["params"]["mode"], "Server-to-server");
    assert!(dlz_target["baseConnectionId"].is_string());
    let export_src = sb
        .source_connections
        .iter()
        .find(|c| spec_is(c, "23598e46-f560-407b-88d5-ea6207e49db0"))
        .unwrap();
    assert!(export_src["params"]["datasets"][0]["dataSetId"].is_string());
}

#[test]
fn landing_zone_sources_point_at_real_files() {
    for sb in build(&opts(6)) {
        let store = DlzStore::demo(&sb.ctx.sandbox_name, 6, NOW);
        let dlz_sources: Vec<&Value> = sb
            .source_connections
            .iter()
            .filter(|c| c["connectionSpec"]["id"] == "26f526f2-58f4-4712-961d-e41bf1ccc0e8")
            .collect();
        assert!(!dlz_sources.is_empty());
        for c in dlz_sources {
            assert!(c["baseConnectionId"].is_null());
            let path = s(c, "/params/path");
            assert!(
                store.get(&path).is_some() || store.is_folder(&path),
                "{path} is not in the landing zone"
            );
        }
    }
}

#[test]
fn flows_vary_in_schedule_state_and_transformations() {
    for sb in build(&opts(9)) {
        let name = sb.ctx.sandbox_name.clone();
        let freqs: BTreeSet<String> = sb
            .flows
            .iter()
            .map(|f| s(f, "/scheduleParams/frequency"))
            .collect();
        for f in ["once", "minute", "hour", "day"] {
            assert!(freqs.contains(f), "{name}: no {f} flow");
        }
        for f in sb
            .flows
            .iter()
            .filter(|f| f["scheduleParams"]["frequency"] == "minute")
        {
            let interval: u32 = s(f, "/scheduleParams/interval").parse().unwrap();
            assert!(interval >= 15);
            assert!(s(f, "/scheduleParams/startTime").parse::<i64>().is_ok());
        }
        let disabled = sb.flows.iter().filter(|f| f["state"] == "disabled").count();
        assert!(disabled >= 2, "{name}: {disabled} disabled");
        let mapped = sb
            .flows
            .iter()
            .filter(|f| f.to_string().contains("\"name\":\"Mapping\""))
            .count();
        assert!(mapped > 0 && mapped < sb.flows.len());
        assert!(
            sb.flows
                .iter()
                .any(|f| f["sourceConnectionIds"].as_array().unwrap().len() > 1)
        );
        assert!(
            sb.flows
                .iter()
                .any(|f| f["transformations"][0]["name"] == "GeneralTransform")
        );
        for f in &sb.flows {
            assert!(f["recordTypes"][0]["type"].is_string() && f["labels"].is_array());
            assert!(f["lastOperation"]["operation"].is_string());
        }
    }
}

#[test]
fn runs_are_realistic_and_some_are_still_going() {
    for sb in build(&opts(10)) {
        let n = sb.runs.len() as f64;
        let count = |o: RunOutcome| sb.runs.iter().filter(|r| r.outcome == o).count() as f64;
        let failed = count(RunOutcome::Failed) / n;
        assert!(
            (0.08..=0.18).contains(&failed),
            "{}: failed share {failed}",
            sb.ctx.sandbox_name
        );
        assert!(count(RunOutcome::PartialSuccess) > 0.0);
        let status = |st: &str| sb.runs.iter().filter(|r| r.status(NOW) == st).count();
        assert!(
            status("inProgress") >= 3,
            "in progress: {}",
            status("inProgress")
        );
        assert!(status("scheduled") >= 2);
        let codes: BTreeSet<&str> = sb
            .runs
            .iter()
            .flat_map(|r| r.errors.iter().map(|e| e.code.as_str()))
            .collect();
        assert!(codes.contains("CONNECTOR-2001-500") && codes.contains("INGEST-1212-400"));
        for r in &sb.runs {
            assert!(
                r.started_at > NOW - 31 * DAY && r.started_at < NOW + DAY,
                "{}",
                r.started_at
            );
            assert!(r.created_at <= r.started_at.max(NOW));
            assert!((4_000..=55 * 60_000).contains(&r.duration_ms));
            if r.outcome == RunOutcome::Failed {
                assert!(!r.errors.is_empty() && r.output_records == 0);
            }
            assert!(r.output_records + r.failed_records <= r.input_records.max(r.failed_records));
        }
        let flows_with_runs: BTreeSet<&str> = sb.runs.iter().map(|r| r.flow_id.as_str()).collect();
        assert!(
            flows_with_runs.len() * 10 >= sb.flows.len() * 9,
            "most flows have runs"
        );
    }
}

#[test]
fn every_sandbox_has_enabled_flows_scheduled_once() {
    // POST /runs runs only flows scheduled once: the demo must always offer some.
    for seed in [1, 7, 42, 99] {
        for sb in build(&opts(seed)) {
            let once = sb
                .flows
                .iter()
                .filter(|f| f["state"] == "enabled" && f["scheduleParams"]["frequency"] == "once")
                .count();
            assert!(
                once >= MIN_ONCE_FLOWS,
                "seed {seed} {}: {once} enabled once flows",
                sb.ctx.sandbox_name
            );
        }
    }
}

#[test]
fn catalog_datasets_are_the_ones_flows_name_with_their_schemas() {
    for sb in build(&opts(11)) {
        let by_id: std::collections::BTreeMap<String, &Value> =
            sb.datasets.iter().map(|d| (s(d, "/id"), d)).collect();
        let mut named = BTreeSet::new();
        for t in &sb.target_connections {
            let Some(id) = t.pointer("/params/dataSetId").and_then(Value::as_str) else {
                continue;
            };
            named.insert(id.to_string());
            let d = by_id
                .get(id)
                .unwrap_or_else(|| panic!("{id} not in the Catalog"));
            assert_eq!(s(d, "/schemaRef/id"), s(t, "/data/schema/id"));
        }
        for c in &sb.source_connections {
            for d in c["params"]["datasets"].as_array().into_iter().flatten() {
                named.insert(s(d, "/dataSetId"));
                assert_eq!(by_id[&s(d, "/dataSetId")]["name"], d["name"]);
            }
        }
        assert_eq!(by_id.keys().cloned().collect::<BTreeSet<_>>(), named);
        for d in &sb.datasets {
            let id = s(d, "/id");
            assert_eq!(id.len(), 24);
            assert_eq!(d["imsOrg"], sb.ctx.ims_org_id.as_str());
            assert_eq!(d["sandboxId"], sb.ctx.sandbox_id.as_str());
            assert_eq!(d["version"], "1.0.0");
            assert!(d["created"].as_i64().unwrap() <= d["updated"].as_i64().unwrap());
            assert!(d["updated"].as_i64().unwrap() <= NOW);
            let view = s(d, "/viewId");
            assert_eq!(
                s(d, "/files"),
                format!("@/dataSets/{id}/views/{view}/files")
            );
            assert!(
                s(d, "/schemaRef/contentType").starts_with("application/vnd.adobe.xed-full+json")
            );
            let rt = s(d, "/tags/recordType/0");
            assert!(
                ["profile", "experienceevent", "lookup"].contains(&rt.as_str()),
                "{rt}"
            );
        }
    }
}
