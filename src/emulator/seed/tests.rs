//! Tests of the seeded sandboxes: determinism, sizes, referential integrity, realism
//! of the generated objects, and the scale options.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::*;
use crate::emulator::clock::TEST_EPOCH_MS;
use crate::emulator::dlz::DlzStore;
use crate::emulator::run_record::RunOutcome;

const NOW: EpochMs = TEST_EPOCH_MS;
const DAY: i64 = 86_400_000;

fn opts(seed: u64) -> SeedOptions {
    SeedOptions {
        seed,
        flows: None,
        runs: None,
        now: NOW,
    }
}

fn s(v: &Value, ptr: &str) -> String {
    v.pointer(ptr)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn ids(items: &[Value]) -> BTreeSet<String> {
    items.iter().map(|v| s(v, "/id")).collect()
}

fn by_id(items: &[Value]) -> BTreeMap<String, &Value> {
    items.iter().map(|v| (s(v, "/id"), v)).collect()
}

fn fingerprint(sb: &SandboxSeed) -> String {
    let runs: Vec<Value> = sb.runs.iter().map(|r| r.to_json(NOW, &sb.ctx)).collect();
    serde_json::json!([
        sb.ctx.sandbox_id,
        sb.connections,
        sb.source_connections,
        sb.target_connections,
        sb.flows,
        runs
    ])
    .to_string()
}

#[test]
fn the_same_seed_gives_the_same_sandboxes_and_another_seed_does_not() {
    let a = build(&opts(7));
    let b = build(&opts(7));
    let c = build(&opts(8));
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].ctx.sandbox_name, "prod");
    assert_eq!(a[1].ctx.sandbox_name, "dev");
    for i in 0..2 {
        assert_eq!(fingerprint(&a[i]), fingerprint(&b[i]));
        assert_ne!(fingerprint(&a[i]), fingerprint(&c[i]));
        assert!(ids(&a[i].flows).is_disjoint(&ids(&c[i].flows)));
    }
}

#[test]
fn each_sandbox_has_the_minimum_counts() {
    for sb in build(&opts(1)) {
        let name = &sb.ctx.sandbox_name;
        assert!(sb.connection_specs.len() >= 12, "{name}");
        assert!(sb.flow_specs.len() >= 10, "{name}");
        assert!(
            sb.connections.len() >= 25,
            "{name}: {}",
            sb.connections.len()
        );
        assert!(sb.source_connections.len() >= 20, "{name}");
        assert!(sb.target_connections.len() >= 20, "{name}");
        assert!(sb.flows.len() >= 40, "{name}");
        assert!(sb.runs.len() >= 2_000, "{name}: {}", sb.runs.len());
        assert_eq!(sb.ctx.ims_org_id, "5F3E1B1A5E8A6B7C0A495E2A@AdobeOrg");
    }
}

