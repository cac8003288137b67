//! What the watch's answers do: each run that failed or partially succeeded raises a
//! toast (a summary when many come at once) and takes the top of the failures list; a
//! poll's trouble shows in the status bar, or stops the watch when waiting cannot cure
//! it; the remembered setting turns the watch on or off; a retry's outcome marks its row
//! and hands the run back to be watched as a triggered run is.

use serde_json::Value;

use crate::effect::Effect;
use crate::features::alerts::keys::flow_label;
use crate::features::alerts::schedule::{turn_off, turn_on};
use crate::features::alerts::{AlertsEffect, AlertsMsg, Failure, KEPT, Trouble, rows};
use crate::shared::effect::Outcome;
use crate::shared::fmt::short_id;
use crate::shared::table::{int, s};
use crate::state::App;

/// The polls never come closer than this, whatever a poller says.
const MIN_WAIT_MS: i64 = 1_000;
/// More failures than this in one poll make one toast.
const TOASTS_AT_ONCE: usize = 2;

pub fn received(app: &mut App, msg: AlertsMsg) -> Vec<Effect> {
    match msg {
        AlertsMsg::Recalled { profile, on } => recalled(app, profile, on),
        AlertsMsg::Remembered(Ok(())) => Vec::new(),
        AlertsMsg::Remembered(Err(e)) => {
            app.toast(format!("the watch setting was not kept: {e}"), true);
            Vec::new()
        }
        AlertsMsg::Polled {
            generation,
            runs,
            wait_ms,
            trouble,
        } => polled(app, generation, runs, wait_ms, trouble),
    }
}

/// The profile's setting, read at start or after a profile switch.
fn recalled(app: &mut App, profile: Option<String>, on: bool) -> Vec<Effect> {
    if profile != app.target.profile || on == app.alerts.on {
        return Vec::new();
    }
    if on {
        let fx = turn_on(app, false);
        app.toast(
            format!(
                "watching sandbox {} for runs that fail (on for this profile; :watch turns it off)",
                app.target.sandbox
            ),
            false,
        );
        fx
    } else {
        turn_off(app, false)
    }
}

fn polled(
    app: &mut App,
    generation: u64,
    runs: Vec<Value>,
    wait_ms: i64,
    trouble: Option<Trouble>,
) -> Vec<Effect> {
    if generation != app.alerts.generation || !app.alerts.on {
        return Vec::new();
    }
    app.alerts.in_flight = false;
    app.alerts.due_ms = app.now_ms + wait_ms.max(MIN_WAIT_MS);
    let mut fx = Vec::new();
    app.alerts.trouble = None;
    match trouble {
        Some(t) if t.fatal => {
            fx.extend(turn_off(app, false));
            app.toast(
                format!(
                    "watch stopped: {} (:watch starts it again)",
                    t.error.message
                ),
                true,
            );
        }
        Some(t) => {
            let why = t
                .error
                .code
                .clone()
                .or(t.error.status.map(|s| format!("HTTP {s}")))
                .unwrap_or_else(|| "no answer".to_string());
            app.alerts.trouble = Some(format!("retrying: {why}"));
        }
        None => {}
    }
    let told = failed(app, &runs);
    if told > 0 && app.runs.bell {
        fx.push(Effect::Bell);
    }
    fx
}

