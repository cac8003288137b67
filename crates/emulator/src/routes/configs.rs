//! `GET /connectionSpecs/{id}/configs?outputType=activationDatasets&outputField=datasets`:
//! the datasets a dataset-export dataflow can activate, paged Catalog-style.
//!
//! Adobe's export-datasets tutorial calls it with the activation-datalake source spec and
//! aepp's `getExportableDatasets` with the Data Landing Zone destination spec, so every
//! spec on either side of a dataset export answers: activation-datalake itself and each
//! destination spec that a flow spec pairs with it. The answer is the tutorial's
//! `{"items":[{"id",…dataset}], "pageInfo":{"start","end","total","hasNext"}}` (`end` is
//! the index of the last item, as in its example of five items from 0 to 4); aepp reads
//! `items[].id` and `pageInfo.hasNext`.
//!
//! An unknown spec is FLOW-1101-404; a spec with nothing to configure this way, or an
//! `outputType`/`outputField` other than `activationDatasets`/`datasets`, is
//! FLOW-1455-400, as explore refuses a spec it cannot explore.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::{Value, json};

use super::{pairs, read};
use crate::catalog_query::CatalogQuery;
use crate::gateway::SandboxName;
use crate::problem::Problem;
use crate::sandbox::Sandbox;
use crate::state::Shared;

/// The Data Lake source of dataset exports (`activation-datalake`, aep-api-notes §9).
pub const ACTIVATION_DATALAKE: &str = "23598e46-f560-407b-88d5-ea6207e49db0";

pub fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/connectionSpecs/{id}/configs", get(configs_h))
}

/// Whether `spec` takes part in dataset exports: the source itself, or a target that a
/// flow spec accepts from it.
fn exports_datasets(s: &Sandbox, spec: &str) -> bool {
    let lists = |f: &Value, field: &str, id: &str| {
        f.get(field)
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(id)))
    };
    spec == ACTIVATION_DATALAKE
        || s.flow_specs.values().any(|f| {
            lists(f, "sourceConnectionSpecIds", ACTIVATION_DATALAKE)
                && lists(f, "targetConnectionSpecIds", spec)
        })
}

async fn configs_h(
    State(st): State<Arc<Shared>>,
    Extension(sb): Extension<SandboxName>,
    Path(id): Path<String>,
    q: RawQuery,
) -> Result<Json<Value>, Problem> {
    let pairs = pairs(&q);
    let param = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let asked = (param("outputType"), param("outputField"));
    let query = CatalogQuery::from_pairs(&pairs, &["outputType", "outputField"]);
    read(&st, &sb.0, |s| {
        if s.connection_specs.get(&id).is_none() {
            return Err(Problem::not_found("connectionSpecs", &id));
        }
        if !exports_datasets(s, &id) {
            return Err(Problem::bad_request(
                1455,
                format!(
                    "Connection spec {id} has no configs to list; exportable datasets are listed for the dataset-export specs, e.g. {ACTIVATION_DATALAKE}."
                ),
            ));
        }
        if asked != (Some("activationDatasets"), Some("datasets")) {
            return Err(Problem::bad_request(
                1455,
                "Listing exportable datasets needs outputType=activationDatasets and outputField=datasets.",
            ));
        }
        let q = query.map_err(|e| Problem::bad_request(1455, e))?;
        let (page, total) = q.page(s.datasets.values());
        let items: Vec<Value> = page
            .iter()
            .map(|d| {
                let mut item = serde_json::Map::new();
                item.insert("id".into(), d.get("id").cloned().unwrap_or(Value::Null));
                item.extend(q.project(d));
                Value::Object(item)
            })
            .collect();
        let end = (q.start + items.len()).saturating_sub(1).max(q.start);
        Ok(Json(json!({
            "items": items,
            "pageInfo": {
                "start": q.start,
                "end": end,
                "total": total,
                "hasNext": q.start + items.len() < total,
            }
        })))
    })?
}