#[test]
fn every_reference_resolves_and_matches_its_spec() {
    for sb in build(&opts(2)) {
        let cspecs = by_id(&sb.connection_specs);
        let fspecs = by_id(&sb.flow_specs);
        let bases = by_id(&sb.connections);
        let sources = by_id(&sb.source_connections);
        let targets = by_id(&sb.target_connections);
        for c in sb
            .connections
            .iter()
            .chain(&sb.source_connections)
            .chain(&sb.target_connections)
        {
            assert!(cspecs.contains_key(&s(c, "/connectionSpec/id")), "{c}");
            assert_eq!(c["sandboxName"], sb.ctx.sandbox_name.as_str());
            assert_eq!(c["etag"], c["version"]);
            if let Some(b) = c.get("baseConnectionId").and_then(Value::as_str) {
                let base = bases.get(b).unwrap_or_else(|| panic!("missing base {b}"));
                assert_eq!(
                    base["connectionSpec"], c["connectionSpec"],
                    "base of {}",
                    c["name"]
                );
            }
        }
        let mut run_refs: BTreeMap<String, (String, String, String)> = BTreeMap::new();
        for f in &sb.flows {
            let spec = fspecs.get(&s(f, "/flowSpec/id")).expect("flow spec exists");
            let allowed = |key: &str| -> BTreeSet<String> {
                spec[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect()
            };
            let src_ids: Vec<String> = f["sourceConnectionIds"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().into())
                .collect();
            let tgt_ids: Vec<String> = f["targetConnectionIds"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().into())
                .collect();
            assert!(!src_ids.is_empty() && !tgt_ids.is_empty());
            for id in &src_ids {
                let c = sources
                    .get(id)
                    .unwrap_or_else(|| panic!("missing source {id}"));
                assert!(
                    allowed("sourceConnectionSpecIds").contains(&s(c, "/connectionSpec/id")),
                    "{}",
                    f["name"]
                );
            }
            for id in &tgt_ids {
                let c = targets
                    .get(id)
                    .unwrap_or_else(|| panic!("missing target {id}"));
                assert!(
                    allowed("targetConnectionSpecIds").contains(&s(c, "/connectionSpec/id")),
                    "{}",
                    f["name"]
                );
            }
            assert!(f.get("inheritedAttributes").is_none() && f.get("lastRunDetails").is_none());
            assert_eq!(
                s(f, "/runs"),
                format!("/runs?property=flowId=={}", s(f, "/id"))
            );
            run_refs.insert(
                s(f, "/id"),
                (src_ids[0].clone(), tgt_ids[0].clone(), s(f, "/flowSpec/id")),
            );
        }
        for r in &sb.runs {
            let (src, tgt, spec) = run_refs.get(&r.flow_id).expect("run of an existing flow");
            assert_eq!(
                (
                    &r.source_connection_id,
                    &r.target_connection_id,
                    &r.flow_spec_id
                ),
                (src, tgt, spec)
            );
        }
        let run_ids: BTreeSet<&str> = sb.runs.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(run_ids.len(), sb.runs.len(), "run ids are unique");
    }
}

#[test]
fn prod_and_dev_hold_different_data() {
    let sb = build(&opts(3));
    let (prod, dev) = (&sb[0], &sb[1]);
    assert_ne!(prod.ctx.sandbox_id, dev.ctx.sandbox_id);
    assert_eq!(prod.ctx.ims_org_id, dev.ctx.ims_org_id);
    assert!(ids(&prod.flows).is_disjoint(&ids(&dev.flows)));
    assert!(ids(&prod.connections).is_disjoint(&ids(&dev.connections)));
    let names = |x: &SandboxSeed| {
        x.connections
            .iter()
            .map(|c| s(c, "/name"))
            .collect::<BTreeSet<_>>()
    };
    assert!(names(prod).is_disjoint(&names(dev)));
    assert_ne!(prod.flows.len(), dev.flows.len());
    assert_ne!(prod.runs.len(), dev.runs.len());
}

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
fn scale_options_set_prod_counts_and_leave_dev_alone() {
    let started = std::time::Instant::now();
    let big = build(&SeedOptions {
        seed: 11,
        flows: Some(10_000),
        runs: Some(200_000),
        now: NOW,
    });
    let elapsed = started.elapsed();
    assert_eq!(big[0].flows.len(), 10_000);
    assert_eq!(big[0].runs.len(), 200_000);
    assert!(big[0].connections.len() >= 500);
    assert!(big[0].source_connections.len() >= 10_000 && big[0].target_connections.len() == 10_000);
    let small = build(&opts(11));
    assert_eq!(big[1].flows.len(), small[1].flows.len());
    assert_eq!(fingerprint(&big[1]), fingerprint(&small[1]));
    // Generous: the aim is well under 2 s in a debug build; this only catches blow-ups.
    assert!(elapsed.as_secs() < 30, "seeding took {elapsed:?}");
    let few = build(&SeedOptions {
        seed: 11,
        flows: Some(5),
        runs: Some(17),
        now: NOW,
    });
    assert_eq!((few[0].flows.len(), few[0].runs.len()), (5, 17));
}

#[test]
fn the_catalogue_is_consistent_with_the_specs() {
    let assets = catalog::load().unwrap();
    let cat = &assets.catalog;
    let cspec: BTreeSet<String> = assets
        .connection_specs
        .iter()
        .map(|c| s(c, "/id"))
        .collect();
    let fspecs = by_id(&assets.flow_specs);
    for t in &cat.base_connections {
        assert!(cspec.contains(&t.spec), "{}", t.spec);
        for sb in SANDBOXES {
            assert!(!t.names[sb].is_empty());
        }
    }
    for k in &cat.flow_kinds {
        let f = fspecs
            .get(&k.flow_spec)
            .unwrap_or_else(|| panic!("{}", k.key));
        let has = |key: &str, id: &str| f[key].as_array().unwrap().iter().any(|v| v == id);
        assert!(has("sourceConnectionSpecIds", &k.source_spec), "{}", k.key);
        assert!(has("targetConnectionSpecIds", &k.target_spec), "{}", k.key);
        assert!(!k.names.is_empty());
        if k.source == catalog::SourceShape::File {
            assert!(!cat.file_paths[&k.source_spec].is_empty(), "{}", k.key);
        }
        if k.source == catalog::SourceShape::Table {
            assert!(!cat.tables[&k.source_spec].is_empty(), "{}", k.key);
        }
        let base_spec = match k.base {
            catalog::BaseSide::Source => Some(&k.source_spec),
            catalog::BaseSide::Target => Some(&k.target_spec),
            catalog::BaseSide::None => None,
        };
        if let Some(spec) = base_spec {
            assert!(
                cat.base_connections.iter().any(|t| &t.spec == spec),
                "{}",
                k.key
            );
        }
    }
    assert!(!cat.datasets.is_empty() && !cat.segments.is_empty() && !cat.export_folders.is_empty());
    assert!(!cat.run_errors.failed.is_empty() && !cat.run_errors.partial.is_empty());
}

#[test]
fn zz_dump() {
    let sb = build(&opts(1));
    let p = &sb[0];
    for i in [0usize, 7, 13, 18] {
        eprintln!("{}", serde_json::to_string_pretty(&p.flows[i]).unwrap());
    }
    eprintln!("{}", serde_json::to_string_pretty(&p.source_connections[0]).unwrap());
    eprintln!("{}", serde_json::to_string_pretty(&p.target_connections[0]).unwrap());
    eprintln!("{}", serde_json::to_string_pretty(&p.connections[0]).unwrap());
    let r = p.runs.iter().find(|r| r.outcome == RunOutcome::Failed).unwrap();
    eprintln!("{}", serde_json::to_string_pretty(&r.to_json(NOW, &p.ctx)).unwrap());
    for s in &sb {
        let n = s.runs.len() as f64;
        let f = s.runs.iter().filter(|r| r.outcome == RunOutcome::Failed).count() as f64;
        let ps = s.runs.iter().filter(|r| r.outcome == RunOutcome::PartialSuccess).count() as f64;
        eprintln!("{} flows={} runs={} base={} src={} tgt={} failed={:.3} partial={:.3}", s.ctx.sandbox_name, s.flows.len(), n, s.connections.len(), s.source_connections.len(), s.target_connections.len(), f / n, ps / n);
        let names: Vec<String> = s.flows.iter().take(12).map(|f| f["name"].as_str().unwrap().to_string()).collect();
        eprintln!("{names:?}");
    }
}
