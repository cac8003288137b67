//! The executor's calls into an opened landing-zone container: list a folder page by
//! page, range previews, deletes, and sizing up a transfer before it starts. Containers
//! are opened on first use with the zone's current credentials and kept until `Forget`;
//! a call the storage refuses for its credentials goes on once with new ones (`run`).

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use futures::StreamExt;
use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedSender;

use super::dlz::Containers;
use super::send_page;
use crate::api::Client;
use crate::api::storage::{
    LocalPreview, PreviewOptions, Storage, StorageError, StorageOptions, with_renewal,
};
use crate::app::effect::Msg;
use crate::app::features::dlz::preview::{PreviewData, cell};
use crate::app::features::dlz::{TransferJob, TransferPlan};
use crate::app::shared::pane::ErrorInfo;
use crate::model::DlzType;

/// Days a landing-zone file lives when the service does not say (aep-api-notes §7).
const DEFAULT_TTL_DAYS: i64 = 7;

/// An opened container and the TTL its files live for.
pub struct Opened {
    pub storage: Storage,
    pub ttl_days: i64,
}

/// A storage failure as panes show it: 403 for refused credentials (the panes then say
/// how to renew them), 404 for a missing file, the storage's own code kept.
pub fn storage_err(e: &StorageError) -> ErrorInfo {
    let status = match e {
        StorageError::Expired { .. } | StorageError::Denied { .. } => Some(403),
        StorageError::NotFound { .. } => Some(404),
        StorageError::AlreadyExists { .. } => Some(409),
        _ => None,
    };
    let code = match e {
        StorageError::Expired { code, .. } => {
            Some(code.clone().unwrap_or_else(|| "CredentialsExpired".into()))
        }
        StorageError::Cancelled => Some("Cancelled".into()),
        other => other.code().map(str::to_string),
    };
    // A missing or existing file, or a path refused, stays so; anything else may pass.
    let retry = !matches!(
        e,
        StorageError::NotFound { .. }
            | StorageError::AlreadyExists { .. }
            | StorageError::Cancelled
            | StorageError::Credentials(_)
    );
    ErrorInfo {
        status,
        code,
        message: e.to_string(),
        retry,
    }
}

impl Containers {
    /// The zone's container, opened with its current credentials on first use.
    pub async fn get(
        &self,
        client: &Client,
        zone: DlzType,
        opts: &StorageOptions,
    ) -> Result<Arc<Opened>, ErrorInfo> {
        let map = self.map();
        let mut open = map.lock().await;
        if let Some(o) = open.get(&zone) {
            return Ok(o.clone());
        }
        let creds = client
            .landing_zone_credentials(zone)
            .await
            .map_err(|e| ErrorInfo::from(&e))?;
        let ttl_days = match client.landing_zone(zone).await {
            Ok(c) => c
                .ttl_days()
                .and_then(|d| i64::try_from(d).ok())
                .unwrap_or(DEFAULT_TTL_DAYS),
            Err(e) => {
                tracing::warn!(error = %e, "landing zone TTL unread; assuming 7 days");
                DEFAULT_TTL_DAYS
            }
        };
        let storage = Storage::open(&creds, opts).map_err(|e| storage_err(&e))?;
        let opened = Arc::new(Opened { storage, ttl_days });
        open.insert(zone, opened.clone());
        Ok(opened)
    }

    /// Runs `op` on the zone's container. When the storage refuses the credentials, the
    /// zone's credentials are asked for once and `op` runs again with new ones
    /// ([`with_renewal`]); the renewed container replaces the cached one. A refusal that
    /// stands reaches the pane with the service's code and the credentials' expiry.
    pub async fn run<T, Op, Fut>(
        &self,
        client: &Client,
        zone: DlzType,
        op: Op,
    ) -> Result<T, ErrorInfo>
    where
        Op: Fn(Storage) -> Fut,
        Fut: Future<Output = Result<T, StorageError>>,
    {
        let opts = self.options();
        let opened = self.get(client, zone, &opts).await?;
        let fetch = || client.landing_zone_credentials(zone);
        let (result, renewed) = with_renewal(&opened.storage, &opts, fetch, op).await;
        if let Some(storage) = renewed {
            let fresh = Arc::new(Opened {
                storage,
                ttl_days: opened.ttl_days,
            });
            self.map().lock().await.insert(zone, fresh);
        }
        result.map_err(|e| self.failed(zone, &e))
    }

