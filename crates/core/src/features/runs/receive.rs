//! How a trigger or an enable/disable ended, reconciled with what the panes show: the
//! new run takes the place of the row shown while it was sent and is watched; a flow's
//! state shown ahead of the answer is confirmed by the flow read back, or put back when
//! the service refused.

use serde_json::Value;

use crate::effect::Effect;
use crate::features::runs::Pending;
use crate::features::runs::keys::label;
use crate::load::reload_current;
use crate::nav::replace_everywhere;
use crate::shared::effect::Outcome;
use crate::shared::fmt::short_id;
use crate::shared::nav::ListKind;
use crate::shared::nav::Scope;
use crate::shared::pane::ErrorInfo;
use crate::state::App;
use crate::view::View;
use flowscope_model::FlowAction;

/// A refusal or a lost answer, whatever the change.
struct Failure {
    error: ErrorInfo,
    /// The change may have been made: the answer was lost.
    unsure: bool,
}

fn failure(outcome: Outcome) -> Result<Option<Value>, Failure> {
    match outcome {
        Outcome::Sent { object, .. } => Ok(object),
        Outcome::Conflict { error, .. } => Err(Failure {
            error,
            unsure: false,
        }),
        Outcome::Failed { error, unsure, .. } => Err(Failure { error, unsure }),
    }
}

pub fn submitted(app: &mut App, pending: Pending, outcome: Outcome) -> Vec<Effect> {
    let journal = match &outcome {
        Outcome::Sent { journal, .. }
        | Outcome::Conflict { journal, .. }
        | Outcome::Failed { journal, .. } => journal.clone(),
    };
    let fx = match pending {
        Pending::Trigger {
            flow_id,
            flow_name,
            placeholder,
            sandbox,
        } if sandbox == app.target.sandbox => {
            trigger_ended(app, &flow_id, &flow_name, &placeholder, failure(outcome))
        }
        Pending::Trigger {
            flow_name, sandbox, ..
        } => {
            // The panes now show another sandbox: say how it went, change nothing.
            let how = match failure(outcome) {
                Ok(_) => "created".to_string(),
                Err(f) => format!("not created: {}", f.error.message),
            };
            app.toast(
                format!("run of {flow_name} in sandbox {sandbox} {how}"),
                false,
            );
            Vec::new()
        }
        Pending::Toggle {
            flow_id,
            flow_name,
            action,
            before,
        } => toggle_ended(app, &flow_id, &flow_name, action, &before, failure(outcome)),
        Pending::Retry {
            run_id,
            flow_name,
            sandbox,
        } => {
            if sandbox == app.target.sandbox {
                crate::features::runs::retry::ended(app, &run_id, &flow_name, outcome);
            } else {
                let how = match failure(outcome) {
                    Ok(_) => "retried".to_string(),
                    Err(f) => format!("not retried: {}", f.error.message),
                };
                app.toast(
                    format!("run {} in sandbox {sandbox} {how}", short_id(&run_id)),
                    false,
                );
            }
            Vec::new()
        }
    };
    if let Err(why) = journal {
        app.toast(
            format!("the change was not written to the journal: {why}"),
            true,
        );
    }
    fx
}

fn trigger_ended(
    app: &mut App,
    flow_id: &str,
    flow_name: &str,
    placeholder: &str,
    result: Result<Option<Value>, Failure>,
) -> Vec<Effect> {
    let name = label(flow_name, flow_id);
    match result {
        Ok(Some(run)) => {
            let id = crate::shared::table::s(&run, "/id").to_string();
            put_run(app, flow_id, placeholder, &run);
            crate::features::runs::watch::start(app, &run, &name);
            crate::features::runs::recent::note_run(app, &run);
            app.toast(
                format!(
                    "run {} of {name} created: {}",
                    short_id(&id),
                    crate::features::runs::status(&run)
                ),
                false,
            );
            Vec::new()
        }
        Ok(None) => {
            drop_placeholder(app, placeholder);
            Vec::new()
        }
        Err(f) => {
            drop_placeholder(app, placeholder);
            if f.unsure {
                app.toast(
                    format!(
                        "no answer to the run of {name} ({}): it may have been created; look at its runs before triggering again",
                        f.error.message
                    ),
                    true,
                );
                // Reading the runs again shows whether it was.
                return match app.view() {
                    Some(View::List(l)) if l.kind == ListKind::Runs => reload_current(app),
                    _ => Vec::new(),
                };
            }
            app.toast(
                format!("run of {name} not created: {}", f.error.message),
                true,
            );
            Vec::new()
        }
    }
}

/// The new run in place of its placeholder, and at the top of the other unfiltered
/// lists of this flow's runs (or of all runs) that are open.
fn put_run(app: &mut App, flow_id: &str, placeholder: &str, run: &Value) {
    app.each_list(|l, names, fuzzy| {
        let ours = l.kind == ListKind::Runs
            && l.runs.is_empty()
            && l.server_filter.is_none()
            && match &l.scope {
                Scope::OfFlow { id, .. } => id == flow_id,
                Scope::All => l.load != crate::shared::pane::Load::Idle,
                _ => false,
            };
        if ours || l.has_id(placeholder) {
            l.put_front(Some(placeholder), run.clone(), names, fuzzy);
        }
    });
}

fn drop_placeholder(app: &mut App, placeholder: &str) {
    app.each_list(|l, names, fuzzy| l.remove_id(placeholder, names, fuzzy));
}

fn toggle_ended(
    app: &mut App,
    flow_id: &str,
    flow_name: &str,
    action: FlowAction,
    before: &str,
    result: Result<Option<Value>, Failure>,
) -> Vec<Effect> {
    let name = label(flow_name, flow_id);
    match result {
        Ok(Some(flow)) => {
            let state = crate::shared::table::s(&flow, "/state").to_string();
            replace_everywhere(app, flow);
            app.toast(format!("flow {name} is {state}"), false);
            Vec::new()
        }
        Ok(None) => {
            app.toast(
                format!("flow {name}: {action} done, but it could not be read back"),
                false,
            );
            Vec::new()
        }
        Err(f) if f.unsure => {
            // Neither state is known: show the one before and read the flow again.
            set_flow_state(app, flow_id, before);
            app.toast(
                format!(
                    "no answer to {action} {name} ({}): it may have been done; refreshing",
                    f.error.message
                ),
                true,
            );
            reload_current(app)
        }
        Err(f) => {
            set_flow_state(app, flow_id, before);
            app.toast(
                format!("{action} {name} refused: {}", f.error.message),
                true,
            );
            Vec::new()
        }
    }
}

/// Shows `state` for a flow in every pane, ahead of (or after) the service's answer.
pub fn set_flow_state(app: &mut App, flow_id: &str, state: &str) {
    let mut flow = crate::features::runs::keys::flow_by_id(app, flow_id);
    if flow.get("name").is_none() && flow.get("state").is_none() {
        // Not loaded anywhere: nothing on screen to change.
        return;
    }
    flow["state"] = Value::String(state.to_string());
    replace_everywhere(app, flow);
}
