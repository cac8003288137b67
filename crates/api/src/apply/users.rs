//! What uses an object, read before it is deleted so the review can say what the delete
//! would break: the flows of a source or target connection, and the source and target
//! connections and flows of a base connection (`property` filters such as
//! `sourceConnectionIds[]==<id>`; aep-api-notes §3). And the plan that deletes a flow
//! with the connections no other flow uses.

use std::collections::HashSet;

use serde_json::Value;

use crate::plan::{FlowsOf, Listing, queries};
use crate::{ApiError, Client, ListQuery, collect_all};
use flowscope_model::plan::{Plan, PlanKind, Step};

/// An object that refers to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub kind: PlanKind,
    pub id: String,
    pub name: String,
}

/// The objects that use `id`, a `kind`, each once.
pub async fn users_of(client: &Client, kind: PlanKind, id: &str) -> Result<Vec<User>, ApiError> {
    let mut asks: Vec<(PlanKind, ListQuery)> = Vec::new();
    match kind {
        PlanKind::Connection => {
            for side in [PlanKind::SourceConnection, PlanKind::TargetConnection] {
                asks.push((
                    side,
                    ListQuery::new().property(format!("baseConnectionId=={id}")),
                ));
            }
            let listing = Listing::Flows(FlowsOf::BaseConnection(id.to_string()));
            for (_, q) in queries(client, &listing, Vec::new()).await? {
                asks.push((PlanKind::Flow, q));
            }
        }
        PlanKind::SourceConnection => asks.push((
            PlanKind::Flow,
            ListQuery::new().property(format!("sourceConnectionIds[]=={id}")),
        )),
        PlanKind::TargetConnection => asks.push((
            PlanKind::Flow,
            ListQuery::new().property(format!("targetConnectionIds[]=={id}")),
        )),
        PlanKind::Flow => {}
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (kind, q) in asks {
        let found: Vec<Value> = collect_all(client.pages(kind.resource(), &q)).await?;
        for o in found {
            let Some(id) = o.get("id").and_then(Value::as_str) else {
                continue;
            };
            if seen.insert(id.to_string()) {
                out.push(User {
                    kind,
                    id: id.to_string(),
                    name: o
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                });
            }
        }
    }
    Ok(out)
}

/// The plan that deletes a flow and, with `with_connections`, then its source and
/// target connections, each only when no other flow uses it.
#[derive(Clone, Debug)]
pub struct Teardown {
    pub plan: Plan,
    /// The flow as the service answered it.
    pub flow: Value,
    /// Connections left in place, with the other flows that use them.
    pub kept: Vec<(PlanKind, String, Vec<User>)>,
}

pub async fn flow_teardown(
    client: &Client,
    flow_id: &str,
    with_connections: bool,
) -> Result<Teardown, ApiError> {
    let flow: Value = client.get_by_id("flows", flow_id).await?;
    let name = flow.get("name").and_then(Value::as_str).unwrap_or(flow_id);
    let mut steps = vec![Step::delete("flow", PlanKind::Flow, flow_id)];
    let mut kept = Vec::new();
    if with_connections {
        for (kind, field, step) in [
            (PlanKind::SourceConnection, "sourceConnectionIds", "source"),
            (PlanKind::TargetConnection, "targetConnectionIds", "target"),
        ] {
            let ids = flow.get(field).and_then(Value::as_array);
            for (i, id) in ids
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .enumerate()
            {
                let others: Vec<User> = users_of(client, kind, id)
                    .await?
                    .into_iter()
                    .filter(|u| u.id != flow_id)
                    .collect();
                if others.is_empty() {
                    let step = match i {
                        0 => step.to_string(),
                        n => format!("{step}-{}", n + 1),
                    };
                    steps.push(Step::delete(step, kind, id));
                } else {
                    kept.push((kind, id.to_string(), others));
                }
            }
        }
    }
    let description = if with_connections {
        format!("delete the flow '{name}' and the connections only it uses")
    } else {
        format!("delete the flow '{name}'")
    };
    Ok(Teardown {
        plan: Plan {
            description: Some(description),
            sandbox: None,
            steps,
        },
        flow,
        kept,
    })
}
