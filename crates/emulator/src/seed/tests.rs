//! Tests of the seeded sandboxes: determinism, sizes, referential integrity, realism
//! of the generated objects, and the scale options.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::*;
use crate::clock::TEST_EPOCH_MS;

pub(super) const NOW: EpochMs = TEST_EPOCH_MS;
pub(super) const DAY: i64 = 86_400_000;

pub(super) fn opts(seed: u64) -> SeedOptions {
    SeedOptions {
        seed,
        flows: None,
        runs: None,
        now: NOW,
    }
}

pub(super) fn s(v: &Value, ptr: &str) -> String {
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
