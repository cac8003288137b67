//! Retrying one failed run (`t` on a run's row, `ctrl-r` in its detail): the run is read
//! first when only its row is at hand, so the question can show its flow, status and
//! first error; a run that did not fail is said so and nothing is sent. `y` sends
//! `POST /runs/{id}/action?op=RE_TRIGGER` once (journaled by the runtime), and the run,
//! attempted again, is watched as a triggered run is.

use serde_json::Value;

use crate::effect::Effect;
use crate::features::runs::keys::{label, refused};
use crate::features::runs::reply::RunsReply;
use crate::features::runs::{Pending, status, summary, watch};
use crate::overlay::Overlay;
use crate::reply::Reply;
use crate::shared::ask::Ask;
use crate::shared::editor::spec::Audit;
use crate::shared::effect::{Change, Outcome, Request};
use crate::shared::fmt::short_id;
use crate::shared::nav::{ListKind, ObjKind};
use crate::shared::pane::ErrorInfo;
use crate::shared::table::{Tone, s};
use crate::state::App;
use crate::view::View;

/// `t` on a run's row or `ctrl-r` in a run's detail: the question about that run (a
/// row's run is read first). None where no run is in view (the flow is triggered).
pub fn in_view(app: &mut App) -> Option<Vec<Effect>> {
    match app.view()? {
        View::List(l) if l.kind == ListKind::Runs => from_row(app),
        View::Run(_) => Some(from_pane(app)),
        View::Detail(d) if d.kind == ObjKind::Run => Some(from_pane(app)),
        _ => None,
    }
}

/// The selected run of a runs list is read, then asked about.
fn from_row(app: &mut App) -> Option<Vec<Effect>> {
    let id = match app.view() {
        Some(View::List(l)) => l.selected_row()?.id().to_string(),
        _ => return None,
    };
    if app.read_only {
        return Some(refused(app));
    }
    let (slot, ticket) = (app.next_id(), app.next_id());
    app.runs.reads.insert(slot);
    Some(vec![Effect::Fetch {
        slot,
        ticket,
        request: Request::Get {
            kind: ObjKind::Run,
            id,
        },
    }])
}

/// The run shown (read for people, or as JSON) is asked about.
fn from_pane(app: &mut App) -> Vec<Effect> {
    let value = match app.view() {
        Some(View::Run(r)) => r.value.clone(),
        Some(View::Detail(d)) => d.value.clone(),
        _ => return Vec::new(),
    };
    let Some(run) = value else {
        app.toast("the run is still being read: try again when it shows", true);
        return Vec::new();
    };
    if app.read_only {
        return refused(app);
    }
    ask(app, &run);
    Vec::new()
}

/// A run read for a retry arrived (or could not be read). False when `slot` is not
/// one of these reads.
pub fn read(app: &mut App, slot: u64, result: Result<Value, ErrorInfo>) -> bool {
    if !app.runs.reads.remove(&slot) {
        return false;
    }
    match result {
        // The question opens only over the pane it was asked from, never over another
        // overlay opened meanwhile.
        Ok(run) if app.overlay.is_none() => ask(app, &run),
        Ok(_) => {}
        Err(e) => app.toast(format!("cannot read the run to retry: {}", e.message), true),
    }
    true
}

fn flow_name(app: &App, run: &Value) -> String {
    let flow_id = s(run, "/flowId");
    let name = app.names.flows.get(flow_id).cloned().unwrap_or_default();
    label(&name, flow_id)
}

/// The question, or (for a run that did not fail) why there is none.
fn ask(app: &mut App, run: &Value) {
    let id = s(run, "/id").to_string();
    let flow = flow_name(app, run);
    let st = status(run).to_string();
    if st != "failed" {
        let st = if st.is_empty() {
            "of unknown status"
        } else {
            &st
        };
        app.toast(
            format!(
                "run {} of {flow} is {st}: only a failed run is retried; nothing sent",
                short_id(&id)
            ),
            true,
        );
        return;
    }
    let mut lines = vec![
        (
            Tone::Plain,
            format!("Retry run {} of {flow}?", short_id(&id)),
        ),
        (Tone::Plain, String::new()),
        (Tone::Plain, format!("run     {id}")),
        (Tone::Plain, format!("flow    {flow}")),
        (Tone::Failed, format!("status  {st}")),
    ];
    if let Some(e) = summary::errors(run).into_iter().next() {
        lines.push((Tone::Failed, format!("error   {} {}", e.code, e.message)));
    }
    lines.push((Tone::Plain, String::new()));
    lines.push((
        Tone::Running,
        format!("POST /data/foundation/flowservice/runs/{id}/action?op=RE_TRIGGER"),
    ));
    lines.push((
        Tone::Dim,
        "The run is attempted again, then watched until it ends.".into(),
    ));
    lines.push((
        Tone::Dim,
        "Sent once: if the answer is lost, look before sending again.".into(),
    ));
    let reply = RunsReply::Retry {
        id,
        flow_id: s(run, "/flowId").to_string(),
        flow_name: flow,
    };
    let ask = Ask::new("retry a run", "retry", lines, reply).map(Reply::Runs);
    app.overlay = Some(Overlay::Ask(Box::new(ask)));
}

/// `y`: the retry is sent once.
pub(crate) fn send(app: &mut App, id: String, flow_name: String) -> Vec<Effect> {
    let slot = app.next_id();
    app.runs.pending.insert(
        slot,
        Pending::Retry {
            run_id: id.clone(),
            flow_name: flow_name.clone(),
            sandbox: app.target.sandbox.clone(),
        },
    );
    app.toast(
        format!("retrying run {} of {flow_name}…", short_id(&id)),
        false,
    );
    vec![Effect::Submit {
        slot,
        change: Change::RetryRun { id },
        audit: Audit::of(app),
    }]
}

/// How the retry ended: the run as it now is, shown everywhere and watched; or the
/// service's refusal with its code; or a lost answer, said so (the user looks before
/// retrying again).
pub(crate) fn ended(app: &mut App, run_id: &str, flow_name: &str, outcome: Outcome) {
    let short = short_id(run_id);
    match outcome {
        Outcome::Sent {
            object: Some(run), ..
        } => {
            watch::show_run(app, &run);
            watch::start(app, &run, flow_name);
            app.toast(
                format!(
                    "run {short} of {flow_name} retried: {}",
                    status(&run)
                ),
                false,
            );
        }
        Outcome::Sent { object: None, .. } => {
            app.toast(format!("run {short} of {flow_name} retried"), false);
        }
        Outcome::Failed {
            error,
            unsure: true,
            ..
        } => app.toast(
            format!(
                "no answer to the retry of run {short} ({}): it may have been retried; look at the run before retrying again",
                error.message
            ),
            true,
        ),
        Outcome::Failed { error, .. } | Outcome::Conflict { error, .. } => app.toast(
            format!("retry of run {short} refused: {}", error.message),
            true,
        ),
    }
}
