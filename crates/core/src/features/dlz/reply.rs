//! What the landing zone does with an answer: a question's `y` (refresh the credentials,
//! delete, overwrite) or a path typed at a prompt (download to, upload from), and the
//! transfer plan checked against what already exists before it starts.

use super::keys::ask;
use super::keys::container_of;
use super::keys::refused;
use crate::effect::Effect;
use crate::features::dlz::{DlzEffect, TransferJob, TransferPlan};
use crate::shared::editor::spec::Audit;
use crate::shared::table::Tone;
use crate::state::App;
use crate::view::View;
use flowscope_model::DlzType;
use std::path::PathBuf;

/// What a landing-zone question sends on `y`.
#[derive(Debug)]
pub enum DlzReply {
    /// The local path a file is downloaded to (typed at the prompt).
    DownloadTo {
        zone: DlzType,
        path: String,
    },
    /// The local folder marked files are downloaded into (typed at the prompt): each
    /// file's blob path and size.
    DownloadManyTo {
        zone: DlzType,
        files: Vec<(String, u64)>,
    },
    /// The local file or folder uploaded into `folder` (typed at the prompt).
    UploadFrom {
        zone: DlzType,
        folder: String,
    },
    Refresh {
        zone: DlzType,
    },
    Delete {
        zone: DlzType,
        path: String,
    },
    Transfer {
        plan: TransferPlan,
    },
    /// Resume transfer `id` from its plan.
    Resume {
        id: u64,
    },
    /// Give transfer `id` up.
    Discard {
        id: u64,
    },
}

/// The path typed in the download or upload box: plan the transfer (sizes, what
/// exists). An empty path stays in the box with a word.
pub fn typed(
    app: &mut App,
    reply: DlzReply,
    value: &str,
) -> Result<Vec<Effect>, (DlzReply, String)> {
    let value = value.trim();
    if value.is_empty() {
        return Err((reply, "type a local path".into()));
    }
    app.overlay = None;
    // `~` is the runtime's to expand: the core does not read the environment.
    let local = PathBuf::from(value);
    Ok(match reply {
        DlzReply::DownloadTo { zone, path } => vec![Effect::Dlz(DlzEffect::PlanDownload {
            zone,
            path,
            dest: local,
            sandbox: app.target.sandbox.clone(),
        })],
        DlzReply::DownloadManyTo { zone, files } => {
            vec![Effect::Dlz(DlzEffect::PlanDownloadMany {
                zone,
                files,
                dest: local,
                sandbox: app.target.sandbox.clone(),
            })]
        }
        DlzReply::UploadFrom { zone, folder } => vec![Effect::Dlz(DlzEffect::PlanUpload {
            zone,
            src: local,
            folder,
            sandbox: app.target.sandbox.clone(),
        })],
        other => answered(app, other, true),
    })
}

