//! One sandbox's objects: specs, connections, flows, runs, its Catalog datasets and its
//! landing zone, with the attributes the service derives (`inheritedAttributes`,
//! `lastRunDetails`).
//!
//! Sandboxes never see each other's objects; `x-sandbox-name` picks one (§2).

use std::collections::HashMap;

use serde_json::{Value, json};

use super::clock::EpochMs;
use super::collection::{Collection, Key};
use super::dlz::DlzStore;
use super::filter::{Segment, values_at};
use super::listing::Listable;
use super::run_record::{RunPhase, RunRecord, SandboxContext};
use super::seed::SandboxSeed;

pub struct Sandbox {
    pub ctx: SandboxContext,
    pub connection_specs: Collection<Value>,
    pub flow_specs: Collection<Value>,
    pub connections: Collection<Value>,
    pub source_connections: Collection<Value>,
    pub target_connections: Collection<Value>,
    pub flows: Collection<Value>,
    pub runs: Collection<RunRecord>,
    /// Run keys per flow, oldest first, for `lastRunDetails`.
    runs_by_flow: HashMap<String, Vec<Key>>,
    /// Catalog Service datasets (`/data/foundation/catalog/dataSets`), keyed by their
    /// Catalog `created` time; each document keeps its `id`, which the answers move out.
    pub datasets: Collection<Value>,
    pub dlz: DlzStore,
}

fn created_at(v: &Value) -> i64 {
    v.get("createdAt").and_then(Value::as_i64).unwrap_or(0)
}

fn id_of(v: &Value) -> String {
    v.get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

impl Sandbox {
    pub fn from_seed(seed: SandboxSeed, dlz: DlzStore) -> Sandbox {
        let mut sb = Sandbox {
            ctx: seed.ctx,
            connection_specs: Collection::default(),
            flow_specs: Collection::default(),
            connections: Collection::default(),
            source_connections: Collection::default(),
            target_connections: Collection::default(),
            flows: Collection::default(),
            runs: Collection::default(),
            runs_by_flow: HashMap::new(),
            datasets: Collection::default(),
            dlz,
        };
        for s in seed.connection_specs {
            sb.connection_specs.insert(created_at(&s), id_of(&s), s);
        }
        for d in seed.datasets {
            let created = d.get("created").and_then(Value::as_i64).unwrap_or(0);
            sb.datasets.insert(created, id_of(&d), d);
        }
        for s in seed.flow_specs {
            sb.flow_specs.insert(created_at(&s), id_of(&s), s);
        }
        for c in seed.connections {
            sb.connections.insert(created_at(&c), id_of(&c), c);
        }
        for c in seed.source_connections {
            sb.put_source_connection(c);
        }
        for c in seed.target_connections {
            sb.put_target_connection(c);
        }
        for f in seed.flows {
            sb.put_flow(f);
        }
        for id in &seed.deleted_source_connections {
            sb.source_connections.remove(id);
        }
        let mut runs = seed.runs;
        runs.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        for r in runs {
            sb.put_run(r);
        }
        sb
    }

    /// Stores a source connection with its derived `inheritedAttributes.baseConnection`.
    pub fn put_source_connection(&mut self, mut c: Value) {
        let base = self.base_ref(&c);
        set_inherited(&mut c, base.map(|b| json!({ "baseConnection": b })));
        self.source_connections.insert(created_at(&c), id_of(&c), c);
    }

    pub fn put_target_connection(&mut self, mut c: Value) {
        let base = self.base_ref(&c);
        set_inherited(&mut c, base.map(|b| json!({ "baseConnection": b })));
        self.target_connections.insert(created_at(&c), id_of(&c), c);
    }

    /// `{"id", "connectionSpec"}` of the base connection a source/target refers to.
    fn base_ref(&self, c: &Value) -> Option<Value> {
        let id = c.get("baseConnectionId").and_then(Value::as_str)?;
        let base = self.connections.get(id)?;
        Some(
            json!({"id": id, "connectionSpec": base.get("connectionSpec").cloned().unwrap_or(Value::Null)}),
        )
    }

    /// Stores a flow with `inheritedAttributes` computed from its connections and spec,
    /// as the service does on create (§4 "Flow").
    pub fn put_flow(&mut self, mut f: Value) {
        let inherited = self.flow_inherited(&f);
        set_inherited(&mut f, Some(inherited));
        self.flows.insert(created_at(&f), id_of(&f), f);
    }

    fn flow_inherited(&self, f: &Value) -> Value {
        let ids = |field: &str| -> Vec<String> {
            f.get(field)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let conn_ref = |c: &Value| {
            let mut r = json!({"id": c["id"], "connectionSpec": c.get("connectionSpec").cloned().unwrap_or(Value::Null)});
            if let Some(b) = c.pointer("/inheritedAttributes/baseConnection") {
                r["baseConnection"] = b.clone();
            }
            r
        };
        let sources: Vec<Value> = ids("sourceConnectionIds")
            .iter()
            .filter_map(|id| self.source_connections.get(id))
            .map(conn_ref)
            .collect();
        let targets: Vec<Value> = ids("targetConnectionIds")
            .iter()
            .filter_map(|id| self.target_connections.get(id))
            .map(conn_ref)
            .collect();
        let spec = f
            .pointer("/flowSpec/id")
            .and_then(Value::as_str)
            .and_then(|id| self.flow_specs.get(id));
        let attr = |name: &str| {
            spec.and_then(|s| s.pointer(&format!("/attributes/{name}")))
                .and_then(Value::as_bool)
        };
        let mut properties = serde_json::Map::new();
        if attr("isDestinationFlow") == Some(true) {
            properties.insert("isDestinationFlow".into(), json!(true));
        } else {
            properties.insert("isSourceFlow".into(), json!(true));
        }
        json!({"properties": properties, "sourceConnections": sources, "targetConnections": targets})
    }

    pub fn put_run(&mut self, r: RunRecord) {
        let key = (r.created_at, r.id.clone());
        let list = self.runs_by_flow.entry(r.flow_id.clone()).or_default();
        let pos = list.partition_point(|k| *k < key);
        list.insert(pos, key.clone());
        self.runs.insert(key.0, key.1, r);
    }

    /// The newest run of a flow that had finished at `now` (§4: `lastRunDetails.state`
    /// is success or failed).
    pub fn last_finished_run(&self, flow_id: &str, now: EpochMs) -> Option<&RunRecord> {
        self.runs_by_flow
            .get(flow_id)?
            .iter()
            .rev()
            .filter_map(|(_, id)| self.runs.get(id))
            .find(|r| r.phase(now) == RunPhase::Done)
    }

    /// A flow as served: the stored document plus `lastRunDetails` at `now`.
    pub fn flow_view<'a>(&'a self, f: &'a Value, now: EpochMs) -> FlowView<'a> {
        FlowView {
            sandbox: self,
            doc: f,
            now,
        }
    }

    pub fn run_view<'a>(&'a self, r: &'a RunRecord, now: EpochMs) -> RunView<'a> {
        RunView {
            ctx: &self.ctx,
            run: r,
            now,
        }
    }

    /// The flows whose `field` (`sourceConnectionIds` or `targetConnectionIds`) lists `id`.
    pub fn flows_naming(&self, field: &str, id: &str) -> Vec<String> {
        self.flows
            .values()
            .filter(|f| {
                f.get(field)
                    .and_then(Value::as_array)
                    .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(id)))
            })
            .map(id_of)
            .collect()
    }

    /// Whether any source/target connection or flow refers to base connection `id`.
    pub fn base_connection_in_use(&self, id: &str) -> Vec<String> {
        let refers = |c: &Value| c.get("baseConnectionId").and_then(Value::as_str) == Some(id);
        let mut users: Vec<String> = self
            .flows
            .values()
            .filter(|f| {
                f.pointer("/inheritedAttributes/sourceConnections")
                    .and_then(Value::as_array)
                    .into_iter()
                    .chain(
                        f.pointer("/inheritedAttributes/targetConnections")
                            .and_then(Value::as_array),
                    )
                    .flatten()
                    .any(|c| c.pointer("/baseConnection/id").and_then(Value::as_str) == Some(id))
            })
            .map(id_of)
            .collect();
        if users.is_empty() {
            users = self
                .source_connections
                .values()
                .chain(self.target_connections.values())
                .filter(|c| refers(c))
                .map(id_of)
                .collect();
        }
        users
    }
}

