//! Reads that answer a pane: a list paged to it as it arrives (Flow Service collections,
//! the landing zone's folders, the journal and drafts on disk), one object by id, and a
//! flow's newest runs.

use std::collections::HashSet;

use futures::StreamExt;
use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;

use super::drafts as local;
use crate::api::plan::{self, FlowsOf, Listing, newest_runs};
use crate::api::{ApiError, Client};
use crate::app::effect::{Credit, Msg, RawItems};
use crate::app::shared::nav::ListKind;
use crate::app::shared::nav::ObjKind;
use crate::app::shared::nav::{Scope, Subject};
use crate::store::Store;

/// One object by id; a kind with no collection of its own has no GET.
pub(super) async fn get(client: &Client, kind: ObjKind, id: &str) -> Result<Value, ApiError> {
    match kind.collection() {
        Some(collection) => client.get_by_id::<Value>(collection, id).await,
        None => Err(ApiError::Invalid(format!("a {} has no GET", kind.noun()))),
    }
}

/// The newest `limit` runs of a flow: one page, no paging further.
pub(super) async fn latest_runs(
    client: &Client,
    tx: &UnboundedSender<Msg>,
    slot: u64,
    ticket: u64,
    flow_id: &str,
    limit: u32,
) -> Result<(), ApiError> {
    let items = match client
        .pages::<Value>("runs", &newest_runs(flow_id, limit))
        .next()
        .await
    {
        Some(page) => page?.items,
        None => Vec::new(),
    };
    whole(tx, slot, ticket, items);
    Ok(())
}

/// Sends one page of a list; false when nobody listens any more (the pane is gone).
pub(crate) fn send_page(
    tx: &UnboundedSender<Msg>,
    slot: u64,
    ticket: u64,
    items: Vec<Value>,
    done: bool,
) -> bool {
    tx.send(Msg::Page {
        slot,
        ticket,
        items,
        done,
    })
    .is_ok()
}

/// Sends `items` as the one and last page of a list.
fn whole(tx: &UnboundedSender<Msg>, slot: u64, ticket: u64, items: Vec<Value>) {
    let _ = tx.send(Msg::Page {
        slot,
        ticket,
        items,
        done: true,
    });
}

/// The journal or the drafts, read from disk off the async workers, as one page.
pub(super) async fn local_list(
    store: Option<Store>,
    tx: &UnboundedSender<Msg>,
    slot: u64,
    ticket: u64,
    kind: ListKind,
) -> Result<(), ApiError> {
    let items = match store {
        Some(store) => tokio::task::spawn_blocking(move || match kind {
            ListKind::Journal => local::journal(&store),
            _ => local::drafts(&store),
        })
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r),
        None => Err("no data directory: nothing is kept on this machine".to_string()),
    }
    .map_err(|e| ApiError::Invalid(format!("cannot read the local files: {e}")))?;
    whole(tx, slot, ticket, items);
    Ok(())
}

pub(super) async fn list(
    client: &Client,
    tx: &UnboundedSender<Msg>,
    slot: u64,
    ticket: u64,
    kind: ListKind,
    scope: &Scope,
    property: Vec<String>,
) -> Result<(), ApiError> {
    if kind == ListKind::Dlz {
        let folder = match scope {
            Scope::Folder(f) => f.as_deref(),
            _ => None,
        };
        let listing = client.explore_landing_zone(folder).await?;
        let items = listing
            .0
            .iter()
            .filter_map(|i| serde_json::to_value(i).ok())
            .collect();
        let _ = tx.send(Msg::Page {
            slot,
            ticket,
            items,
            done: true,
        });
        return Ok(());
    }
    let queries = match listing(kind, scope) {
        Some(listing) => plan::queries(client, &listing, property).await?,
        None => Vec::new(),
    };
    // One flow can match both sides of a base connection; show it once. A single query
    // lists each item once already, and 200,000 runs' ids would be 16 MB to remember.
    let several = queries.len() > 1;
    let mut seen = HashSet::new();
    let window = std::sync::Arc::new(tokio::sync::Semaphore::new(PAGES_AHEAD));
    for (collection, query) in queries {
        // The items stay text: the explorer reads each one as it stores its row.
        let mut pages = client.raw_pages(collection, &query);
        while let Some(page) = pages.next().await {
            let items: Vec<_> = page?
                .items
                .into_iter()
                .filter(|raw| match several.then(|| id_of(raw.get())).flatten() {
                    Some(id) => seen.insert(id),
                    None => true,
                })
                .collect();
            // Waits while the explorer has PAGES_AHEAD pages it has not stored yet.
            let Ok(permit) = window.clone().acquire_owned().await else {
                return Ok(());
            };
            let sent = tx.send(Msg::Listed {
                slot,
                ticket,
                items: RawItems(items),
                done: false,
                credit: Credit::new(permit),
            });
            if sent.is_err() {
                return Ok(());
            }
        }
    }
    let _ = tx.send(Msg::Page {
        slot,
        ticket,
        items: Vec::new(),
        done: true,
    });
    Ok(())
}

