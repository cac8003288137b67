//! Flows of a sandbox with their own source and target connections, drawn from the
//! catalogue's flow kinds so that every flow's connection specs match its flow spec.
//!
//! The first flows take each kind once so even a small sandbox shows every kind; the
//! rest follow the kinds' weights. `inheritedAttributes` and `lastRunDetails` are left
//! to the store, which derives them (aep-api-notes §4).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::catalog::{BaseSide, Catalog, FlowKind, SourceShape};
use super::connections::{Base, DAY_MS, Stamp, envelope, seal, spec_ref};
use super::endpoints::{self, Conn, DatasetRef};
use super::picks::Pick;
use super::plan::{FlowPlan, RunProfile, Schedule, lifecycle};
use super::random::Gen;
use crate::clock::EpochMs;
use crate::run_record::SandboxContext;

/// From this many flows on, most flows of a source reuse one base connection.
const HUB_FROM_FLOWS: usize = 2_000;
/// The share of a spec's flows that go through its hub connection in large sandboxes.
const HUB_SHARE: f64 = 0.9;

/// The base connection a flow uses. Large organisations funnel most of a system's flows
/// through one shared service account, which makes a few connections very busy; small
/// sandboxes (the demo) spread flows evenly and draw exactly as before.
fn pick_base<'a>(g: &mut Gen, list: &[&'a Base], flows: usize) -> &'a Base {
    if flows >= HUB_FROM_FLOWS
        && g.chance(HUB_SHARE)
        && let Some(hub) = list.first()
    {
        return hub;
    }
    let &picked = g.pick(list);
    picked
}

/// An audience of the sandbox: id and name.
pub(super) struct Segment {
    pub id: String,
    pub name: String,
}

pub(super) struct Built {
    pub source_connections: Vec<Value>,
    pub target_connections: Vec<Value>,
    pub flows: Vec<Value>,
    pub plans: Vec<FlowPlan>,
}

pub(super) struct Inputs<'a> {
    pub cat: &'a Catalog,
    pub ctx: &'a SandboxContext,
    pub bases: &'a [Base],
    pub datasets: &'a [DatasetRef],
    pub segments: &'a [Segment],
    pub now: EpochMs,
}

