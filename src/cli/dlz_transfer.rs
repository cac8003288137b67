//! `flowscope dlz upload|download|transfers|resume|discard`: landing-zone transfers from
//! the command line. Every transfer runs under a plan kept in the data directory
//! (`transfers/ID.json`): a large file's parts, or a folder's files; one cut off (Ctrl-C,
//! a crash, a kill) is listed by `dlz transfers` and goes on with `dlz resume ID`,
//! sending or fetching only what is missing. Uploads are remote changes: confirmed, journaled, refused under --read-only.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use super::args::{DlzCmd, Output, TransferArgs};
use super::change::Changes;
use super::columns::{Labels, Resource};
use super::error::{CliError, CliResult};
use super::output::ListWriter;
use crate::api::storage::{
    Direction, Plan, Plans, Progress, Storage, StorageError, TransferOptions, upload_sources,
};
use crate::model::DlzType;
use crate::store::Store;

pub async fn run(ch: &Changes<'_>, cmd: DlzCmd) -> CliResult {
    let plans = Store::default_location()
        .map(|s| s.plans)
        .ok_or_else(|| CliError::Io("no data directory to keep transfer plans in".into()))?;
    match cmd {
        DlzCmd::Upload {
            src,
            dest,
            overwrite,
            transfer,
        } => upload(ch, &plans, &src, dest.as_deref(), overwrite, &transfer).await,
        DlzCmd::Download {
            path,
            dest,
            transfer,
        } => download(ch, &plans, &path, dest, &transfer).await,
        DlzCmd::Transfers { output } => list(&plans, output),
        DlzCmd::Resume { id, all, transfer } => {
            let todo: Vec<Plan> = match id {
                Some(id) => vec![
                    plans
                        .load(&id)
                        .map_err(|e| CliError::Usage(e.to_string()))?,
                ],
                None if all => plans.jobs(),
                None => Vec::new(),
            };
            let mut failed = 0usize;
            for plan in todo {
                if let Err(e) = resume(ch, &plans, plan, &transfer).await {
                    eprintln!("flowscope: {e}");
                    failed += 1;
                }
            }
            match failed {
                0 => Ok(()),
                n => Err(CliError::Remote(format!("{n} transfer(s) did not finish"))),
            }
        }
        DlzCmd::Discard { id } => {
            let plan = plans
                .load(&id)
                .map_err(|e| CliError::Usage(e.to_string()))?;
            ch.confirm(&format!("discard transfer {id} ({})", what(&plan)))?;
            let storage = open(ch, &plan.zone).await?;
            let result = storage.discard(&plan, &plans).await;
            if plan.direction == Direction::Upload {
                journal(ch, &plan, "discard", &result);
            }
            result.map_err(|e| CliError::Remote(format!("discarding {id}: {e}")))?;
            println!("discarded {id}");
            Ok(())
        }
        other => Err(CliError::Usage(format!(
            "not a transfer command: {other:?}"
        ))),
    }
}

pub(super) fn zone(s: &str) -> CliResult<DlzType> {
    s.parse().map_err(|_| {
        CliError::Usage(format!(
            "unknown zone type {s}: use user_drop_zone or dlz_destination"
        ))
    })
}

fn options(t: &TransferArgs) -> TransferOptions {
    TransferOptions {
        part_size: t.part_size_mib * 1024 * 1024,
        concurrency: usize::from(t.parallel),
        ..TransferOptions::default()
    }
}

/// The zone's container, opened with the credentials the DLZ API hands out now: a
/// resumed transfer never reuses old ones (they are not kept), so expired ones are
/// renewed by the service before the first byte.
async fn open(ch: &Changes<'_>, zone_name: &str) -> CliResult<Storage> {
    let creds = ch
        .conn
        .client
        .landing_zone_credentials(zone(zone_name)?)
        .await?;
    Storage::open(&creds, &ch.conn.storage).map_err(|e| CliError::Remote(e.to_string()))
}

