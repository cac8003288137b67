//! Deterministic demo data for the emulator: the `prod` and `dev` sandboxes with specs,
//! connections, flows and runs, built from `assets/` and a seeded generator.
//!
//! The same seed always yields the same objects (ids, names, timestamps relative to
//! `SeedOptions::now`), so tests and snapshots can rely on them.

mod catalog;
mod connections;
mod datasets;
mod endpoints;
mod flows;
mod once;
mod picks;
mod plan;
mod random;
mod runs;
mod template;

use serde_json::Value;

use super::clock::EpochMs;
use super::run_record::{RunRecord, SandboxContext};
use catalog::{Assets, SandboxDefaults};
use endpoints::DatasetRef;
use flows::Segment;
use random::Gen;

pub use once::MIN_ONCE_FLOWS;

#[derive(Clone, Debug)]
pub struct SeedOptions {
    pub seed: u64,
    /// Flows in the `prod` sandbox when set (scale sets); `dev` keeps its default size.
    pub flows: Option<usize>,
    /// Runs in the `prod` sandbox when set (scale sets).
    pub runs: Option<usize>,
    /// Timestamps are laid out over the 30 days before this instant.
    pub now: EpochMs,
}

/// Everything one sandbox starts with. Objects are complete Flow Service JSON except
/// `inheritedAttributes`, which the store derives from the references (as the real
/// service does) when objects are inserted.
#[derive(Clone, Debug)]
pub struct SandboxSeed {
    pub ctx: SandboxContext,
    pub connection_specs: Vec<Value>,
    pub flow_specs: Vec<Value>,
    pub connections: Vec<Value>,
    pub source_connections: Vec<Value>,
    pub target_connections: Vec<Value>,
    pub flows: Vec<Value>,
    pub runs: Vec<RunRecord>,
    /// Catalog Service datasets, one for each dataset the flows name (with `id`).
    pub datasets: Vec<Value>,
    /// Source connections a flow still names but that were deleted after the flow was
    /// made: the store drops them once the flows are in, so the flow keeps the ids.
    pub deleted_source_connections: Vec<String>,
}

/// The sandboxes every emulator starts with.
pub const SANDBOXES: [&str; 2] = ["prod", "dev"];

/// Builds the `prod` and `dev` sandboxes (in that order).
pub fn build(opts: &SeedOptions) -> Vec<SandboxSeed> {
    match catalog::load() {
        Ok(assets) => SANDBOXES
            .iter()
            .map(|name| sandbox(&assets, opts, name))
            .collect(),
        Err(e) => {
            // The documents are compiled in and covered by tests; this is a broken build.
            tracing::error!("demo assets do not parse: {e}");
            Vec::new()
        }
    }
}

fn sandbox(assets: &Assets, opts: &SeedOptions, name: &str) -> SandboxSeed {
    let cat = &assets.catalog;
    let fallback = SandboxDefaults {
        flows: 40,
        runs: 2_000,
        base_connections: 25,
        slugs: vec![name.to_string()],
    };
    let defaults = cat.sandboxes.get(name).unwrap_or(&fallback);
    let scaled = name == "prod";
    let flow_count = opts.flows.filter(|_| scaled).unwrap_or(defaults.flows);
    let run_count = opts.runs.filter(|_| scaled).unwrap_or(defaults.runs);
    // Large sets reuse base connections, about twenty flows per connection.
    let base_count = defaults.base_connections.max(flow_count / 20);
    // Separate streams per part: asking for more runs leaves flows and their ids as they were.
    let stream = |part: &str| Gen::new(opts.seed, &format!("{name}/{part}"));

    let ctx = SandboxContext {
        sandbox_name: name.to_string(),
        sandbox_id: stream("sandbox").uuid(),
        ims_org_id: cat.ims_org_id.clone(),
    };
    let (connections, bases) =
        connections::base_connections(cat, &ctx, &mut stream("connections"), base_count, opts.now);
    let datasets = dataset_refs(cat, &mut stream("datasets"), flow_count);
    let mut g = stream("segments");
    let segments: Vec<Segment> = cat
        .segments
        .iter()
        .map(|s| Segment {
            id: g.uuid(),
            name: s.clone(),
        })
        .collect();
    let inputs = flows::Inputs {
        cat,
        ctx: &ctx,
        bases: &bases,
        datasets: &datasets,
        segments: &segments,
        now: opts.now,
    };
    let mut built = flows::build(&inputs, &mut stream("flows"), flow_count);
    let run_inputs = runs::RunInputs {
        cat,
        plans: &built.plans,
        total: run_count,
        now: opts.now,
    };
    let runs = runs::build(&run_inputs, &mut stream("runs"));
    once::ensure(&mut built, &runs, opts.now);
    let deleted_source_connections = orphaned_source(&built).into_iter().collect();
    let named = datasets::named_by(
        built
            .source_connections
            .iter()
            .chain(&built.target_connections),
    );
    let catalog = datasets::build(
        cat,
        &ctx,
        &datasets,
        &named,
        &mut stream("catalog"),
        opts.now,
    );
    SandboxSeed {
        ctx,
        connection_specs: assets.connection_specs.clone(),
        flow_specs: assets.flow_specs.clone(),
        connections,
        source_connections: built.source_connections,
        target_connections: built.target_connections,
        flows: built.flows,
        runs,
        datasets: catalog,
        deleted_source_connections,
    }
}

/// One disabled single-source flow loses its source connection, as when someone deletes a connection
/// outside the flow's lifecycle; the explorer has to draw such a flow, not fail on it.
/// The first disabled flow whose source has a base connection is picked: flows are drawn
/// in order, so the choice stays put when more flows are asked for.
fn orphaned_source(built: &flows::Built) -> Option<String> {
    let has_base = |id: &str| {
        built.source_connections.iter().any(|c| {
            c.get("id").and_then(Value::as_str) == Some(id)
                && c.get("baseConnectionId").is_some_and(Value::is_string)
        })
    };
    let single_source = |f: &Value| {
        f.get("sourceConnectionIds")
            .and_then(Value::as_array)
            .is_some_and(|a| a.len() == 1)
    };
    built
        .plans
        .iter()
        .zip(&built.flows)
        .filter(|(p, f)| !p.enabled && single_source(f) && has_base(&p.source_id))
        .map(|(p, _)| p.source_id.clone())
        .next()
}

/// The sandbox's data-lake datasets; large sets get numbered siblings.
fn dataset_refs(cat: &catalog::Catalog, g: &mut Gen, flows: usize) -> Vec<DatasetRef> {
    let n = cat.datasets.len().max(flows / 25);
    (0..n)
        .filter_map(|i| {
            let d = cat.datasets.get(i % cat.datasets.len().max(1))?;
            let round = i / cat.datasets.len().max(1);
            Some(DatasetRef {
                id: g.hex(24),
                name: if round == 0 {
                    d.name.clone()
                } else {
                    format!("{} {}", d.name, round + 1)
                },
                schema_id: format!("https://ns.adobe.com/{}/schemas/{}", cat.tenant, g.hex(32)),
                schema_title: d.schema.clone(),
                record_type: d.record_type.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_realism;