pub(super) fn build(inp: &Inputs, g: &mut Gen, n: usize) -> Built {
    let kinds = &inp.cat.flow_kinds;
    let weights: Vec<u32> = kinds.iter().map(|k| k.weight).collect();
    let mut by_spec: BTreeMap<&str, Vec<&Base>> = BTreeMap::new();
    for b in inp.bases {
        by_spec.entry(b.spec.as_str()).or_default().push(b);
    }
    let mut out = Built {
        source_connections: Vec::with_capacity(n + n / 10),
        target_connections: Vec::with_capacity(n),
        flows: Vec::with_capacity(n),
        plans: Vec::with_capacity(n),
    };
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut multi_source_done = false;
    for i in 0..n {
        let kind = &kinds[if i < kinds.len() {
            i
        } else {
            g.weighted(&weights)
        }];
        let base = match kind.base {
            BaseSide::Source => by_spec.get(kind.source_spec.as_str()),
            BaseSide::Target => by_spec.get(kind.target_spec.as_str()),
            BaseSide::None => None,
        }
        .map(|list| pick_base(g, list, n));
        let pick = Pick::draw(
            inp.cat,
            inp.segments,
            inp.datasets,
            kind,
            g,
            !multi_source_done,
        );
        if matches!(&pick, Pick::Files(f) if f.len() > 1) {
            multi_source_done = true;
        }
        let dataset = pick.dataset(inp.datasets, g);
        let name = unique(&mut names, flow_name(kind, &pick, dataset, base, g));

        // Most flows were set up early in the month, so most have a full history.
        let u = g.unit();
        let created =
            inp.now - 30 * DAY_MS + (u * u * 27.0 * DAY_MS as f64) as i64 + g.range(0, DAY_MS / 4);
        let schedule = Schedule::draw(kind, g, created);
        let (enabled, active_until) = lifecycle(g, schedule.start, inp.now);
        let conn_time = created - g.range(60_000, 15 * 60_000);
        let stamp = Stamp::draw(inp.cat, g, conn_time, conn_time);

        let mut source_ids = Vec::new();
        for conn in source_conns(kind, &pick, base, &name) {
            let (id, v) = endpoints::connection(inp.ctx, g, &stamp, conn);
            source_ids.push(id);
            out.source_connections.push(v);
        }
        let target = target_conn(inp, kind, base, dataset, &name, g);
        let (target_id, v) = endpoints::connection(inp.ctx, g, &stamp, target);
        out.target_connections.push(v);

        let updated = if !enabled {
            active_until
        } else if g.chance(0.3) {
            created + g.range(0, inp.now - created)
        } else {
            created
        };
        let flow_stamp = Stamp {
            created,
            updated,
            by: stamp.by.clone(),
            client: stamp.client.clone(),
        };
        let id = g.uuid();
        let mut m = envelope(inp.ctx, &id, &flow_stamp);
        m.insert("name".into(), Value::String(name));
        m.insert(
            "description".into(),
            Value::String(format!("{} flow for {}", kind.label, dataset.name)),
        );
        m.insert("flowSpec".into(), spec_ref(&kind.flow_spec));
        m.insert(
            "state".into(),
            Value::from(if enabled { "enabled" } else { "disabled" }),
        );
        seal(&mut m, g.etag(updated));
        let strings =
            |ids: &[String]| Value::Array(ids.iter().map(|i| Value::from(i.as_str())).collect());
        m.insert("sourceConnectionIds".into(), strings(&source_ids));
        m.insert(
            "targetConnectionIds".into(),
            strings(std::slice::from_ref(&target_id)),
        );
        m.insert("options".into(), options(kind, g));
        if let Some(p) = schedule.params(kind.is_destination(), g) {
            m.insert("scheduleParams".into(), p);
        }
        m.insert(
            "transformations".into(),
            Value::Array(transformations(kind, &pick, g)),
        );
        m.insert(
            "runs".into(),
            Value::String(format!("/runs?property=flowId=={id}")),
        );
        m.insert(
            "lastOperation".into(),
            last_operation(&flow_stamp, enabled, g),
        );
        m.insert("labels".into(), Value::Array(Vec::new()));
        let record_type = match pick {
            Pick::Audiences(_) => "profile",
            _ => dataset.record_type.as_str(),
        };
        m.insert(
            "recordTypes".into(),
            json!([{"type": record_type, "extensions": {}}]),
        );
        out.flows.push(Value::Object(m));

        let owner = (flow_stamp.by, flow_stamp.client);
        out.plans.push(FlowPlan {
            id,
            flow_spec: kind.flow_spec.clone(),
            source_id: source_ids.first().cloned().unwrap_or_default(),
            target_id,
            enabled,
            active_until,
            schedule,
            profile: RunProfile::draw(kind.source, g),
            owner,
        });
    }
    out
}

fn flow_name(
    kind: &FlowKind,
    pick: &Pick,
    dataset: &DatasetRef,
    base: Option<&Base>,
    g: &mut Gen,
) -> String {
    let object = pick.object_label();
    let segment = match pick {
        Pick::Audiences(s) => s.first().map(|s| s.name.as_str()).unwrap_or(""),
        _ => "",
    };
    g.pick(&kind.names)
        .replace("{dataset}", &dataset.name)
        .replace("{object}", &object)
        .replace(
            "{base}",
            base.map_or(kind.label.as_str(), |b| b.name.as_str()),
        )
        .replace("{segment}", segment)
}

/// Appends a counter to names seen before, as people do in the UI.
fn unique(seen: &mut BTreeMap<String, usize>, name: String) -> String {
    let n = seen.entry(name.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        name
    } else {
        format!("{name} ({n})")
    }
}

fn source_conns<'a>(
    kind: &'a FlowKind,
    pick: &Pick,
    base: Option<&'a Base>,
    flow: &str,
) -> Vec<Conn<'a>> {
    let spec = kind.source_spec.as_str();
    let src_base = if kind.base == BaseSide::Source {
        base
    } else {
        None
    };
    match pick {
        Pick::Files(files) => files
            .iter()
            .map(|fp| endpoints::file_source(src_base, spec, fp, flow))
            .collect(),
        Pick::Table(t) => src_base
            .map(|b| endpoints::table_source(b, spec, t, flow))
            .into_iter()
            .collect(),
        Pick::Stream(params, _, _) => src_base
            .map(|b| endpoints::stream_source(b, spec, params.clone(), flow))
            .into_iter()
            .collect(),
        Pick::Audiences(_) => vec![endpoints::profile_source(spec, flow)],
        Pick::Datasets(d) => vec![endpoints::dataset_source(spec, d, flow)],
    }
}

