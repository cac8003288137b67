//! The runs keys: `t` opens the trigger form (on a run, asks to retry it), `D` asks to
//! enable or disable, `v` and `V`
//! set the Runs pane's filters, `H` opens a flow's history, `L` the live view; the keys
//! of the trigger form, and of the run pane (its references, the run's flow and
//! connections).

use crate::nav::push_detail;
use crate::nav::push_list;
use serde_json::{Value, json};

use crate::effect::Effect;
use crate::features::runs::Pending;
use crate::features::runs::form::TriggerForm;
use crate::features::runs::history_pane::{HISTORY_RUNS, HistoryView};
use crate::features::runs::reply;
use crate::features::runs::run_pane::RunView;
use crate::load::reload_current;
use crate::nav::{go_tab, keep_visible};
use crate::overlay::Overlay;
use crate::reply::Reply;
use crate::shared::action::Action;
use crate::shared::editor::spec::Audit;
use crate::shared::effect::{Change, Request};
use crate::shared::fmt::short_id;
use crate::shared::list::ListView;
use crate::shared::list::filter::Window;
use crate::shared::nav::ListKind;
use crate::shared::nav::ObjKind;
use crate::shared::nav::Scope;
use crate::shared::nav::Tab;
use crate::shared::table::s;
use crate::state::App;
use crate::view::View;

/// Why a change is refused in a read-only session.
pub const READ_ONLY: &str =
    "read-only session (--read-only): runs are not triggered and flows not enabled or disabled";

/// A flow by id, as complete as the app has it: from a loaded list, an open detail or
/// the object cache; else just its id.
pub fn flow_by_id(app: &App, id: &str) -> Value {
    let from_lists = app.stacks.iter().flatten().find_map(|v| match v {
        View::List(l) if l.kind == ListKind::Flows => l.item(id),
        View::Detail(d) if d.kind == ObjKind::Flow && d.id == id => d.value.clone(),
        _ => None,
    });
    from_lists
        .or_else(|| app.objects.ready(ObjKind::Flow, id).cloned())
        .unwrap_or_else(|| json!({ "id": id }))
}

/// The flow the user is on: a selected flow row, a flow's detail or graph box, the flow
/// of a run, of a flow's runs list or of its history.
pub fn flow_in_focus(app: &App) -> Option<Value> {
    let flow_of = |id: &str| (!id.is_empty()).then(|| flow_by_id(app, id));
    match app.view()? {
        View::List(l) => match (&l.kind, &l.scope) {
            (ListKind::Flows, _) => l.selected_item(),
            (ListKind::Runs, Scope::OfFlow { id, .. }) => flow_of(id),
            (ListKind::Runs | ListKind::Live, _) => flow_of(l.selected_row()?.parent()),
            _ => None,
        },
        View::Detail(d) => match d.kind {
            ObjKind::Flow => d.value.clone().or_else(|| flow_of(&d.id)),
            ObjKind::Run => flow_of(s(d.value.as_ref()?, "/flowId")),
            _ => None,
        },
        View::Run(r) => flow_of(&r.summary.flow_id),
        View::History(h) => flow_of(&h.flow_id),
        View::Graph(_) => match crate::nav::selected_object(app)? {
            (ObjKind::Flow, id, value) => value.or_else(|| flow_of(&id)),
            _ => None,
        },
        View::Editor(_)
        | View::Build(_)
        | View::Zones(_)
        | View::Creds(_)
        | View::Preview(_)
        | View::Transfers(_) => None,
    }
}

pub(crate) fn refused(app: &mut App) -> Vec<Effect> {
    app.toast(format!("refused: {READ_ONLY}"), true);
    Vec::new()
}

/// The flow a change (`to` do) would apply to, or why there is none: no flow in focus,
/// or a read-only session (both said in a toast).
fn flow_to_change(app: &mut App, to: &str) -> Option<Value> {
    let Some(flow) = flow_in_focus(app) else {
        app.toast(format!("no flow here to {to}: select a flow"), true);
        return None;
    };
    if app.read_only {
        refused(app);
        return None;
    }
    Some(flow)
}

