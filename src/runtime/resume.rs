//! Transfers that survive a restart, on the executor's side: every transfer runs under a
//! plan in the data directory (`transfers/ID.json`): a download or a large file's upload
//! a plan of parts, any other upload (a folder, several files, a small file) a job of
//! files. At start the plans left over are listed for `J`; `R` resumes one with the
//! zone's current credentials (renewed first when the cached ones expired); `X` discards
//! one.

use serde_json::json;

use super::dlz::{Containers, entry, journal};
use crate::api::Client;
use crate::api::storage::{Direction, Plan, Plans, ProgressFn, StorageError, TransferOptions};
use crate::app::features::dlz::keys::container_of;
use crate::app::features::dlz::{DlzMsg, Saved, TransferJob};
use crate::app::shared::editor::spec::Audit;
use crate::app::shared::pane::ErrorInfo;
use crate::model::DlzType;
use crate::store::Store;

/// What the core knows of a plan: its job and how far it got.
pub fn saved(plans: &Plans, plan: &Plan) -> Option<Saved> {
    let zone: DlzType = plan.zone.parse().ok()?;
    let job = match plan.direction {
        Direction::Download => TransferJob::Download {
            zone,
            path: plan.remote.clone(),
            dest: plan.local.clone(),
        },
        Direction::Upload if plan.is_job() => TransferJob::Upload {
            zone,
            files: plan
                .files
                .iter()
                .map(|f| (f.local.clone(), f.remote.clone()))
                .collect(),
        },
        Direction::Upload => TransferJob::Upload {
            zone,
            files: vec![(plan.local.clone(), plan.remote.clone())],
        },
    };
    Some(Saved {
        plan: plan.id.clone(),
        job,
        done: plans.done_bytes(plan),
        total: plan.size,
    })
}

/// The plans on disk, as the core lists them.
pub async fn find(store: Option<Store>) -> Vec<Saved> {
    let Some(store) = store else {
        return Vec::new();
    };
    tokio::task::spawn_blocking(move || {
        let plans = &store.plans;
        plans
            .jobs()
            .iter()
            .filter_map(|p| saved(plans, p))
            .collect()
    })
    .await
    .unwrap_or_default()
}

/// The zone's container, with credentials that have not expired by their own clock:
/// expired ones are dropped and the DLZ API asked for the current ones first.
async fn fresh(
    client: &Client,
    containers: &Containers,
    zone: DlzType,
) -> Result<std::sync::Arc<super::storage::Opened>, ErrorInfo> {
    let opened = containers.get(client, zone, &containers.options()).await?;
    if !opened.storage.credentials_expired(chrono::Utc::now()) {
        return Ok(opened);
    }
    containers.drop_zone(zone).await;
    containers.get(client, zone, &containers.options()).await
}

/// Runs a saved plan on the zone's container, with the renewal every landing-zone call
/// has ([`Containers::run`]): refused credentials are asked for once and the plan, as
/// far as the disk says it got, run again, which sends only what is still missing.
pub async fn run_plan(
    client: &Client,
    containers: &Containers,
    plans: &Plans,
    plan: Plan,
    progress: ProgressFn<'_>,
    cancel: &tokio_util::sync::CancellationToken,
) -> Result<u64, ErrorInfo> {
    let zone: DlzType = plan.zone.parse().map_err(|_| {
        ErrorInfo::local(format!("transfer {}: unknown zone {}", plan.id, plan.zone))
    })?;
    // Credentials already expired by their own clock are not even tried.
    fresh(client, containers, zone).await?;
    let opts = TransferOptions::default();
    let opts = &opts;
    containers
        .run(client, zone, |s| {
            let plan = plans.load(&plan.id).unwrap_or_else(|_| plan.clone());
            async move { s.resume(plan, plans, opts, progress, cancel).await }
        })
        .await
}