/// A transfer planned. An upload always asks (it changes the landing zone); a download
/// asks only when it would replace a local file.
pub fn planned(app: &mut App, plan: TransferPlan) -> Vec<Effect> {
    let upload = match &plan.job {
        TransferJob::Upload { files, .. } => Some(files),
        TransferJob::Download { .. } | TransferJob::DownloadMany { .. } => None,
    };
    if upload.is_some() && app.read_only {
        return refused(app);
    }
    if upload.is_none() && plan.existing.is_empty() {
        return start_transfer(app, plan);
    }
    // A plan can take a while (a HEAD per file): a question arriving while the user types
    // elsewhere must not take their keys as its answer.
    if app.overlay.is_some() {
        app.toast(
            "the transfer was not started: another dialog was open; ask again",
            true,
        );
        return Vec::new();
    }
    let mut lines: Vec<(Tone, String)> = super::many::head(&plan).into_iter().collect();
    if let Some(files) = upload {
        let dest = files
            .first()
            .map(|(_, d)| crate::features::dlz::paths::parent(d))
            .unwrap_or_default();
        let container = match &plan.job {
            TransferJob::Upload { zone, .. } => container_of(*zone),
            TransferJob::Download { .. } | TransferJob::DownloadMany { .. } => "",
        };
        lines.push((
            Tone::Plain,
            format!(
                "Upload {} {} ({}) into {container}/{dest}?",
                files.len(),
                if files.len() == 1 { "file" } else { "files" },
                crate::shared::fmt::human_size(plan.bytes),
            ),
        ));
        lines.extend(
            files
                .iter()
                .take(8)
                .map(|(src, d)| (Tone::Dim, format!("  {} → {d}", src.display()))),
        );
        if files.len() > 8 {
            lines.push((Tone::Dim, format!("  … and {} more", files.len() - 8)));
        }
        lines.push((Tone::Plain, String::new()));
    }
    if !plan.existing.is_empty() {
        lines.push((
            Tone::Warn,
            format!(
                "{} {} and will be replaced:",
                plan.existing.len(),
                if plan.existing.len() == 1 {
                    "file already exists"
                } else {
                    "files already exist"
                }
            ),
        ));
        lines.push((Tone::Plain, String::new()));
    }
    lines.extend(
        plan.existing
            .iter()
            .take(12)
            .map(|p| (Tone::Plain, format!("  {p}"))),
    );
    if plan.existing.len() > 12 {
        lines.push((
            Tone::Dim,
            format!("  … and {} more", plan.existing.len() - 12),
        ));
    }
    let question = match (upload.is_some(), plan.existing.is_empty()) {
        (true, true) => ("upload", "upload"),
        (true, false) => ("upload", "upload and replace"),
        (false, _) => ("overwrite?", "overwrite"),
    };
    ask(app, question, lines, DlzReply::Transfer { plan })
}

pub(super) fn start_transfer(app: &mut App, plan: TransferPlan) -> Vec<Effect> {
    let id = app.next_id();
    let now = app.now_ms;
    app.dlz
        .transfers
        .start(id, plan.job.clone(), plan.bytes, now);
    let what = app
        .dlz
        .transfers
        .get_mut(id)
        .map(|t| format!("{} started: {}", t.verb(), t.what()))
        .unwrap_or_default();
    app.toast(format!("{what} (J shows transfers)"), false);
    vec![Effect::Dlz(DlzEffect::Transfer {
        id,
        job: plan.job,
        audit: Audit::of(app),
    })]
}

/// A landing-zone question answered: `y` sends it, unless the session is read-only and
/// it would change the landing zone (a download only replaces a local file).
pub fn answered(app: &mut App, then: DlzReply, yes: bool) -> Vec<Effect> {
    if !yes {
        return Vec::new();
    }
    if let DlzReply::Resume { .. } | DlzReply::Discard { .. } = then {
        return super::resume::answered(app, then);
    }
    let is_download = matches!(&then, DlzReply::Transfer { plan } if plan.job.is_download());
    if app.read_only && !is_download {
        return refused(app);
    }
    match then {
        DlzReply::Refresh { zone } => {
            let slot = app.view().map_or(0, View::slot);
            if let Some(View::Creds(c)) = app.view_mut() {
                c.refreshing = true;
                c.refresh_error = None;
            }
            vec![Effect::Dlz(DlzEffect::Refresh {
                slot,
                zone,
                audit: Audit::of(app),
            })]
        }
        DlzReply::Delete { zone, path } => {
            let slot = app.view().map_or(0, View::slot);
            vec![Effect::Dlz(DlzEffect::Delete {
                slot,
                zone,
                path,
                audit: Audit::of(app),
            })]
        }
        DlzReply::Transfer { plan } => start_transfer(app, plan),
        // Prompts' replies come back through `typed`, with their text; resumes were
        // answered above.
        DlzReply::DownloadTo { .. }
        | DlzReply::DownloadManyTo { .. }
        | DlzReply::UploadFrom { .. }
        | DlzReply::Resume { .. }
        | DlzReply::Discard { .. } => Vec::new(),
    }
}