fn what(plan: &Plan) -> String {
    match plan.direction {
        Direction::Upload if plan.is_job() && plan.files.len() > 1 => format!(
            "upload {} files from {} → {}/{}",
            plan.files.len(),
            plan.local.display(),
            plan.zone,
            plan.remote
        ),
        Direction::Upload => format!(
            "upload {} → {}/{}",
            plan.local.display(),
            plan.zone,
            plan.remote
        ),
        Direction::Download => format!(
            "download {}/{} → {}",
            plan.zone,
            plan.remote,
            plan.local.display()
        ),
    }
}

fn journal(ch: &Changes<'_>, plan: &Plan, action: &str, result: &Result<impl Sized, StorageError>) {
    let outcome = match result {
        Ok(_) => "ok".to_string(),
        Err(e) => e.to_string(),
    };
    let what = if plan.is_job() {
        let files: Vec<String> = plan
            .files
            .iter()
            .map(|f| format!("{}/{}", plan.zone, f.remote))
            .collect();
        json!({ action: files, "transfer": plan.id })
    } else {
        json!({ action: format!("{}/{}", plan.zone, plan.remote), "transfer": plan.id })
    };
    ch.journal(
        ch.conn.client.sandbox_name(),
        "landingzone",
        &plan.remote,
        what,
        &outcome,
    );
}

/// A progress line on a terminal's standard error, at most one per percent.
fn progress_line() -> impl Fn(Progress) + Send + Sync {
    let tty = std::io::stderr().is_terminal();
    let last = std::sync::atomic::AtomicU64::new(u64::MAX);
    move |p: Progress| {
        let pct = (p.done_bytes * 100)
            .checked_div(p.total_bytes)
            .unwrap_or(100);
        if tty && last.swap(pct, std::sync::atomic::Ordering::Relaxed) != pct {
            eprint!("\r{pct:>3}% of {} bytes", p.total_bytes);
        }
    }
}

/// Runs a saved plan to its end, Ctrl-C cancelling it (the plan stays to resume).
async fn run_plan(
    storage: &Storage,
    plans: &Plans,
    plan: Plan,
    t: &TransferArgs,
) -> Result<u64, StorageError> {
    let cancel = CancellationToken::new();
    let on_signal = cancel.clone();
    let watcher = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_signal.cancel();
        }
    });
    let progress = progress_line();
    let result = storage
        .resume(plan, plans, &options(t), &progress, &cancel)
        .await;
    watcher.abort();
    if std::io::stderr().is_terminal() {
        eprintln!();
    }
    result
}

/// What the user is told when a transfer stops short: the error and how to go on.
fn interrupted(plan: &Plan, e: &StorageError) -> CliError {
    eprintln!(
        "flowscope: transfer {id} interrupted; resume it with `flowscope dlz resume {id}` (or `flowscope dlz discard {id}`)",
        id = plan.id
    );
    CliError::Remote(format!("{}: {e}", what(plan)))
}