/// Pages a list's reader may send before the explorer has stored them: enough that the
/// next page is on its way while one is stored, few enough that memory stays flat.
const PAGES_AHEAD: usize = 3;

/// The `id` of an item given as text, read without building the item.
fn id_of(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Id {
        id: Option<String>,
    }
    serde_json::from_str::<Id>(text).ok()?.id
}

/// What the explorer lists, in the Flow Service's terms; None for lists read elsewhere
/// (the landing zone, AWS, the local journal, drafts and messages).
fn listing(kind: ListKind, scope: &Scope) -> Option<Listing> {
    let of = |id: &String| Some(id.clone());
    Some(match (kind, scope) {
        (ListKind::Connections, _) => Listing::Connections,
        (ListKind::Flows, Scope::OfConnection { id, .. })
        | (ListKind::Flows, Scope::Using(Subject::Connection(id))) => {
            Listing::Flows(FlowsOf::BaseConnection(id.clone()))
        }
        (ListKind::Flows, Scope::Using(Subject::ConnectionSpec(id))) => {
            Listing::Flows(FlowsOf::ConnectionSpec(id.clone()))
        }
        (ListKind::Flows, Scope::Using(Subject::SourceConnection(id))) => {
            Listing::Flows(FlowsOf::SourceConnection(id.clone()))
        }
        (ListKind::Flows, Scope::Using(Subject::TargetConnection(id))) => {
            Listing::Flows(FlowsOf::TargetConnection(id.clone()))
        }
        (ListKind::Flows, Scope::Using(Subject::Dataset(id))) => {
            Listing::Flows(FlowsOf::Dataset(id.clone()))
        }
        (ListKind::Flows, Scope::Reading(path)) => Listing::Flows(FlowsOf::Reading(path.clone())),
        (
            ListKind::Flows,
            Scope::Lineage {
                source_spec,
                target_spec,
                ..
            },
        ) => Listing::Flows(FlowsOf::Lineage {
            source_spec: source_spec.clone(),
            target_spec: target_spec.clone(),
        }),
        (ListKind::Flows, _) => Listing::Flows(FlowsOf::All),
        (ListKind::Runs, Scope::OfFlow { id, .. }) => Listing::Runs { flow: of(id) },
        (ListKind::Runs, _) => Listing::Runs { flow: None },
        (ListKind::Live, _) => Listing::LiveRuns,
        (ListKind::Specs, _) => Listing::Specs,
        (
            ListKind::Dlz
            | ListKind::Blobs
            | ListKind::Journal
            | ListKind::Drafts
            | ListKind::Messages
            | ListKind::Failures
            | ListKind::AwsDomains
            | ListKind::AwsWorkflows
            | ListKind::AwsSteps
            | ListKind::AwsFlows
            | ListKind::AwsExecutions
            | ListKind::AwsProfiles
            | ListKind::AwsIntegrations
            | ListKind::AwsObjectTypes
            | ListKind::BulkEnds,
            _,
        ) => return None,
    })
}
