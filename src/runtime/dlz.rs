//! The landing zone's side of the executor: zones and credentials through the DLZ API,
//! server previews through explore, and everything that talks to the container itself
//! (listing, range previews, deletes, transfers) through an opened [`Storage`].
//!
//! Opened containers are kept per zone until new credentials arrive or the sandbox
//! changes (`Forget`). Changes are sent once and written to the audit journal.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Value, json};
use tokio::sync::Mutex;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

pub use super::storage::list_blobs;
use super::storage::{
    Opened, Transfer, delete, plan_download, plan_upload, storage_preview, transfer,
};
use crate::api::Client;
use crate::api::storage::StorageOptions;
use crate::app::effect::Msg;
use crate::app::features::dlz::preview::PreviewData;
use crate::app::features::dlz::{DlzEffect, DlzMsg, PreviewTarget, ZoneInfo};
use crate::app::shared::editor::spec::Audit;
use crate::app::shared::pane::ErrorInfo;
use crate::model::{DlzType, PreviewFormat};
use crate::store::Store;
use crate::store::journal::Entry;
use tokio_util::sync::CancellationToken;

/// The containers opened so far, by zone.
pub(super) type OpenMap = Arc<Mutex<HashMap<DlzType, Arc<Opened>>>>;

/// Opened containers by zone, shared by the tasks that use them, and how to reach an
/// S3-provisioned zone (an endpoint, a region) when the answer does not say.
///
/// `Forget` swaps in a new map at once: a task still opening a container for the old
/// sandbox or credentials puts it into the old map, which nobody reads any more.
#[derive(Clone, Default)]
pub struct Containers {
    open: Arc<std::sync::Mutex<OpenMap>>,
    options: Arc<std::sync::Mutex<StorageOptions>>,
}

pub struct DlzExec {
    pub containers: Containers,
    transfers: HashMap<u64, CancellationToken>,
}

impl DlzExec {
    pub fn new() -> DlzExec {
        DlzExec {
            containers: Containers::default(),
            transfers: HashMap::new(),
        }
    }

    pub fn run(
        &mut self,
        e: DlzEffect,
        client: &Client,
        tx: &UnboundedSender<Msg>,
        store: Option<Store>,
    ) -> Option<(u64, AbortHandle)> {
        let client = client.clone();
        let tx = tx.clone();
        let send = move |m: DlzMsg| {
            let _ = tx.send(Msg::Dlz(m));
        };
        let containers = self.containers.clone();
        match e {
            DlzEffect::Zones {
                slot,
                ticket,
                zones,
            } => {
                let job = tokio::spawn(async move {
                    let mut out = Vec::new();
                    for zone in zones {
                        out.push(zone_info(&client, zone).await);
                    }
                    send(DlzMsg::Zones {
                        slot,
                        ticket,
                        zones: out,
                    });
                });
                return Some((slot, job.abort_handle()));
            }
            DlzEffect::Refresh { slot, zone, audit } => {
                // Not tied to the pane: a refresh cut off halfway leaves its outcome unknown.
                tokio::spawn(async move {
                    let sent = client.refresh_landing_zone_credentials(zone).await;
                    let result = match &sent {
                        Ok(_) => "ok".to_string(),
                        Err(e) => e.to_string(),
                    };
                    let what = json!({"post": format!("/landingzone/credentials?type={zone}&action=refresh")});
                    journal(
                        store.as_ref(),
                        entry(&audit, "landingzone", zone.as_str(), what, result),
                    )
                    .await;
                    containers.forget();
                    send(DlzMsg::Refreshed {
                        slot,
                        zone,
                        sandbox: audit.sandbox.clone(),
                        result: sent.map(Box::new).map_err(|e| ErrorInfo::from(&e)),
                    });
                });
            }
            DlzEffect::Preview {
                slot,
                ticket,
                target,
            } => {
                let job = tokio::spawn(async move {
                    let result = match &target {
                        PreviewTarget::Explore { path } => client
                            .preview_landing_zone_file(path, &PreviewFormat::Detect)
                            .await
                            .map(|p| Box::new(PreviewData::from_server(&p)))
                            .map_err(|e| ErrorInfo::from(&e)),
                        PreviewTarget::Storage { zone, path } => {
                            storage_preview(&client, &containers, *zone, path).await
                        }
                    };
                    send(DlzMsg::Preview {
                        slot,
                        ticket,
                        result,
                    });
                });
                return Some((slot, job.abort_handle()));
            }
            DlzEffect::Delete {
                slot,
                zone,
                path,
                audit,
            } => {
                tokio::spawn(async move {
                    let result = delete(&client, &containers, zone, &path).await;
                    let outcome = match &result {
                        Ok(()) => "ok".to_string(),
                        Err(e) => e.message.clone(),
                    };
                    let what = json!({"delete": format!("{}/{path}", crate::app::features::dlz::keys::container_of(zone))});
                    journal(
                        store.as_ref(),
                        entry(&audit, "landingzone", &path, what, outcome),
                    )
                    .await;
                    send(DlzMsg::Deleted { slot, path, result });
                });
            }
            DlzEffect::PlanDownload {
                zone,
                path,
                dest,
                sandbox,
            } => {
                tokio::spawn(async move {
                    let dest = expand_home(&dest);
                    let result = plan_download(&client, &containers, zone, path, dest).await;
                    send(DlzMsg::Planned {
                        sandbox,
                        result: result.map(Box::new),
                    });
                });
            }
            DlzEffect::PlanDownloadMany {
                zone,
                files,
                dest,
                sandbox,
            } => {
                tokio::spawn(async move {
                    let result = super::dlz_many::plan(zone, files, &expand_home(&dest)).await;
                    send(DlzMsg::Planned {
                        sandbox,
                        result: result.map(Box::new),
                    });
                });
            }
            DlzEffect::PlanUpload {
                zone,
                src,
                folder,
                sandbox,
            } => {
                tokio::spawn(async move {
                    let src = expand_home(&src);
                    let result = plan_upload(&client, &containers, zone, src, folder).await;
                    send(DlzMsg::Planned {
                        sandbox,
                        result: result.map(Box::new),
                    });
                });
            }
            DlzEffect::Transfer { id, job, audit } => {
                // Cancelled through the token, not by aborting the task: the transfer
                // stops cleanly and keeps its plan (and `.part` or staged parts) to resume.
                let cancel = CancellationToken::new();
                self.transfers.insert(id, cancel.clone());
                let task = Transfer {
                    id,
                    job,
                    audit,
                    cancel,
                };
                tokio::spawn(async move {
                    transfer(&client, &containers, store, task, &send).await;
                });
            }
            DlzEffect::FindInterrupted => {
                tokio::spawn(async move {
                    let found = super::resume::find(store).await;
                    if !found.is_empty() {
                        send(DlzMsg::Interrupted { found });
                    }
                });
            }
            DlzEffect::Resume {
                id, plan, audit, ..
            } => {
                let cancel = CancellationToken::new();
                self.transfers.insert(id, cancel.clone());
                tokio::spawn(async move {
                    super::resume::resume(
                        &client,
                        &containers,
                        store,
                        (id, plan, audit),
                        cancel,
                        &send,
                    )
                    .await;
                });
            }
            DlzEffect::Discard {
                id, plan, audit, ..
            } => {
                tokio::spawn(async move {
                    super::resume::discard(&client, &containers, store, (id, plan, audit), &send)
                        .await;
                });
            }
            DlzEffect::CancelTransfer { id } => {
                if let Some(c) = self.transfers.remove(&id) {
                    c.cancel();
                }
            }
            DlzEffect::Forget => containers.forget(),
        }
        self.transfers.retain(|_, c| !c.is_cancelled());
        None
    }
}