/// `t`: on a run's row, the question to retry it; else the trigger form for the flow
/// in focus.
pub fn trigger(app: &mut App) -> Vec<Effect> {
    if let Some(fx) = crate::features::runs::retry::in_view(app) {
        return fx;
    }
    let Some(flow) = flow_to_change(app, "run") else {
        return Vec::new();
    };
    let id = s(&flow, "/id");
    let sending = app
        .runs
        .pending
        .values()
        .any(|p| matches!(p, Pending::Trigger { flow_id, .. } if flow_id == id));
    let running = sending
        || app.runs.watches.iter().any(|w| w.flow_id == id)
        || app
            .runs
            .recent
            .runs
            .get(id)
            .and_then(|r| r.first())
            .is_some_and(|r| !crate::features::runs::is_final(crate::features::runs::status(r)));
    let form = TriggerForm::new(app.new_text, &flow, app.now_ms, running);
    app.overlay = Some(Overlay::Trigger(Box::new(form)));
    Vec::new()
}

/// `D`: the question to enable or disable the flow in focus.
pub fn toggle(app: &mut App) -> Vec<Effect> {
    let Some(flow) = flow_to_change(app, "enable or disable") else {
        return Vec::new();
    };
    let state = s(&flow, "/state");
    if !matches!(state, "enabled" | "disabled") {
        let why = if state.is_empty() {
            "its state is not known yet: open it first".to_string()
        } else {
            format!("it is {state}")
        };
        app.toast(
            format!("this flow cannot be enabled or disabled: {why}"),
            true,
        );
        return Vec::new();
    }
    let ask = reply::toggle(s(&flow, "/id"), s(&flow, "/name"), state);
    app.overlay = Some(Overlay::Ask(Box::new(ask.map(Reply::Runs))));
    Vec::new()
}

/// Keys while the trigger form is open. `None` lets the action through (resize).
pub fn form_key(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let Some(Overlay::Trigger(form)) = &mut app.overlay else {
        return None;
    };
    match action {
        Action::Down => form.move_focus(1),
        Action::Up => form.move_focus(-1),
        Action::Key(key) => {
            let i = form.focus;
            if let Some(t) = form.fields.get_mut(i) {
                t.input(*key);
            }
        }
        Action::Paste(text) => {
            let i = form.focus;
            if let Some(t) = form.fields.get_mut(i) {
                t.insert_str(&text.replace(['\r', '\n'], " "));
            }
        }
        Action::Cancel | Action::Back => app.overlay = None,
        Action::ForceQuit => app.quit = true,
        Action::Submit | Action::Confirm => match form.body() {
            Ok(body) => {
                if let Some(Overlay::Trigger(form)) = app.overlay.take() {
                    app.overlay = Some(Overlay::Ask(Box::new(
                        reply::trigger(form, body).map(Reply::Runs),
                    )));
                }
            }
            Err((field, why)) => {
                form.focus = field;
                let label = crate::features::runs::form::FIELDS[field].1;
                app.toast(format!("{label}: {why}"), true);
            }
        },
        Action::Resize { .. } => return None,
        _ => {}
    }
    Some(Vec::new())
}

pub(crate) fn send_trigger(app: &mut App, form: &TriggerForm, body: Value) -> Vec<Effect> {
    let slot = app.next_id();
    let placeholder = format!("sending-{slot}");
    // The run shows at once where the user will look for it: the flow's runs.
    let mut fx = runs_of_in_front(app, &form.flow_id, &form.flow_name);
    let item = json!({
        "id": placeholder,
        "flowId": form.flow_id,
        "metrics": {"statusSummary": {"status": "sending"}},
    });
    app.front_list(|l, names, fuzzy| l.put_front(None, item, names, fuzzy));
    app.runs.pending.insert(
        slot,
        Pending::Trigger {
            flow_id: form.flow_id.clone(),
            flow_name: form.flow_name.clone(),
            placeholder,
            sandbox: app.target.sandbox.clone(),
        },
    );
    app.toast(
        format!(
            "triggering a run of {}…",
            label(&form.flow_name, &form.flow_id)
        ),
        false,
    );
    fx.push(Effect::Submit {
        slot,
        change: Change::CreateRun {
            flow_id: form.flow_id.clone(),
            body,
        },
        audit: Audit::of(app),
    });
    keep_visible(app);
    fx
}