fn target_conn<'a>(
    inp: &Inputs,
    kind: &'a FlowKind,
    base: Option<&'a Base>,
    dataset: &DatasetRef,
    flow: &str,
    g: &mut Gen,
) -> Conn<'a> {
    let spec = kind.target_spec.as_str();
    match (kind.is_destination(), base) {
        (true, Some(b)) => {
            let folder = g.pick(&inp.cat.export_folders);
            let dataset_export = kind.source == SourceShape::DatasetExport;
            let types: &[&str] = if dataset_export {
                &["JSON", "PARQUET"]
            } else {
                &["CSV", "CSV", "JSON"]
            };
            endpoints::export_target(b, spec, folder, g.pick::<&str>(types), dataset_export, flow)
        }
        _ => endpoints::datalake_target(spec, dataset, flow),
    }
}

fn transformations(kind: &FlowKind, pick: &Pick, g: &mut Gen) -> Vec<Value> {
    let mut out = Vec::new();
    match pick {
        Pick::Audiences(segments) => {
            let selectors: Vec<Value> = segments
                .iter()
                .map(|s| {
                    json!({"type": "PLATFORM_SEGMENT", "value": {
                        "id": s.id, "name": s.name,
                        "filenameTemplate": "%DESTINATION_NAME%_%SEGMENT_ID%_%DATETIME(YYYYMMdd_HHmmss)%",
                        "exportMode": "DAILY_FULL_EXPORT",
                        "schedule": {"frequency": "DAILY", "startTime": format!("{:02}:00", g.below(24))}
                    }})
                })
                .collect();
            out.push(json!({"name": "GeneralTransform", "params": {
                "profileSelectors": {"selectors": [
                    {"type": "JSON_PATH", "value": {"path": "personalEmail.address", "operator": "EXISTS"}},
                    {"type": "JSON_PATH", "value": {"path": "person.name.firstName", "operator": "EXISTS"}},
                    {"type": "JSON_PATH", "value": {"path": "loyalty.tier", "operator": "EXISTS"}}
                ]},
                "segmentSelectors": {"selectors": selectors}
            }}));
            return out;
        }
        Pick::Datasets(_) => return out,
        Pick::Table(t) => out.push(json!({"name": "Copy", "params": {
            "deltaColumn": {"name": t.delta_column, "dateFormat": "YYYY-MM-DD", "timezone": "Etc/UTC"}
        }})),
        _ => {}
    }
    if g.chance(kind.mapping) {
        out.push(json!({"name": "Mapping", "params": {
            "mappingId": g.hex(32), "mappingVersion": g.below(4)
        }}));
    }
    out
}

fn options(kind: &FlowKind, g: &mut Gen) -> Value {
    let mut o = Map::new();
    o.insert("isSampleDataflow".into(), json!(false));
    if !kind.is_destination() {
        let diagnostics = g.chance(0.8);
        o.insert("errorDiagnosticsEnabled".into(), json!(diagnostics));
        // Partial ingestion relies on error diagnostics to report the skipped rows.
        if diagnostics && g.chance(0.5) {
            o.insert(
                "partialIngestionPercent".into(),
                json!(g.pick(&[5, 10, 25])),
            );
        }
    }
    Value::Object(o)
}

fn last_operation(s: &Stamp, enabled: bool, g: &mut Gen) -> Value {
    if s.updated == s.created {
        return json!({"started": s.created, "updated": 0, "operation": "create"});
    }
    let done = s.updated + g.range(400, 4_000);
    let status = json!({"value": "completed", "errors": []});
    if enabled {
        let paths: [&str; 4] = [
            "/description",
            "/name",
            "/scheduleParams/interval",
            "/transformations/0",
        ];
        let path = *g.pick(&paths);
        json!({"started": s.updated, "updated": done, "operation": "update", "percentCompleted": 100.0,
               "status": status, "ops": [{"op": "replace", "path": path}]})
    } else {
        json!({"started": s.updated, "updated": done, "operation": "disable", "percentCompleted": 100.0,
               "status": status})
    }
}