async fn upload(
    ch: &Changes<'_>,
    plans: &Plans,
    src: &Path,
    folder: Option<&str>,
    overwrite: bool,
    t: &TransferArgs,
) -> CliResult {
    let found = upload_sources(src, folder.unwrap_or(""))
        .await
        .map_err(|e| CliError::Usage(format!("{}: {e}", src.display())))?;
    let bytes: u64 = found.iter().map(|(_, _, size)| size).sum();
    let files: Vec<(PathBuf, String)> = found.into_iter().map(|(p, r, _)| (p, r)).collect();
    let target = match files.as_slice() {
        [] => {
            return Err(CliError::Usage(format!(
                "{}: no files to upload",
                src.display()
            )));
        }
        [(_, dest)] => format!("{}/{dest}", t.r#type),
        many => format!("{} files under {}/", many.len(), t.r#type),
    };
    ch.confirm(&format!(
        "upload {} ({bytes} bytes) to {target}",
        src.display()
    ))?;
    let storage = open(ch, &t.r#type).await?;
    let plan = storage
        .plan_uploads(&files, &t.r#type, overwrite, &options(t))
        .await
        .map_err(|e| match e {
            StorageError::AlreadyExists { .. } => {
                CliError::Remote(format!("{e}; pass --overwrite to replace it"))
            }
            e => CliError::Remote(e.to_string()),
        })?;
    plans.save(&plan).map_err(|e| CliError::Io(e.to_string()))?;
    finish(ch, plans, &storage, plan, t).await
}

async fn download(
    ch: &Changes<'_>,
    plans: &Plans,
    path: &str,
    dest: Option<PathBuf>,
    t: &TransferArgs,
) -> CliResult {
    let path = path.trim_start_matches('/');
    let container = zone(&t.r#type)?;
    let path = path
        .strip_prefix(&format!(
            "{}/",
            crate::app::features::dlz::keys::container_of(container)
        ))
        .unwrap_or(path);
    let name = path.rsplit('/').next().unwrap_or(path).to_string();
    let dest = match dest {
        None => PathBuf::from(&name),
        Some(d) if d.is_dir() => d.join(&name),
        Some(d) => d,
    };
    if dest.exists() {
        return Err(CliError::Usage(format!(
            "{} exists: remove it or name another destination",
            dest.display()
        )));
    }
    let storage = open(ch, &t.r#type).await?;
    let plan = storage
        .plan_download(path, &dest, &t.r#type, &options(t))
        .await
        .map_err(|e| CliError::Remote(e.to_string()))?;
    plans.save(&plan).map_err(|e| CliError::Io(e.to_string()))?;
    finish(ch, plans, &storage, plan, t).await
}

/// Runs a saved plan and says how it ended; an upload is journaled.
async fn finish(
    ch: &Changes<'_>,
    plans: &Plans,
    storage: &Storage,
    plan: Plan,
    t: &TransferArgs,
) -> CliResult {
    let result = run_plan(storage, plans, plan.clone(), t).await;
    if plan.direction == Direction::Upload {
        journal(ch, &plan, "upload", &result);
    }
    match result {
        Ok(size) => {
            let verb = match plan.direction {
                Direction::Upload => "uploaded",
                Direction::Download => "downloaded",
            };
            let (from, to) = match plan.direction {
                Direction::Upload => (
                    plan.local.display().to_string(),
                    format!("{}/{}", plan.zone, plan.remote),
                ),
                Direction::Download => (
                    format!("{}/{}", plan.zone, plan.remote),
                    plan.local.display().to_string(),
                ),
            };
            println!("{verb} {from} → {to} ({size} bytes)");
            Ok(())
        }
        Err(e) => Err(interrupted(&plan, &e)),
    }
}

async fn resume(ch: &Changes<'_>, plans: &Plans, plan: Plan, t: &TransferArgs) -> CliResult {
    if plan.direction == Direction::Upload {
        ch.confirm(&format!("resume {} ({})", plan.id, what(&plan)))?;
    }
    let storage = open(ch, &plan.zone).await?;
    finish(ch, plans, &storage, plan, t).await
}

fn list(plans: &Plans, output: Output) -> CliResult {
    let items: Vec<Value> = plans
        .jobs()
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "direction": p.direction,
                "local": p.local.display().to_string(),
                "remote": format!("{}/{}", p.zone, p.remote),
                "zone": p.zone,
                "store": p.store,
                "doneBytes": plans.done_bytes(p),
                "files": p.files.len().max(1),
                "size": p.size,
                "parts": p.parts,
                "started": p.started,
            })
        })
        .collect();
    let mut w = ListWriter::new(
        BufWriter::new(std::io::stdout().lock()),
        output,
        Resource::Transfers,
        Labels::default(),
    );
    w.page(&items)?;
    w.finish()?;
    std::io::stdout().flush()?;
    Ok(())
}
