//! The names table output shows instead of ids: spec names for connections and flows,
//! read once per listing, and flow names for runs, read for the flows each page brings
//! that are not known yet. A missing name is cosmetic: the id is shown and the listing
//! goes on. JSON output never needs these and never asks for them.

use std::collections::HashMap;

use serde_json::Value;

use crate::api::{Client, ListQuery, collect_all};
use crate::app::shared::table::SpecNames;
use crate::cli::columns::Resource;

/// Spec names for a table of `r`; empty for resources that show no spec.
pub async fn spec_names(c: &Client, r: Resource) -> SpecNames {
    let mut names = SpecNames::new();
    let wanted = matches!(
        r,
        Resource::Connections
            | Resource::SourceConnections
            | Resource::TargetConnections
            | Resource::Flows
    );
    if !wanted {
        return names;
    }
    match collect_all(c.list_connection_specs(&ListQuery::new())).await {
        Ok(specs) => {
            for s in specs {
                if let Some(name) = s.name {
                    names.insert(s.id, name);
                }
            }
        }
        Err(e) => tracing::debug!(error = %e, "spec names unavailable; showing ids"),
    }
    names
}

/// Flow ids in one `id==a,b,…` filter (any of, aep-api-notes §3): 40 UUIDs keep the
/// request line near 1.5 kB, well inside what gateways accept.
const IDS_PER_READ: usize = 40;

/// Learns the names of the flows the runs in `items` belong to that `known` lacks, with
/// one flows read per [`IDS_PER_READ`] new ids. Across the pages of `--all` each flow is
/// asked for once, however many of its runs follow.
pub async fn learn_flow_names(c: &Client, items: &[Value], known: &mut HashMap<String, String>) {
    let mut wanted: Vec<&str> = items
        .iter()
        .filter_map(|v| v.get("flowId")?.as_str())
        .filter(|id| !id.is_empty() && !known.contains_key(*id))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    for ids in wanted.chunks(IDS_PER_READ) {
        let q = ListQuery::new()
            .limit(IDS_PER_READ as u32)
            .property(format!("id=={}", ids.join(",")));
        match collect_all(c.list_flows(&q)).await {
            Ok(flows) => {
                for f in flows {
                    if let Some(name) = f.name {
                        known.insert(f.id, name);
                    }
                }
            }
            Err(e) => tracing::debug!(error = %e, "flow names unavailable; showing ids"),
        }
        // A flow that is gone, or a read that failed, is shown by its id and not asked
        // for again on every later page.
        for id in ids {
            known
                .entry((*id).to_string())
                .or_insert_with(|| (*id).to_string());
        }
    }
}
