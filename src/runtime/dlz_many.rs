//! The landing zone's actions on marked files, on the executor's side: one file's delete
//! for the bulk runner (read first, so a file already gone is said to be, then one
//! DELETE, journaled once), and a download of several files, each under its own
//! resumable plan, with the progress summed over all. Every storage call goes through
//! [`Containers::run`], so refused credentials are renewed once as everywhere else.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::json;

use super::dlz::{Containers, entry};
use crate::api::Client;
use crate::api::storage::{Plans, Progress, ProgressFn, TransferOptions};
use crate::app::features::dlz::keys::container_of;
use crate::app::features::dlz::paths::base_name;
use crate::app::features::dlz::{TransferJob, TransferPlan};
use crate::app::shared::editor::spec::Audit;
use crate::app::shared::effect::Outcome;
use crate::app::shared::pane::ErrorInfo;
use crate::model::DlzType;
use crate::store::Store;

/// What the summary says of a file that was gone before its delete was sent.
pub const ALREADY_GONE: &str = "already gone: nothing to delete";

/// Deletes one file of `zone`, journaled once. A file the storage no longer has counts
/// as deleted (and says so); a DELETE whose answer was lost is unsure.
pub async fn delete(
    client: &Client,
    containers: &Containers,
    store: Option<&Store>,
    (zone, path): (DlzType, &str),
    audit: &Audit,
) -> Outcome {
    let sent = AtomicBool::new(false);
    let result = containers
        .run(client, zone, |s| {
            let sent = &sent;
            async move {
                if s.head(path).await?.is_none() {
                    return Ok(false);
                }
                sent.store(true, Ordering::SeqCst);
                s.delete(path).await.map(|()| true)
            }
        })
        .await;
    let mut what = json!({ "delete": format!("{}/{path}", container_of(zone)) });
    let (outcome, result) = match result {
        Ok(found) => {
            if !found {
                what["note"] = json!(ALREADY_GONE);
            }
            ("ok".to_string(), Ok(found))
        }
        Err(e) => (e.message.clone(), Err(e)),
    };
    let line = entry(audit, "landingzone", path, what, outcome);
    let journal = super::submit::journal(store, line).await;
    match result {
        Ok(found) => Outcome::Sent {
            object: (!found).then(|| json!({ "path": path, "note": ALREADY_GONE })),
            etag: None,
            journal,
        },
        Err(error) => Outcome::Failed {
            // Sent, and no answer from the storage: it may have been deleted.
            unsure: sent.load(Ordering::SeqCst) && error.status.is_none() && error.code.is_none(),
            error,
            journal,
        },
    }
}

/// A download of marked files into the folder `dest`: each file's local path, their
/// size, and the local files it would replace.
pub async fn plan(
    zone: DlzType,
    files: Vec<(String, u64)>,
    dest: &Path,
) -> Result<TransferPlan, ErrorInfo> {
    let mut existing = Vec::new();
    let mut bytes = 0;
    let mut to = Vec::with_capacity(files.len());
    for (path, size) in files {
        let local = dest.join(base_name(&path));
        if tokio::fs::try_exists(&local).await.unwrap_or(false) {
            existing.push(local.display().to_string());
        }
        bytes += size;
        to.push((path, local));
    }
    Ok(TransferPlan {
        job: TransferJob::DownloadMany { zone, files: to },
        bytes,
        existing,
    })
}

/// The files one after the other, each under its own plan (kept in the data directory
/// while it moves, so one cut off is listed at the next start), progress summed over
/// all. Stops at the first failure; the files done stay.
pub async fn download_all(
    client: &Client,
    containers: &Containers,
    plans: Option<&Plans>,
    zone: DlzType,
    files: &[(String, PathBuf)],
    report: ProgressFn<'_>,
    cancel: &tokio_util::sync::CancellationToken,
) -> Result<u64, ErrorInfo> {
    let opts = TransferOptions::default();
    let opts = &opts;
    let mut base = 0u64;
    for (path, dest) in files {
        let offset = base;
        let each = move |mut p: Progress| {
            p.done_bytes += offset;
            p.total_bytes += offset;
            report(p);
        };
        let each: ProgressFn<'_> = &each;
        let got = match plans {
            Some(plans) => {
                let plan = containers
                    .run(client, zone, |s| async move {
                        s.plan_download(path, dest, zone.as_str(), opts).await
                    })
                    .await?;
                plans
                    .save(&plan)
                    .map_err(|e| ErrorInfo::local(format!("{}: {e}", dest.display())))?;
                super::resume::run_plan(client, containers, plans, plan, each, cancel).await?
            }
            None => {
                containers
                    .run(client, zone, |s| async move {
                        s.download(path, dest, opts, each, cancel).await
                    })
                    .await?
                    .size
            }
        };
        base += got;
    }
    Ok(base)
}