impl Default for DlzExec {
    fn default() -> Self {
        Self::new()
    }
}

impl Containers {
    /// Drops one zone's opened container: the next use asks for its credentials again.
    pub async fn drop_zone(&self, zone: DlzType) {
        self.map().lock().await.remove(&zone);
    }

    pub fn forget(&self) {
        if let Ok(mut m) = self.open.lock() {
            *m = Arc::default();
        }
    }

    /// The current map of opened containers.
    pub(super) fn map(&self) -> OpenMap {
        self.open.lock().map(|m| m.clone()).unwrap_or_default()
    }

    pub fn options(&self) -> StorageOptions {
        self.options.lock().map(|o| o.clone()).unwrap_or_default()
    }

    /// E.g. the embedded emulator's S3 endpoint.
    pub fn set_options(&self, opts: StorageOptions) {
        if let Ok(mut o) = self.options.lock() {
            *o = opts;
        }
    }
}

async fn zone_info(client: &Client, zone: DlzType) -> ZoneInfo {
    let container = client
        .landing_zone(zone)
        .await
        .map_err(|e| ErrorInfo::from(&e));
    let creds = client
        .landing_zone_credentials(zone)
        .await
        .map_err(|e| ErrorInfo::from(&e));
    ZoneInfo {
        zone,
        container,
        creds,
    }
}

/// The journal line of a landing-zone change (no etags: blobs and credentials have none
/// the journal would use).
pub(super) fn entry(audit: &Audit, resource: &str, id: &str, what: Value, result: String) -> Entry {
    super::submit::entry(audit, resource, id, what, None, result)
}

pub(super) async fn journal(store: Option<&Store>, e: Entry) {
    if let Err(err) = super::submit::journal(store, e).await {
        tracing::warn!(error = %err, "landing-zone change not journaled");
    }
}

/// `~` and `~/x` as the home directory and its `x`, as a shell would.
fn expand_home(p: &std::path::Path) -> PathBuf {
    let Some(p) = p.to_str() else {
        return p.to_path_buf();
    };
    let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    match (p, p.strip_prefix("~/"), home) {
        ("~", _, Some(h)) => h,
        (_, Some(rest), Some(h)) => h.join(rest),
        _ => PathBuf::from(p),
    }
}
