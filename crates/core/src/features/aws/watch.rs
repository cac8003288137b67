//! Workflows created in flowscope, followed to their end as a triggered run is: each is
//! read again (GetWorkflow with its steps) on the app's clock, sooner at first and less
//! often as it goes on; while its domain's workflows or its steps are in view they are
//! read again with it, so the steps fill in; its end raises a toast with the records
//! ingested, or the failure and its description.

use serde_json::Value;

use crate::effect::Effect;
use crate::load::reload_current;
use crate::shared::effect::Request;
use crate::shared::fmt::short_id;
use crate::shared::nav::{ListKind, ObjKind, Scope};
use crate::shared::pane::ErrorInfo;
use crate::shared::table::s;
use crate::state::App;
use crate::view::View;

/// The first read, and the longest wait between two.
const FIRST_MS: i64 = 2_000;
const MAX_MS: i64 = 30_000;
/// Reads that fail in a row before the watch gives up (the client retried each already).
const GIVE_UP_AFTER: u32 = 5;

/// One workflow followed.
#[derive(Clone, Debug, PartialEq)]
pub struct Followed {
    /// Where its reads are answered.
    pub slot: u64,
    pub domain: String,
    pub id: String,
    pub status: String,
    pub due_ms: i64,
    pub delay_ms: i64,
    pub in_flight: bool,
    pub failures: u32,
}

/// Whether a workflow in this status is done: nothing more will happen to it.
pub fn ended(status: &str) -> bool {
    matches!(status, "COMPLETE" | "FAILED" | "CANCELLED" | "SPLIT")
}

/// Takes on the workflows created since the last tick, then asks for the reads due.
pub fn tick(app: &mut App) -> Vec<Effect> {
    let created: Vec<String> = app
        .created
        .iter()
        .filter(|(kind, _)| *kind == ObjKind::AwsWorkflow)
        .map(|(_, id)| id.clone())
        .collect();
    app.created
        .retain(|(kind, _)| *kind != ObjKind::AwsWorkflow);
    for full in created {
        let Some((domain, id)) = full.split_once('/') else {
            continue;
        };
        if app.aws.followed.iter().any(|f| f.id == id) {
            continue;
        }
        let slot = app.next_id();
        app.aws.followed.push(Followed {
            slot,
            domain: domain.to_string(),
            id: id.to_string(),
            status: "NOT_STARTED".into(),
            due_ms: app.now_ms + FIRST_MS,
            delay_ms: FIRST_MS,
            in_flight: false,
            failures: 0,
        });
    }
    let now = app.now_ms;
    app.aws
        .followed
        .iter_mut()
        .filter(|f| !f.in_flight && now >= f.due_ms)
        .map(|f| {
            f.in_flight = true;
            Effect::Fetch {
                slot: f.slot,
                ticket: 0,
                request: Request::Get {
                    kind: ObjKind::AwsWorkflow,
                    id: format!("{}/{}", f.domain, f.id),
                },
            }
        })
        .collect()
}

/// A read of a followed workflow; false when `slot` is not one.
pub fn read(app: &mut App, slot: u64, result: Result<Value, ErrorInfo>) -> (bool, Vec<Effect>) {
    let Some(i) = app.aws.followed.iter().position(|f| f.slot == slot) else {
        return (false, Vec::new());
    };
    let now = app.now_ms;
    let wf = match result {
        Ok(wf) => wf,
        Err(e) if e.not_found() || app.aws.followed[i].failures + 1 >= GIVE_UP_AFTER => {
            let f = app.aws.followed.remove(i);
            app.toast(
                format!(
                    "workflow {} of {} is no longer followed: {}",
                    short_id(&f.id),
                    f.domain,
                    e.message
                ),
                true,
            );
            return (true, Vec::new());
        }
        Err(_) => {
            let f = &mut app.aws.followed[i];
            f.failures += 1;
            f.in_flight = false;
            f.delay_ms = (f.delay_ms * 2).min(MAX_MS);
            f.due_ms = now + f.delay_ms;
            return (true, Vec::new());
        }
    };
    let status = s(&wf, "/Status").to_string();
    let changed = status != app.aws.followed[i].status;
    let fx = if in_view(app, &app.aws.followed[i]) {
        reload_current(app)
    } else {
        Vec::new()
    };
    if ended(&status) {
        let f = app.aws.followed.remove(i);
        let (text, bad) = end_text(&f, &wf);
        app.toast(text, bad);
        return (true, fx);
    }
    let f = &mut app.aws.followed[i];
    f.failures = 0;
    f.in_flight = false;
    f.status = status;
    // A workflow that moved is read again soon; one that waits, less and less often.
    f.delay_ms = if changed {
        FIRST_MS
    } else {
        (f.delay_ms * 2).min(MAX_MS)
    };
    f.due_ms = now + f.delay_ms;
    (true, fx)
}

/// Whether the pane in front shows this workflow: its domain's workflows or its steps.
fn in_view(app: &App, f: &Followed) -> bool {
    match app.view() {
        Some(View::List(l)) => match (&l.kind, &l.scope) {
            (ListKind::AwsWorkflows, Scope::AwsDomain(d)) => *d == f.domain,
            (ListKind::AwsSteps, Scope::AwsWorkflow { id, .. }) => *id == f.id,
            _ => false,
        },
        _ => false,
    }
}

/// The toast of a workflow's end, and whether it is bad news.
fn end_text(f: &Followed, wf: &Value) -> (String, bool) {
    let status = s(wf, "/Status");
    let metrics = wf.pointer("/Metrics/AppflowIntegration");
    let num = |k: &str| {
        metrics
            .and_then(|m| m.get(k))
            .and_then(Value::as_i64)
            .unwrap_or(0)
    };
    let name = format!("workflow {} in {}", short_id(&f.id), f.domain);
    match status {
        "COMPLETE" => (
            format!(
                "{name} complete: {} records ingested in {} steps",
                num("RecordsProcessed"),
                num("StepsCompleted")
            ),
            false,
        ),
        _ => {
            let why = s(wf, "/ErrorDescription");
            let why = if why.is_empty() {
                format!(
                    "{} of {} steps completed",
                    num("StepsCompleted"),
                    num("TotalSteps")
                )
            } else {
                why.to_string()
            };
            (format!("{name} {status}: {why}"), true)
        }
    }
}
