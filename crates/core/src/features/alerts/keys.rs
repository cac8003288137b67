//! The alerts' keys: `:watch` turns the watch on or off (remembered for the profile),
//! `!` and `:failures` open the recent-failures list; in it, `t` asks to retry the run
//! and `F` opens its flow (`enter` opens the run, as in every runs list).

use crate::effect::Effect;
use crate::features::alerts::reply;
use crate::features::alerts::schedule::{turn_off, turn_on};
use crate::load::reload_current;
use crate::nav::{push_detail, push_list};
use crate::overlay::Overlay;
use crate::reply::Reply;
use crate::shared::action::Action;
use crate::shared::fmt::short_id;
use crate::shared::nav::{ListKind, ObjKind, Scope};
use crate::state::App;
use crate::view::View;

/// `:watch`: on from now, or off.
pub fn toggle(app: &mut App) -> Vec<Effect> {
    if app.alerts.on {
        app.toast("watch off", false);
        turn_off(app, true)
    } else {
        let fx = turn_on(app, true);
        app.toast(
            format!(
                "watching sandbox {} for runs that fail (! lists them)",
                app.target.sandbox
            ),
            false,
        );
        fx
    }
}

/// `!`, `:failures`: the recent failures, over the pane in view.
pub fn open_list(app: &mut App) -> Vec<Effect> {
    if matches!(app.view(), Some(View::List(l)) if l.kind == ListKind::Failures) {
        return reload_current(app);
    }
    push_list(app, ListKind::Failures, Scope::All)
}

/// The flow's name as the lists know it, else its short id.
pub fn flow_label(app: &App, flow_id: &str) -> String {
    match app.names.flows.get(flow_id) {
        Some(name) if !name.is_empty() => name.clone(),
        _ => short_id(flow_id),
    }
}

/// Keys of the failures list; None lets the list's and the global keys have them.
pub fn handle(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    if !matches!(app.view(), Some(View::List(l)) if l.kind == ListKind::Failures) {
        return None;
    }
    let selected = app
        .list()
        .and_then(|l| l.selected_row())
        .map(|r| r.id().to_string());
    match action {
        Action::TriggerRun => Some(retry(app, selected)),
        Action::RelatedFlow => {
            let flow = selected
                .and_then(|id| app.alerts.failure(&id).map(|f| f.flow_id.clone()))
                .filter(|f| !f.is_empty());
            Some(match flow {
                Some(id) => push_detail(app, ObjKind::Flow, &id, None),
                None => {
                    app.toast("select a failure to open its flow", true);
                    Vec::new()
                }
            })
        }
        _ => None,
    }
}

/// `t`: the question before the selected run is retried. Only a run that failed can be
/// (the service refuses the rest with FLOW-1422-400); a read-only session sends nothing.
fn retry(app: &mut App, selected: Option<String>) -> Vec<Effect> {
    let Some(f) = selected.and_then(|id| app.alerts.failure(&id).cloned()) else {
        app.toast("select a failure to retry it", true);
        return Vec::new();
    };
    if app.read_only {
        app.toast(format!("refused: {}", reply::READ_ONLY), true);
        return Vec::new();
    }
    if f.retried {
        app.toast(
            format!(
                "run {} was retried: its new attempt is watched, and listed here if it fails",
                short_id(&f.run_id)
            ),
            false,
        );
        return Vec::new();
    }
    if f.status != "failed" {
        app.toast(
            format!(
                "run {} {}: only a failed run can be retried",
                short_id(&f.run_id),
                if f.status == "partialSuccess" {
                    "partially succeeded"
                } else {
                    f.status.as_str()
                }
            ),
            true,
        );
        return Vec::new();
    }
    let name = flow_label(app, &f.flow_id);
    let ask = reply::retry(&f.run_id, &name, &f.code);
    app.overlay = Some(Overlay::Ask(Box::new(ask.map(Reply::Alerts))));
    Vec::new()
}
