//! The Catalog Service datasets of a sandbox: one for each dataset its flows name, in the
//! Catalog's shape (`GET /data/foundation/catalog/dataSets/{id}`), with the ids and
//! schema ids the target connections and dataset-export sources already carry.
//!
//! A dataset no flow names is left out: the explorer reaches the Catalog through flows,
//! and a dataset that only the Catalog knew of would be one the demo never explains.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::catalog::Catalog;
use super::connections::DAY_MS;
use super::endpoints::{DatasetRef, XDM_FULL};
use super::random::Gen;
use crate::clock::EpochMs;
use crate::run_record::SandboxContext;

/// The dataset ids that target connections (`params.dataSetId`) and dataset-export
/// sources (`params.datasets[].dataSetId`) refer to.
pub(super) fn named_by<'a>(connections: impl IntoIterator<Item = &'a Value>) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for c in connections {
        if let Some(id) = c.pointer("/params/dataSetId").and_then(Value::as_str) {
            ids.insert(id.to_string());
        }
        let listed = c.pointer("/params/datasets").and_then(Value::as_array);
        for d in listed.into_iter().flatten() {
            if let Some(id) = d.get("dataSetId").and_then(Value::as_str) {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

/// Catalog documents (each with its `id`, which the list answer turns into the key) for
/// the datasets in `named`, created before the month of flows that write to them.
pub(super) fn build(
    cat: &Catalog,
    ctx: &SandboxContext,
    datasets: &[DatasetRef],
    named: &BTreeSet<String>,
    g: &mut Gen,
    now: EpochMs,
) -> Vec<Value> {
    datasets
        .iter()
        .filter(|d| named.contains(&d.id))
        .map(|d| {
            let created = now - 30 * DAY_MS - g.range(DAY_MS, 90 * DAY_MS);
            let updated = if g.chance(0.4) {
                created + g.range(DAY_MS, now - created)
            } else {
                created
            };
            let user = g.pick(&cat.people.users).clone();
            let view = g.hex(24);
            document(
                ctx,
                d,
                &view,
                (created, updated),
                (&user, &cat.people.ui_client),
            )
        })
        .collect()
}

fn document(
    ctx: &SandboxContext,
    d: &DatasetRef,
    view: &str,
    (created, updated): (EpochMs, EpochMs),
    (user, client): (&str, &str),
) -> Value {
    let table: String = d
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let mut tags = Map::new();
    tags.insert("adobe/pqs/table".into(), json!([table]));
    tags.insert("adobe/siphon/table/format".into(), json!(["parquet"]));
    // The XDM class behind the schema: what a source's records must be to land here.
    tags.insert("recordType".into(), json!([d.record_type]));
    if d.record_type == "profile" {
        tags.insert("unifiedProfile".into(), json!(["enabled:true"]));
    }
    json!({
        "id": d.id,
        "name": d.name,
        "description": format!("{} data ({} schema)", d.name, d.schema_title),
        "imsOrg": ctx.ims_org_id,
        "sandboxId": ctx.sandbox_id,
        "tags": tags,
        "version": "1.0.0",
        "created": created,
        "updated": updated,
        "createdClient": client,
        "createdUser": user,
        "updatedUser": user,
        "viewId": view,
        "state": "DRAFT",
        "aspect": "production",
        "fileDescription": {"persisted": true, "containerFormat": "parquet", "format": "parquet"},
        "schemaRef": {"id": d.schema_id, "contentType": XDM_FULL},
        "files": format!("@/dataSets/{}/views/{view}/files", d.id),
    })
}