/// `R`: transfer `id` goes on from plan `plan_id`.
pub async fn resume(
    client: &Client,
    containers: &Containers,
    store: Option<Store>,
    (id, plan_id, audit): (u64, String, Audit),
    cancel: tokio_util::sync::CancellationToken,
    send: &(dyn Fn(DlzMsg) + Send + Sync),
) {
    let report = |p: crate::api::storage::Progress| {
        send(DlzMsg::Progress {
            id,
            done: p.done_bytes,
            total: p.total_bytes,
            retries: p.retries,
        })
    };
    let result = match &store {
        None => Err(ErrorInfo::local(
            "no data directory: the transfer's plan is not kept",
        )),
        Some(store) => match store.plans.load(&plan_id) {
            Err(e) => Err(ErrorInfo::local(e.to_string())),
            Ok(plan) => {
                let upload = (plan.direction == Direction::Upload).then(|| plan.clone());
                let r = run_plan(client, containers, &store.plans, plan, &report, &cancel).await;
                if let Some(plan) = upload {
                    let said = r.as_ref().map_err(|e| e.message.clone());
                    journal_plan(Some(store), &audit, &plan, "upload", outcome(&said)).await;
                }
                r
            }
        },
    };
    send(DlzMsg::Finished { id, result });
}

/// `X` on a transfer that is not running: its plan and what it left are dropped.
pub async fn discard(
    client: &Client,
    containers: &Containers,
    store: Option<Store>,
    (id, plan_id, audit): (u64, String, Audit),
    send: &(dyn Fn(DlzMsg) + Send + Sync),
) {
    let result = async {
        let store = store
            .as_ref()
            .ok_or_else(|| ErrorInfo::local("no data directory"))?;
        let plan = store
            .plans
            .load(&plan_id)
            .map_err(|e| ErrorInfo::local(e.to_string()))?;
        let zone: DlzType = plan.zone.parse().unwrap_or(DlzType::UserDropZone);
        let opened = fresh(client, containers, zone).await?;
        let r = opened.storage.discard(&plan, &store.plans).await;
        if plan.direction == Direction::Upload {
            journal_plan(Some(store), &audit, &plan, "discard", outcome(&r)).await;
        }
        r.map_err(|e| containers.failed(zone, &e))
    }
    .await;
    send(DlzMsg::Discarded { id, result });
}

/// What the journal says of a transfer's end: `ok` or the error.
fn outcome<T>(result: &Result<T, impl std::fmt::Display>) -> String {
    match result {
        Ok(_) => "ok".to_string(),
        Err(e) => e.to_string(),
    }
}

async fn journal_plan(
    store: Option<&Store>,
    audit: &Audit,
    plan: &Plan,
    action: &str,
    outcome: String,
) {
    let container = plan
        .zone
        .parse()
        .map(container_of)
        .unwrap_or(plan.zone.as_str());
    let what = json!({ action: format!("{container}/{}", plan.remote), "transfer": plan.id });
    journal(
        store,
        entry(audit, "landingzone", &plan.remote, what, outcome),
    )
    .await;
}

/// A live transfer: planned (on the zone's container, with its renewal), the plan saved
/// before the first byte and reported to the core as resumable, then run.
pub async fn start(
    client: &Client,
    containers: &Containers,
    plans: &Plans,
    (job, (id, send)): (&TransferJob, (u64, &(dyn Fn(DlzMsg) + Send + Sync))),
    progress: ProgressFn<'_>,
    cancel: &tokio_util::sync::CancellationToken,
) -> Result<u64, ErrorInfo> {
    let opts = TransferOptions::default();
    let zone = job.zone();
    let plan = containers
        .run(client, zone, |s| {
            let opts = &opts;
            async move {
                match job {
                    TransferJob::Download { path, dest, .. } => {
                        s.plan_download(path, dest, zone.as_str(), opts).await
                    }
                    // Overwriting was asked about when the job was planned.
                    TransferJob::Upload { files, .. } => {
                        s.plan_uploads(files, zone.as_str(), true, opts).await
                    }
                    // Each of its files is planned on its own (`dlz_many`).
                    TransferJob::DownloadMany { .. } => Err(StorageError::Other {
                        code: None,
                        message: "a download of several files is planned file by file".into(),
                    }),
                }
            }
        })
        .await?;
    plans
        .save(&plan)
        .map_err(|e| ErrorInfo::local(format!("transfer plan: {e}")))?;
    send(DlzMsg::Resumable {
        id,
        plan: plan.id.clone(),
    });
    run_plan(client, containers, plans, plan, progress, cancel).await
}