/// Makes the runs of `flow_id` (or all runs) the pane in front, opening them if needed.
fn runs_of_in_front(app: &mut App, flow_id: &str, name: &str) -> Vec<Effect> {
    let shown = match app.view() {
        Some(View::List(l))
            if l.kind == ListKind::Runs && l.runs.is_empty() && l.server_filter.is_none() =>
        {
            match &l.scope {
                Scope::OfFlow { id, .. } => id == flow_id,
                Scope::All => true,
                _ => false,
            }
        }
        _ => false,
    };
    if shown {
        return Vec::new();
    }
    crate::nav::push_list(
        app,
        ListKind::Runs,
        Scope::OfFlow {
            id: flow_id.to_string(),
            name: if name.is_empty() {
                flow_id.to_string()
            } else {
                name.to_string()
            },
        },
    )
}

pub(crate) fn send_toggle(
    app: &mut App,
    flow_id: String,
    flow_name: String,
    action: flowscope_model::FlowAction,
    before: String,
) -> Vec<Effect> {
    let slot = app.next_id();
    // Shown at once; the service's answer (or its refusal) settles it.
    let after = match action {
        flowscope_model::FlowAction::Enable => "enabled",
        flowscope_model::FlowAction::Disable => "disabled",
    };
    crate::features::runs::receive::set_flow_state(app, &flow_id, after);
    app.toast(
        format!(
            "{}ing {}…",
            action.as_str().trim_end_matches('e'),
            label(&flow_name, &flow_id)
        ),
        false,
    );
    app.runs.pending.insert(
        slot,
        Pending::Toggle {
            flow_id: flow_id.clone(),
            flow_name,
            action,
            before,
        },
    );
    vec![Effect::Submit {
        slot,
        change: Change::FlowAction {
            id: flow_id,
            action,
        },
        audit: Audit::of(app),
    }]
}

pub fn label(name: &str, id: &str) -> String {
    if name.is_empty() {
        short_id(id)
    } else {
        name.to_string()
    }
}

/// The Runs list in view, for its filters.
fn runs_list(app: &mut App) -> Option<&mut ListView> {
    match app.view_mut() {
        Some(View::List(l)) if l.kind == ListKind::Runs => Some(l),
        _ => None,
    }
}

/// `v`, `V`, `:status`, `:window`: changes the filters and reloads from the service.
pub fn filter(
    app: &mut App,
    change: impl FnOnce(&mut crate::shared::list::filter::RunFilter),
) -> Vec<Effect> {
    let Some(l) = runs_list(app) else {
        app.toast("status and time filters apply to a runs list", true);
        return Vec::new();
    };
    change(&mut l.runs);
    // A filtered list is a different list: start it empty.
    l.clear();
    reload_current(app)
}

pub fn next_status(app: &mut App) -> Vec<Effect> {
    filter(app, crate::shared::list::filter::RunFilter::next_status)
}

pub fn next_window(app: &mut App) -> Vec<Effect> {
    filter(app, crate::shared::list::filter::RunFilter::next_window)
}

pub fn set_status(app: &mut App, status: Option<String>) -> Vec<Effect> {
    filter(app, |f| f.status = status)
}

pub fn set_window(app: &mut App, window: Window) -> Vec<Effect> {
    filter(app, |f| f.window = window)
}

/// `H`: the history chart of the flow in focus.
pub fn history(app: &mut App) -> Vec<Effect> {
    let Some(flow) = flow_in_focus(app) else {
        app.toast("no flow here: select a flow for its history", true);
        return Vec::new();
    };
    let (id, name) = (s(&flow, "/id").to_string(), s(&flow, "/name").to_string());
    let slot = app.next_id();
    let ticket = app.next_id();
    let mut h = HistoryView::new(slot, &id, &label(&name, &id));
    h.begin(ticket, app.now_ms);
    app.stack_mut().push(View::History(Box::new(h)));
    vec![Effect::Fetch {
        slot,
        ticket,
        request: Request::LatestRuns {
            flow_id: id,
            limit: HISTORY_RUNS,
        },
    }]
}

