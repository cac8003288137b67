//! Watching a triggered run: it is read again with backoff (1 s, doubling up to 30 s)
//! until it ends, and only while a pane that shows runs is in view; each new state
//! reaches every pane that shows the run, and its end is announced with a toast (and
//! the terminal bell when it is on).

use serde_json::Value;

use crate::effect::Effect;
use crate::features::runs::{is_final, status};
use crate::shared::fmt::duration;
use crate::shared::fmt::short_id;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::pane::ErrorInfo;
use crate::shared::table::int;
use crate::state::App;
use crate::view::View;

pub const FIRST_POLL_MS: i64 = 1_000;
pub const MAX_POLL_MS: i64 = 30_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Watch {
    pub run_id: String,
    pub flow_id: String,
    pub flow_name: String,
    pub status: String,
    /// The next read is due at this instant (app clock).
    pub due_ms: i64,
    pub delay_ms: i64,
    /// A read was asked for and has not come back: never two at once.
    pub in_flight: bool,
}

/// Starts watching `run` (just created, as the service returned it).
pub fn start(app: &mut App, run: &Value, flow_name: &str) {
    let Some(id) = run.get("id").and_then(Value::as_str) else {
        return;
    };
    let st = status(run).to_string();
    if is_final(&st) || app.runs.watches.iter().any(|w| w.run_id == id) {
        return;
    }
    app.runs.watches.push(Watch {
        run_id: id.to_string(),
        flow_id: crate::shared::table::s(run, "/flowId").to_string(),
        flow_name: flow_name.to_string(),
        status: st,
        due_ms: app.now_ms + FIRST_POLL_MS,
        delay_ms: FIRST_POLL_MS,
        in_flight: false,
    });
}

/// Whether the pane in front shows runs (or a flow, whose runs they are, or the summary
/// of an action on many, whose retried runs are watched). Watches wait while it does
/// not: nobody is looking, and the service is not asked for nothing.
pub fn runs_in_view(app: &App) -> bool {
    match app.view() {
        Some(View::List(l)) => matches!(
            l.kind,
            ListKind::Runs
                | ListKind::Flows
                | ListKind::Live
                | ListKind::Failures
                | ListKind::BulkEnds
        ),
        Some(View::Detail(d)) => matches!(d.kind, ObjKind::Run | ObjKind::Flow),
        Some(View::Run(_)) | Some(View::History(_)) => true,
        Some(View::Graph(_))
        | Some(View::Editor(_))
        | Some(View::Zones(_))
        | Some(View::Creds(_))
        | Some(View::Preview(_))
        | Some(View::Transfers(_))
        | Some(View::Build(_))
        | None => false,
    }
}

/// The reads that have come due.
pub fn tick(app: &mut App) -> Vec<Effect> {
    if app.runs.watches.is_empty() || !runs_in_view(app) {
        return Vec::new();
    }
    let now = app.now_ms;
    app.runs
        .watches
        .iter_mut()
        .filter(|w| !w.in_flight && now >= w.due_ms)
        .map(|w| {
            w.in_flight = true;
            Effect::Poll {
                run_id: w.run_id.clone(),
            }
        })
        .collect()
}

/// A watched run was read.
pub fn polled(app: &mut App, run_id: &str, result: Result<Value, ErrorInfo>) -> Vec<Effect> {
    let Some(i) = app.runs.watches.iter().position(|w| w.run_id == run_id) else {
        return Vec::new();
    };
    let now = app.now_ms;
    let run = match result {
        Ok(run) => run,
        Err(e) if e.not_found() => {
            let w = app.runs.watches.remove(i);
            app.toast(
                format!(
                    "run {} of {} is gone: {}",
                    short_id(&w.run_id),
                    w.flow_name,
                    e.message
                ),
                true,
            );
            return Vec::new();
        }
        Err(_) => {
            // A read that failed (after the client's own retries) is tried again later;
            // the run is still going as far as anyone knows.
            let w = &mut app.runs.watches[i];
            w.in_flight = false;
            w.delay_ms = (w.delay_ms * 2).min(MAX_POLL_MS);
            w.due_ms = now + w.delay_ms;
            return Vec::new();
        }
    };
    let st = status(&run).to_string();
    show_run(app, &run);
    if !is_final(&st) {
        let w = &mut app.runs.watches[i];
        w.status = st;
        w.in_flight = false;
        w.delay_ms = (w.delay_ms * 2).min(MAX_POLL_MS);
        w.due_ms = now + w.delay_ms;
        return Vec::new();
    }
    let w = app.runs.watches.remove(i);
    app.toast(ended(&w, &run), st != "success");
    let told = &mut app.runs.announced;
    if told.len() >= super::ANNOUNCED_KEPT {
        told.pop_front();
    }
    told.push_back(w.run_id.clone());
    if app.runs.bell {
        vec![Effect::Bell]
    } else {
        Vec::new()
    }
}

/// `run 1a2b3c4d… of Orders ended: failed · 1200 in, 1200 failed · 1m05s · CONNECTOR-2001-500`
fn ended(w: &Watch, run: &Value) -> String {
    let st = status(run);
    let count = |p: &str| int(run, p).unwrap_or(0);
    let mut text = format!(
        "run {} of {} ended: {st} · {} in, {} failed",
        short_id(&w.run_id),
        w.flow_name,
        count("/metrics/recordSummary/inputRecordCount"),
        count("/metrics/recordSummary/failedRecordCount"),
    );
    if let (Some(a), Some(b)) = (
        int(run, "/metrics/durationSummary/startedAtUTC"),
        int(run, "/metrics/durationSummary/completedAtUTC"),
    ) {
        text.push_str(&format!(" · {}", duration(b - a)));
    }
    if let Some(code) = crate::features::runs::summary::errors(run)
        .first()
        .map(|e| e.code.clone())
    {
        text.push_str(&format!(" · {code}"));
    }
    text
}

/// Puts a fresher copy of a run in every pane that shows it, and in its flow's
/// sparkline.
pub fn show_run(app: &mut App, run: &Value) {
    crate::nav::replace_everywhere(app, run.clone());
    crate::features::runs::recent::note_run(app, run);
}