    /// A storage failure as panes show it. Refused credentials are dropped from the cache,
    /// so a retry opens the zone with what the service hands out now (a GET renews expired
    /// ones) instead of the dead token.
    pub fn failed(&self, zone: DlzType, e: &StorageError) -> ErrorInfo {
        if e.is_expired()
            && let Ok(mut open) = self.map().try_lock()
        {
            open.remove(&zone);
        }
        let info = storage_err(e);
        // The storage layer has scrubbed the message of every secret it knows.
        tracing::warn!(%zone, error = %info.message, "landing-zone storage call failed");
        info
    }
}

/// A folder of the container as list items, page by page: the first page shows at once.
pub async fn list_blobs(
    client: &Client,
    containers: &Containers,
    zone: DlzType,
    folder: &str,
    tx: &UnboundedSender<Msg>,
    slot: u64,
    ticket: u64,
) {
    let fail = |error: ErrorInfo| {
        let _ = tx.send(Msg::Failed {
            slot,
            ticket,
            error,
        });
    };
    // The first page is where refused credentials show; it is fetched again after a
    // renewal, and the pages after it come from the same listing.
    let first = containers
        .run(client, zone, |s| {
            let mut pages = s.list_pages(folder);
            async move {
                let first = pages.next().await.transpose()?;
                Ok((first, pages))
            }
        })
        .await;
    let (first, mut pages) = match first {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    let opened = match containers.get(client, zone, &containers.options()).await {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let mut next = first.map(Ok);
    while let Some(page) = match next.take() {
        Some(p) => Some(p),
        None => pages.next().await,
    } {
        let listing = match page {
            Ok(l) => l,
            Err(e) => return fail(containers.failed(zone, &e)),
        };
        let mut items: Vec<Value> = listing
            .folders
            .iter()
            .map(|f| {
                json!({
                    "type": "folder",
                    "name": crate::app::features::dlz::paths::base_name(f),
                    "path": f,
                })
            })
            .collect();
        items.extend(listing.files.iter().map(|b| {
            json!({
                "type": "file",
                "name": b.name,
                "path": b.path,
                "size": b.size,
                "lastModified": b.last_modified_ms,
                "ttlDeadline": crate::app::features::dlz::paths::ttl_deadline(b.last_modified_ms, opened.ttl_days),
                "etag": b.etag,
            })
        }));
        if !send_page(tx, slot, ticket, items, false) {
            return;
        }
    }
    send_page(tx, slot, ticket, Vec::new(), true);
}

pub async fn storage_preview(
    client: &Client,
    containers: &Containers,
    zone: DlzType,
    path: &str,
) -> Result<Box<PreviewData>, ErrorInfo> {
    let opts = PreviewOptions::default();
    let p = containers
        .run(client, zone, |s| {
            let opts = &opts;
            async move { s.preview(path, opts).await }
        })
        .await?;
    Ok(Box::new(from_local(&p)))
}

/// A range preview in the common display form.
pub fn from_local(p: &LocalPreview) -> PreviewData {
    use crate::api::storage::{ColumnType, Compression, PreviewKind};
    let mut d = PreviewData::default();
    let kind = match p.kind {
        PreviewKind::Delimited { delimiter } => {
            d.properties.push((
                "columnDelimiter".into(),
                char::from(delimiter).escape_default().to_string(),
            ));
            "delimited"
        }
        PreviewKind::Json => "json",
        PreviewKind::JsonLines => "json lines",
        PreviewKind::Parquet => "parquet",
        PreviewKind::Binary => "binary",
    };
    d.properties.insert(0, ("fileType".into(), kind.into()));
    if p.compression == Compression::Gzip {
        d.properties.push(("compression".into(), "gzip".into()));
    }
    d.columns = p
        .columns
        .iter()
        .map(|c| {
            let ty = match c.ty {
                ColumnType::Int => "int",
                ColumnType::Float => "float",
                ColumnType::Bool => "bool",
                ColumnType::Timestamp => "timestamp",
                ColumnType::String => "string",
                ColumnType::Json => "json",
            };
            (c.name.clone(), ty.to_string())
        })
        .collect();
    if p.records.is_empty() {
        d.rows = p.rows.clone();
    } else {
        d.records = p.records.clone();
        d.rows = p
            .records
            .iter()
            .map(|r| p.columns.iter().map(|c| cell(r.get(&c.name))).collect())
            .collect();
    }
    d.notes.push(format!(
        "read {} of {}{}",
        crate::app::shared::fmt::human_size(p.bytes_read),
        crate::app::shared::fmt::human_size(p.object_size),
        if p.truncated { ", first rows only" } else { "" }
    ));
    d.notes.extend(p.notes.iter().cloned());
    d
}

/// Runs a planned transfer, reporting progress (at most one message per finished part
/// or tenth of a second of data) and how it ended; uploads and downloads are journaled
/// as the changes or reads they are.
/// A transfer as the executor starts it.
pub struct Transfer {
    pub id: u64,
    pub job: TransferJob,
    pub audit: crate::app::shared::editor::spec::Audit,
    /// Cancelled from the transfers pane; the transfer cleans up after itself.
    pub cancel: tokio_util::sync::CancellationToken,
}

pub async fn transfer(
    client: &Client,
    containers: &Containers,
    store: Option<crate::store::Store>,
    task: Transfer,
    send: &(dyn Fn(crate::app::features::dlz::DlzMsg) + Send + Sync),
) {
    use crate::api::storage::Progress;
    let Transfer {
        id,
        job,
        audit,
        cancel,
    } = task;
    let report = |p: Progress| {
        send(crate::app::features::dlz::DlzMsg::Progress {
            id,
            done: p.done_bytes,
            total: p.total_bytes,
            retries: p.retries,
        })
    };
    let result = match (store.as_ref(), &job) {
        (Some(store), TransferJob::DownloadMany { zone, files }) => {
            let plans = Some(&store.plans);
            super::dlz_many::download_all(client, containers, plans, *zone, files, &report, &cancel)
                .await
        }
        (Some(store), _) => {
            let job = (&job, (id, send));
            super::resume::start(client, containers, &store.plans, job, &report, &cancel).await
        }
        (None, _) => unplanned(client, containers, &job, &report, &cancel).await,
    };
    if let TransferJob::Upload { zone, files } = &job {
        let outcome = match &result {
            Ok(_) => "ok".to_string(),
            Err(e) => e.message.clone(),
        };
        let container = crate::app::features::dlz::keys::container_of(*zone);
        let what = json!({
            "upload": files.iter().map(|(_, d)| format!("{container}/{d}")).collect::<Vec<_>>(),
        });
        let first = files.first().map(|(_, d)| d.as_str()).unwrap_or("");
        super::dlz::journal(
            store.as_ref(),
            super::dlz::entry(&audit, "landingzone", first, what, outcome),
        )
        .await;
    }
    send(crate::app::features::dlz::DlzMsg::Finished { id, result });
}

/// Without a data directory there is no plan to keep: a transfer goes as before, each
/// file with the renewal every call has, and a cut-off one starts over.
async fn unplanned(
    client: &Client,
    containers: &Containers,
    job: &TransferJob,
    report: &(dyn Fn(crate::api::storage::Progress) + Send + Sync),
    cancel: &tokio_util::sync::CancellationToken,
) -> Result<u64, ErrorInfo> {
    let opts = crate::api::storage::TransferOptions::default();
    match job {
        TransferJob::DownloadMany { zone, files } => {
            super::dlz_many::download_all(client, containers, None, *zone, files, report, cancel)
                .await
        }
        TransferJob::Download { zone, path, dest } => containers
            .run(client, *zone, |s| {
                let opts = &opts;
                async move { s.download(path, dest, opts, report, cancel).await }
            })
            .await
            .map(|e| e.size),
        TransferJob::Upload { zone, files } => {
            let mut total = 0u64;
            for (src, _) in files {
                total += tokio::fs::metadata(src).await.map_or(0, |m| m.len());
            }
            let mut sent = 0u64;
            for (src, dest) in files {
                let base = sent;
                let each = |mut p: crate::api::storage::Progress| {
                    p.done_bytes += base;
                    p.total_bytes = total;
                    report(p);
                };
                let each = &each;
                sent += containers
                    .run(client, *zone, |s| {
                        let opts = &opts;
                        async move { s.upload(src, dest, true, opts, each, cancel).await }
                    })
                    .await?
                    .size;
            }
            Ok(sent)
        }
    }
}

pub async fn delete(
    client: &Client,
    containers: &Containers,
    zone: DlzType,
    path: &str,
) -> Result<(), ErrorInfo> {
    containers
        .run(client, zone, |s| async move { s.delete(path).await })
        .await
}

/// A download's size, and whether it would replace a local file.
pub async fn plan_download(
    client: &Client,
    containers: &Containers,
    zone: DlzType,
    path: String,
    dest: PathBuf,
) -> Result<TransferPlan, ErrorInfo> {
    let entry = containers
        .run(client, zone, |s| {
            let path = &path;
            async move { s.head(path).await }
        })
        .await?
        .ok_or_else(|| storage_err(&StorageError::NotFound { path: path.clone() }))?;
    // A folder as the destination (existing, or typed with a trailing separator) takes
    // the file's name.
    let typed_dir = dest
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::MAIN_SEPARATOR);
    let dest = if typed_dir || tokio::fs::metadata(&dest).await.is_ok_and(|m| m.is_dir()) {
        dest.join(crate::app::features::dlz::paths::base_name(&path))
    } else {
        dest
    };
    let existing = if tokio::fs::try_exists(&dest).await.unwrap_or(false) {
        vec![dest.display().to_string()]
    } else {
        Vec::new()
    };
    Ok(TransferPlan {
        job: TransferJob::Download { zone, path, dest },
        bytes: entry.size,
        existing,
    })
}

/// An upload of a file, or of a folder's files (recursively) under `folder/<its name>/`,
/// with the blobs it would replace.
pub async fn plan_upload(
    client: &Client,
    containers: &Containers,
    zone: DlzType,
    src: PathBuf,
    folder: String,
) -> Result<TransferPlan, ErrorInfo> {
    let found = crate::api::storage::upload_sources(&src, &folder)
        .await
        .map_err(|e| ErrorInfo::local(format!("{}: {e}", src.display())))?;
    let bytes = found.iter().map(|(_, _, size)| size).sum();
    let files: Vec<(PathBuf, String)> = found.into_iter().map(|(p, r, _)| (p, r)).collect();
    if files.is_empty() {
        return Err(ErrorInfo::local(format!(
            "{}: no files to upload",
            src.display()
        )));
    }
    let existing = containers
        .run(client, zone, |s| {
            let files = &files;
            async move {
                let mut existing = Vec::new();
                for (_, blob) in files {
                    if s.head(blob).await?.is_some() {
                        existing.push(blob.clone());
                    }
                }
                Ok(existing)
            }
        })
        .await?;
    Ok(TransferPlan {
        job: TransferJob::Upload { zone, files },
        bytes,
        existing,
    })
}
