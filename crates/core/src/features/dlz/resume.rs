//! Transfers that survive a restart, on the core's side: those cut off before are listed
//! in `J` as "interrupted"; `R` there goes on with the one in focus (an upload asks
//! first, it changes the landing zone), `X` on one that is not running gives it up.

use super::keys::{ask, refused};
use super::reply::DlzReply;
use super::transfers::State;
use super::{DlzEffect, Saved, TransferJob};
use crate::effect::Effect;
use crate::shared::editor::spec::Audit;
use crate::shared::pane::ErrorInfo;
use crate::shared::table::Tone;
use crate::state::App;

/// The focused transfer, if it can resume: its id, plan and job.
fn selected(app: &App) -> Option<(u64, String, TransferJob)> {
    let t = app.dlz.transfers.selected()?;
    Some((t.id, t.plan.clone()?, t.job.clone())).filter(|_| t.resumable())
}

fn lines_of(app: &App, id: u64, verb: &str) -> Vec<(Tone, String)> {
    let Some(t) = app.dlz.transfers.list.iter().find(|t| t.id == id) else {
        return Vec::new();
    };
    vec![
        (Tone::Plain, format!("{verb} {} {}?", t.verb(), t.what())),
        (
            Tone::Plain,
            format!(
                "{} of {} done",
                crate::shared::fmt::human_size(t.done),
                crate::shared::fmt::human_size(t.total)
            ),
        ),
    ]
}

/// `R` in the transfers pane.
pub(super) fn resume_key(app: &mut App) -> Vec<Effect> {
    let Some((id, _, job)) = selected(app) else {
        app.toast(
            "nothing to resume here: select an interrupted, cancelled or failed transfer",
            true,
        );
        return Vec::new();
    };
    match job {
        TransferJob::Download { .. } | TransferJob::DownloadMany { .. } => start(app, id),
        TransferJob::Upload { .. } if app.read_only => refused(app),
        TransferJob::Upload { .. } => {
            let mut lines = lines_of(app, id, "Resume");
            lines.push((
                Tone::Running,
                "Only the parts the landing zone does not have are sent.".into(),
            ));
            ask(
                app,
                ("resume upload", "resume"),
                lines,
                DlzReply::Resume { id },
            )
        }
    }
}

/// `X` on a transfer that is not running: give it up, after a question.
pub(super) fn discard_key(app: &mut App) -> Option<Vec<Effect>> {
    let (id, _, job) = selected(app)?;
    if matches!(job, TransferJob::Upload { .. }) && app.read_only {
        return Some(refused(app));
    }
    let mut lines = lines_of(app, id, "Discard");
    lines.push((
        Tone::Warn,
        match job {
            TransferJob::Download { .. } | TransferJob::DownloadMany { .. } => {
                "The partial file (NAME.part) is deleted."
            }
            TransferJob::Upload { .. } => {
                "The parts sent so far are dropped (S3) or left to expire (Azure)."
            }
        }
        .into(),
    ));
    Some(ask(
        app,
        ("discard transfer", "discard"),
        lines,
        DlzReply::Discard { id },
    ))
}

/// Sends the resume of transfer `id`; it runs again in the list.
pub(super) fn start(app: &mut App, id: u64) -> Vec<Effect> {
    let now = app.now_ms;
    let audit = Audit::of(app);
    let Some(t) = app.dlz.transfers.get_mut(id) else {
        return Vec::new();
    };
    let Some(plan) = t.plan.clone() else {
        return Vec::new();
    };
    t.state = State::Running;
    t.started_ms = now;
    t.ended_ms = None;
    t.retries = 0;
    let job = t.job.clone();
    let text = format!("{} resumed: {}", t.verb(), t.what());
    app.toast(text, false);
    vec![Effect::Dlz(DlzEffect::Resume {
        id,
        plan,
        job,
        audit,
    })]
}

/// A resume or discard question answered `y`.
pub(super) fn answered(app: &mut App, reply: DlzReply) -> Vec<Effect> {
    let (id, discard) = match reply {
        DlzReply::Resume { id } => (id, false),
        DlzReply::Discard { id } => (id, true),
        _ => return Vec::new(),
    };
    let Some(t) = app.dlz.transfers.list.iter().find(|t| t.id == id) else {
        return Vec::new();
    };
    let (plan, job) = match (&t.plan, t.resumable()) {
        (Some(p), true) => (p.clone(), t.job.clone()),
        _ => return Vec::new(),
    };
    if app.read_only && matches!(job, TransferJob::Upload { .. }) {
        return refused(app);
    }
    if !discard {
        return start(app, id);
    }
    vec![Effect::Dlz(DlzEffect::Discard {
        id,
        plan,
        job,
        audit: Audit::of(app),
    })]
}

/// Transfers found on disk at start.
pub(super) fn found(app: &mut App, found: Vec<Saved>) {
    let n = found.len();
    for saved in found {
        let id = app.next_id();
        app.dlz.transfers.interrupted(id, saved);
    }
    if n > 0 {
        app.toast(
            format!("{n} interrupted transfer(s) can resume: J, then R"),
            false,
        );
    }
}

pub(super) fn discarded(app: &mut App, id: u64, result: Result<(), ErrorInfo>) {
    match result {
        Ok(()) => {
            let t = &mut app.dlz.transfers;
            t.list.retain(|x| x.id != id);
            t.selected = t.selected.min(t.list.len().saturating_sub(1));
            app.toast("transfer discarded", false);
        }
        Err(e) => app.toast(format!("cannot discard the transfer: {}", e.message), true),
    }
}