/// `L`, `:live`: the runs in progress, on the Runs tab.
pub fn live(app: &mut App) -> Vec<Effect> {
    let mut fx = go_tab(app, Tab::Runs);
    if matches!(app.view(), Some(View::List(l)) if l.kind == ListKind::Live) {
        return fx;
    }
    fx.extend(crate::nav::push_list(app, ListKind::Live, Scope::All));
    fx
}

/// Enter on a run: its detail, read for people.
/// Opens the run `id`: with its object when the caller has it, else read by id. `flow`
/// (the run's flow, from its row) titles the pane until the run arrives.
pub fn open_run(app: &mut App, id: &str, value: Option<Value>, flow: String) -> Vec<Effect> {
    let slot = app.next_id();
    let flow = value
        .as_ref()
        .map(|v| s(v, "/flowId").to_string())
        .unwrap_or(flow);
    let flow_name = app.names.flows.get(&flow).cloned().unwrap_or_default();
    let title = if flow_name.is_empty() {
        format!("run {}", short_id(id))
    } else {
        format!("run {} of {flow_name}", short_id(id))
    };
    let mut r = RunView::new(slot, id, title);
    let have = value.is_some();
    if let Some(v) = value {
        r.set_value(v, app.now_ms);
    }
    app.stack_mut().push(View::Run(Box::new(r)));
    if have {
        Vec::new()
    } else {
        reload_current(app)
    }
}

/// Handles `action` in the run pane; `None` lets the common handling have it.
pub fn run_view(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let Some(View::Run(r)) = app.view_mut() else {
        return None;
    };
    match action {
        Action::Up | Action::ScrollUp => r.move_by(-1),
        Action::Down | Action::ScrollDown => r.move_by(1),
        Action::PageUp | Action::Top => r.move_by(isize::MIN / 2),
        Action::PageDown | Action::Bottom => r.move_by(isize::MAX / 2),
        Action::CopyId => {
            let Some(sel) = r.selected_ref() else {
                return Some(Vec::new());
            };
            return Some(vec![Effect::Copy {
                text: sel.value.clone(),
                what: copied_what(&sel.label),
            }]);
        }
        Action::Open | Action::Toggle => {
            let Some(sel) = r.selected_ref().cloned() else {
                return Some(Vec::new());
            };
            return Some(match sel.goto {
                Some((kind, id)) => push_detail(app, kind, &id, None),
                None => {
                    app.toast(
                        format!("a {} cannot be opened here: y copies it", sel.label),
                        false,
                    );
                    Vec::new()
                }
            });
        }
        Action::Describe => {
            let (id, value) = (r.id.clone(), r.value.clone());
            return Some(push_detail(app, ObjKind::Run, &id, value));
        }
        Action::TriggerRun => {
            return Some(crate::features::runs::retry::in_view(app).unwrap_or_default());
        }
        Action::RelatedFlow
        | Action::RelatedSource
        | Action::RelatedTarget
        | Action::RelatedSpec => {
            let want = match action {
                Action::RelatedFlow => ObjKind::Flow,
                Action::RelatedSource => ObjKind::SourceConnection,
                Action::RelatedTarget => ObjKind::TargetConnection,
                _ => ObjKind::FlowSpec,
            };
            let found = r
                .summary
                .refs
                .iter()
                .find_map(|x| x.goto.clone().filter(|(k, _)| *k == want));
            return Some(match found {
                Some((kind, id)) => push_detail(app, kind, &id, None),
                None => {
                    app.toast("this run names nothing of that kind", true);
                    Vec::new()
                }
            });
        }
        Action::RelatedRuns => {
            let id = r.summary.flow_id.clone();
            let name = app.names.flows.get(&id).cloned().unwrap_or(id.clone());
            return Some(push_list(app, ListKind::Runs, Scope::OfFlow { id, name }));
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// What the toast says was copied (the clipboard report needs a lasting name).
fn copied_what(label: &str) -> &'static str {
    match label {
        "run" => "run id",
        "flow" => "flow id",
        "flow spec" => "flow spec id",
        "provider run" => "provider run id",
        "source connection" => "source connection id",
        "target connection" => "target connection id",
        "batch" => "batch id",
        "ADF run" => "ADF run id",
        l if l.starts_with("manifest") => "manifest path",
        _ => "reference",
    }
}