fn set_inherited(doc: &mut Value, inherited: Option<Value>) {
    if let (Some(obj), Some(inh)) = (doc.as_object_mut(), inherited) {
        obj.insert("inheritedAttributes".into(), inh);
    }
}

pub struct FlowView<'a> {
    sandbox: &'a Sandbox,
    doc: &'a Value,
    now: EpochMs,
}

impl FlowView<'_> {
    fn last_run_details(&self) -> Option<Value> {
        let id = self.doc.get("id").and_then(Value::as_str)?;
        let r = self.sandbox.last_finished_run(id, self.now)?;
        Some(json!({
            "id": r.id,
            "state": if r.status(self.now) == "failed" { "failed" } else { "success" },
            "startedAtUTC": r.started_at,
            "completedAtUTC": r.completed_at(),
        }))
    }
}

impl Listable for FlowView<'_> {
    fn values_at(&self, path: &[Segment]) -> Vec<Value> {
        if path.first().is_some_and(|s| s.name == "lastRunDetails") {
            return self
                .last_run_details()
                .map(|d| values_at(&json!({"lastRunDetails": d}), path))
                .unwrap_or_default();
        }
        values_at(self.doc, path)
    }

    fn render(&self) -> Value {
        let mut v = self.doc.clone();
        if let (Some(obj), Some(d)) = (v.as_object_mut(), self.last_run_details()) {
            obj.insert("lastRunDetails".into(), d);
        }
        v
    }
}

pub struct RunView<'a> {
    ctx: &'a SandboxContext,
    run: &'a RunRecord,
    now: EpochMs,
}

impl Listable for RunView<'_> {
    /// Common run filters are answered from the record without building its JSON:
    /// listing 200,000 runs by `flowId` must not render each of them.
    fn values_at(&self, path: &[Segment]) -> Vec<Value> {
        let r = self.run;
        let dotted: Vec<&str> = path.iter().map(|s| s.name.as_str()).collect();
        let v = match dotted.as_slice() {
            ["id"] => json!(r.id),
            ["flowId"] => json!(r.flow_id),
            ["flowSpec", "id"] => json!(r.flow_spec_id),
            ["createdAt"] => json!(r.created_at),
            ["updatedAt"] => json!(r.updated_at(self.now)),
            ["providerRefId"] => json!(r.provider_ref_id),
            ["metrics", "statusSummary", "status"] => json!(r.status(self.now)),
            ["metrics", "durationSummary", "startedAtUTC"] => json!(r.started_at),
            ["metrics", "durationSummary", "completedAtUTC"] => {
                if r.phase(self.now) == RunPhase::Done {
                    json!(r.completed_at())
                } else {
                    return Vec::new();
                }
            }
            _ => return values_at(&self.render(), path),
        };
        vec![v]
    }

    fn render(&self) -> Value {
        self.run.to_json(self.now, self.ctx)
    }

    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let errors = self.run.error_docs(self.now);
        serde_json::to_writer(out, &self.run.doc(self.now, self.ctx, &errors))
    }
}
