//! Flow Service query planning: which collections and `property` filters make up a list.
//! Most lists are one query; flows of a base connection are two (one per side), and flows
//! of a dataset or of a landing-zone path are found through their connections first.

use futures::StreamExt;
use serde_json::Value;

use crate::api::{ApiError, Client, ListQuery};
use crate::app::features::dlz::paths::covers;
use crate::app::shared::nav::ListKind;
use crate::app::shared::nav::{Scope, Subject};

/// The collections and queries that make up a list. Flows of a base connection are the
/// flows whose source or target side uses it (aep-api-notes §3, `[]` descends arrays).
pub(super) fn queries(
    kind: ListKind,
    scope: &Scope,
    property: Vec<String>,
) -> Vec<(&'static str, ListQuery)> {
    let base = property
        .into_iter()
        .fold(ListQuery::new(), |q, p| q.property(p));
    match (kind, scope) {
        (ListKind::Connections, _) => vec![("connections", base)],
        (ListKind::Flows, Scope::OfConnection { id, .. })
        | (ListKind::Flows, Scope::Using(Subject::Connection(id))) => {
            either_side(&base, "baseConnection.id", id)
        }
        (ListKind::Flows, Scope::Using(Subject::ConnectionSpec(id))) => {
            either_side(&base, "connectionSpec.id", id)
        }
        (ListKind::Flows, Scope::Using(Subject::SourceConnection(id))) => {
            vec![(
                "flows",
                base.property(format!("sourceConnectionIds[]=={id}")),
            )]
        }
        (ListKind::Flows, Scope::Using(Subject::TargetConnection(id))) => {
            vec![(
                "flows",
                base.property(format!("targetConnectionIds[]=={id}")),
            )]
        }
        (
            ListKind::Flows,
            Scope::Lineage {
                source_spec,
                target_spec,
                ..
            },
        ) => vec![(
            "flows",
            base.property(format!(
                "inheritedAttributes.sourceConnections[].connectionSpec.id=={source_spec}"
            ))
            .property(format!(
                "inheritedAttributes.targetConnections[].connectionSpec.id=={target_spec}"
            )),
        )],
        (ListKind::Flows, _) => vec![("flows", base)],
        (ListKind::Runs, Scope::OfFlow { id, .. }) => {
            vec![("runs", base.property(format!("flowId=={id}")))]
        }
        (ListKind::Runs, _) => vec![("runs", base)],
        // Runs still going; the newest first, as they are the ones being watched.
        (ListKind::Live, _) => vec![(
            "runs",
            base.property("metrics.statusSummary.status==inProgress,scheduled")
                .orderby("-createdAt"),
        )],
        (ListKind::Specs, _) => vec![("connectionSpecs", base.clone()), ("flowSpecs", base)],
        (
            ListKind::Dlz
            | ListKind::Blobs
            | ListKind::Journal
            | ListKind::Drafts
            | ListKind::Messages,
            _,
        ) => Vec::new(),
        // Read from AWS, not from here.
        (
            ListKind::AwsDomains
            | ListKind::AwsWorkflows
            | ListKind::AwsSteps
            | ListKind::AwsFlows
            | ListKind::AwsExecutions
            | ListKind::AwsProfiles,
            _,
        ) => Vec::new(),
    }
}

/// Flows whose source side or target side has `field` equal to `id`: two queries, since
/// repeated `property` params are ANDed.
fn either_side(base: &ListQuery, field: &str, id: &str) -> Vec<(&'static str, ListQuery)> {
    ["sourceConnections", "targetConnections"]
        .iter()
        .map(|side| {
            (
                "flows",
                base.clone()
                    .property(format!("inheritedAttributes.{side}[].{field}=={id}")),
            )
        })
        .collect()
}

/// How many ids go in one `==a,b,c` filter, to keep URLs short.
const IDS_PER_QUERY: usize = 40;

/// Flows that write or export a dataset. Flows do not name datasets, their connections
/// do: first the target connections that write it and the source connections that
/// export it, then the flows that use those.
pub(super) async fn dataset_queries(
    client: &Client,
    id: &str,
) -> Result<Vec<(&'static str, ListQuery)>, ApiError> {
    let mut out = Vec::new();
    for (collection, filter, member) in [
        (
            "targetConnections",
            format!("params.dataSetId=={id}"),
            "targetConnectionIds",
        ),
        (
            "sourceConnections",
            format!("params.datasets[].dataSetId=={id}"),
            "sourceConnectionIds",
        ),
    ] {
        let mut ids = Vec::new();
        let mut pages = client.pages::<Value>(collection, &ListQuery::new().property(filter));
        while let Some(page) = pages.next().await {
            ids.extend(
                page?
                    .items
                    .iter()
                    .filter_map(|c| c.get("id").and_then(Value::as_str).map(String::from)),
            );
        }
        for chunk in ids.chunks(IDS_PER_QUERY) {
            let q = ListQuery::new().property(format!("{member}[]=={}", chunk.join(",")));
            out.push(("flows", q));
        }
    }
    Ok(out)
}

/// Flows that read a landing-zone path: the DLZ source connections whose `params.path`
/// covers it (read whole, filtered here: the service cannot match path prefixes), then
/// the flows that use those.
pub(super) async fn reading_queries(
    client: &Client,
    path: &str,
) -> Result<Vec<(&'static str, ListQuery)>, ApiError> {
    let q = ListQuery::new().property(format!(
        "connectionSpec.id=={}",
        crate::model::DLZ_CONNECTION_SPEC_ID
    ));
    let mut ids = Vec::new();
    let mut pages = client.pages::<Value>("sourceConnections", &q);
    while let Some(page) = pages.next().await {
        for c in page?.items {
            let source = c.pointer("/params/path").and_then(Value::as_str);
            if source.is_some_and(|s| covers(s, path))
                && let Some(id) = c.get("id").and_then(Value::as_str)
            {
                ids.push(id.to_string());
            }
        }
    }
    Ok(ids
        .chunks(IDS_PER_QUERY)
        .map(|chunk| {
            (
                "flows",
                ListQuery::new().property(format!("sourceConnectionIds[]=={}", chunk.join(","))),
            )
        })
        .collect())
}

/// The query for the newest `limit` runs of a flow.
pub(super) fn newest_runs(flow_id: &str, limit: u32) -> ListQuery {
    ListQuery::new()
        .property(format!("flowId=={flow_id}"))
        .orderby("-createdAt")
        .limit(limit)
}