/// Takes in the runs that failed; how many.
fn failed(app: &mut App, runs: &[Value]) -> usize {
    let now = app.now_ms;
    let mut new: Vec<Failure> = Vec::new();
    for run in runs {
        let status = s(run, "/metrics/statusSummary/status").to_string();
        let (code, message) = first_error(run);
        new.push(Failure {
            run_id: s(run, "/id").to_string(),
            flow_id: s(run, "/flowId").to_string(),
            status,
            code,
            message,
            ended_ms: int(run, "/metrics/durationSummary/completedAtUTC"),
            seen_ms: now,
            retried: false,
        });
    }
    if new.is_empty() {
        return 0;
    }
    for f in &new {
        if f.status == "partialSuccess" {
            app.alerts.partial += 1;
        } else {
            app.alerts.failed += 1;
        }
        let a = &mut app.alerts;
        a.failures.retain(|old| old.run_id != f.run_id);
        a.failures.insert(0, f.clone());
    }
    app.alerts.failures.truncate(KEPT);
    if new.len() > TOASTS_AT_ONCE {
        let newest = &new[new.len() - 1];
        let text = format!(
            "{} runs failed or partially succeeded, the newest {} · {}: ! lists them",
            new.len(),
            flow_label(app, &newest.flow_id),
            newest.code
        );
        app.toast(text, true);
    } else {
        // A run a run watch follows has its end told there, once.
        let untold: Vec<&Failure> = new
            .iter()
            .filter(|f| !app.runs.told_elsewhere(&f.run_id))
            .collect();
        for f in untold {
            let text = toast(app, f);
            app.toast(text, true);
        }
    }
    rows::fill(app);
    new.len()
}

/// `run failed: Orders · 1a2b3c4d… · CONNECTOR-2001-500`
fn toast(app: &App, f: &Failure) -> String {
    let how = if f.status == "partialSuccess" {
        "run partially succeeded"
    } else {
        "run failed"
    };
    let mut text = format!(
        "{how}: {} · {}",
        flow_label(app, &f.flow_id),
        short_id(&f.run_id)
    );
    if !f.code.is_empty() {
        text.push_str(&format!(" · {}", f.code));
    }
    text
}

/// The first error a run reports, as code and message (empty when it names none).
fn first_error(run: &Value) -> (String, String) {
    serde_json::from_value::<flowscope_model::Run>(run.clone())
        .ok()
        .and_then(|r| {
            r.first_error().map(|e| {
                (
                    e.code.clone().unwrap_or_default(),
                    e.message.clone().unwrap_or_default(),
                )
            })
        })
        .unwrap_or_default()
}

/// A retry sent from the list was answered. On success its row says so, and the run
/// comes back to be watched (with its flow's name) as a triggered run is.
pub fn retried(
    app: &mut App,
    slot: u64,
    outcome: Outcome,
) -> (Vec<Effect>, Option<(Value, String)>) {
    let Some(r) = app.alerts.pending.remove(&slot) else {
        return (Vec::new(), None);
    };
    let label = format!("run {} of {}", short_id(&r.run_id), r.flow_name);
    let (result, journal) = match outcome {
        Outcome::Sent {
            object, journal, ..
        } => (Ok(object), journal),
        Outcome::Conflict { error, journal, .. } => (Err((error, false)), journal),
        Outcome::Failed {
            error,
            unsure,
            journal,
        } => (Err((error, unsure)), journal),
    };
    if let Err(why) = journal {
        app.toast(
            format!("the change was not written to the journal: {why}"),
            true,
        );
    }
    let here = r.sandbox == app.target.sandbox;
    let watch = match result {
        Ok(run) => {
            let status = run
                .as_ref()
                .map(|v| s(v, "/metrics/statusSummary/status").to_string())
                .filter(|st| !st.is_empty())
                .unwrap_or_else(|| "sent".to_string());
            app.toast(format!("{label} retried: {status}"), false);
            if here {
                if let Some(f) = app
                    .alerts
                    .failures
                    .iter_mut()
                    .find(|f| f.run_id == r.run_id)
                {
                    f.retried = true;
                }
                rows::fill(app);
            }
            run.filter(|_| here).map(|v| (v, r.flow_name))
        }
        Err((e, true)) => {
            app.toast(
                format!(
                    "no answer to the retry of {label} ({}): it may have been retried; look at the run before retrying again",
                    e.message
                ),
                true,
            );
            None
        }
        Err((e, false)) => {
            app.toast(format!("retry of {label} refused: {}", e.message), true);
            None
        }
    };
    (Vec::new(), watch)
}

/// Asks for the profile's setting (at start, and after a profile switch).
pub fn recall(app: &App) -> Effect {
    Effect::Alerts(AlertsEffect::Recall {
        profile: app.target.profile.clone(),
    })
}
