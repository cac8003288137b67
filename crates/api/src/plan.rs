//! Flow Service query planning: which collections and `property` filters make up a list.
//! Most lists are one query; flows of a base connection are two (one per side), and flows
//! of a dataset or of a landing-zone path are found through their connections first.
//! The explorer says what it lists as a [`Listing`]; the Flow Service's own knowledge
//! (field names, what can be filtered, what must be read whole) stays here.

use futures::StreamExt;
use serde_json::Value;

use crate::{ApiError, Client, ListQuery};

/// A list of Flow Service objects, as the explorer asks for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listing {
    Connections,
    Flows(FlowsOf),
    /// Runs, of one flow or of all.
    Runs {
        flow: Option<String>,
    },
    /// Runs still going, the newest first.
    LiveRuns,
    /// Connection specs and flow specs.
    Specs,
}

/// Which flows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlowsOf {
    All,
    /// Flows whose source or target side uses this base connection.
    BaseConnection(String),
    /// Flows whose source or target side is of this connection spec.
    ConnectionSpec(String),
    SourceConnection(String),
    TargetConnection(String),
    /// Flows from one source spec to one target spec.
    Lineage {
        source_spec: String,
        target_spec: String,
    },
    /// Flows that write or export a dataset.
    Dataset(String),
    /// Flows that read a landing-zone path (a file, or anything in a folder).
    Reading(String),
}

/// The collections and queries that make up `listing`, each narrowed by the user's
/// `property` filters where the service can filter that list. Flows of a base
/// connection are the flows whose source or target side uses it (aep-api-notes §3, `[]`
/// descends arrays). Flows of a dataset or a path ask the service for connections first.
pub async fn queries(
    client: &Client,
    listing: &Listing,
    property: Vec<String>,
) -> Result<Vec<(&'static str, ListQuery)>, ApiError> {
    let base = property
        .into_iter()
        .fold(ListQuery::new(), |q, p| q.property(p));
    Ok(match listing {
        Listing::Connections => vec![("connections", base)],
        Listing::Flows(FlowsOf::All) => vec![("flows", base)],
        Listing::Flows(FlowsOf::BaseConnection(id)) => either_side(&base, "baseConnection.id", id),
        Listing::Flows(FlowsOf::ConnectionSpec(id)) => either_side(&base, "connectionSpec.id", id),
        Listing::Flows(FlowsOf::SourceConnection(id)) => {
            vec![(
                "flows",
                base.property(format!("sourceConnectionIds[]=={id}")),
            )]
        }
        Listing::Flows(FlowsOf::TargetConnection(id)) => {
            vec![(
                "flows",
                base.property(format!("targetConnectionIds[]=={id}")),
            )]
        }
        Listing::Flows(FlowsOf::Lineage {
            source_spec,
            target_spec,
        }) => vec![(
            "flows",
            base.property(format!(
                "inheritedAttributes.sourceConnections[].connectionSpec.id=={source_spec}"
            ))
            .property(format!(
                "inheritedAttributes.targetConnections[].connectionSpec.id=={target_spec}"
            )),
        )],
        Listing::Flows(FlowsOf::Dataset(id)) => dataset_queries(client, id).await?,
        Listing::Flows(FlowsOf::Reading(path)) => reading_queries(client, path).await?,
        Listing::Runs { flow: Some(id) } => {
            vec![("runs", base.property(format!("flowId=={id}")))]
        }
        Listing::Runs { flow: None } => vec![("runs", base)],
        // Runs still going; the newest first, as they are the ones being watched.
        Listing::LiveRuns => vec![(
            "runs",
            base.property("metrics.statusSummary.status==inProgress,scheduled")
                .orderby("-createdAt"),
        )],
        Listing::Specs => vec![("connectionSpecs", base.clone()), ("flowSpecs", base)],
    })
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
async fn dataset_queries(
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
async fn reading_queries(
    client: &Client,
    path: &str,
) -> Result<Vec<(&'static str, ListQuery)>, ApiError> {
    let q = ListQuery::new().property(format!(
        "connectionSpec.id=={}",
        flowscope_model::DLZ_CONNECTION_SPEC_ID
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
pub fn newest_runs(flow_id: &str, limit: u32) -> ListQuery {
    ListQuery::new()
        .property(format!("flowId=={flow_id}"))
        .orderby("-createdAt")
        .limit(limit)
}

/// Whether a source connection reading `source` (its `params.path`) reads `path`, or, when
/// `path` is a folder (ends with `/`), reads anything inside it. A trailing `*` in the
/// source's last segment is a wildcard, as DLZ sources allow (`crm/leads/*.csv`).
pub fn covers(source: &str, path: &str) -> bool {
    let source = source.trim_start_matches('/');
    let path = path.trim_start_matches('/');
    if source.is_empty() || path.is_empty() {
        return false;
    }
    if let Some((dir, pattern)) = source.rsplit_once('/')
        && pattern.contains('*')
    {
        return glob_covers(dir, pattern, path);
    }
    if source == path || source.trim_end_matches('/') == path.trim_end_matches('/') {
        return true;
    }
    // The source is a folder holding the path.
    let src_dir = format!("{}/", source.trim_end_matches('/'));
    if path.starts_with(&src_dir) {
        return true;
    }
    // The path is a folder holding what the source reads.
    path.ends_with('/') && source.starts_with(path)
}

fn glob_covers(dir: &str, pattern: &str, path: &str) -> bool {
    let dir = format!("{dir}/");
    if path.ends_with('/') {
        return dir.starts_with(path) || path == dir;
    }
    match path.strip_prefix(&dir) {
        Some(name) if !name.contains('/') => wildcard(pattern, name),
        _ => false,
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn wildcard(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_paths_cover_files_and_folders() {
        let c = "dlz-user-container/";
        assert!(covers(&format!("{c}crm/a.csv"), &format!("{c}crm/a.csv")));
        assert!(covers(&format!("{c}crm/"), &format!("{c}crm/leads/x.csv")));
        assert!(covers(&format!("{c}crm"), &format!("{c}crm/x.csv")));
        assert!(!covers(&format!("{c}crm/"), &format!("{c}crmx/x.csv")));
        // A folder asked about: the flows reading anything inside it.
        assert!(covers(&format!("{c}crm/leads/x.csv"), &format!("{c}crm/")));
        assert!(!covers(&format!("{c}web/x.json"), &format!("{c}crm/")));
        // Wildcards in the last segment.
        assert!(covers(&format!("{c}crm/*.csv"), &format!("{c}crm/b.csv")));
        assert!(!covers(&format!("{c}crm/*.csv"), &format!("{c}crm/b.json")));
        assert!(!covers(
            &format!("{c}crm/*.csv"),
            &format!("{c}crm/sub/b.csv")
        ));
        assert!(covers(
            &format!("{c}crm/lead*_2026*.csv"),
            &format!("{c}crm/leads_2026-10.csv")
        ));
        assert!(!covers("", "x"));
    }
}
