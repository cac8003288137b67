//! Which change each marked object gets, or why it is left alone: a retry only for a run
//! that failed, a trigger only for an enabled flow scheduled once (the service refuses
//! `POST /runs` for recurring flows), an enable or disable that brings every flow to
//! one state (those already in it skipped), a plain delete of each object (no cascade),
//! AppFlow's start and stop by each flow's trigger type and status.

use serde_json::Value;

use super::{Item, Job, Verb};
use crate::shared::action::Action;
use crate::shared::effect::{BulkStep, Change};
use crate::shared::fmt::{schedule, short_id};
use crate::shared::nav::{ListKind, ObjKind};
use crate::shared::table::s;
use crate::state::App;
use flowscope_model::FlowAction;
use flowscope_model::aws::AwsChange;
use flowscope_model::patchable::Resource;

/// What a row key makes of the marked rows of the list in view.
#[derive(Debug)]
pub enum Planned {
    /// Ask about this job.
    Job(Job),
    /// Marked flows in both states: ask which one to bring them all to first.
    Which { kind: ListKind },
    /// The key means nothing for these rows; the reason is shown.
    Nothing(String),
}

/// The job `action` means for the marked rows of the list in view, for `verb` when the
/// user already chose it (after [`Planned::Which`]).
pub fn plan(app: &mut App, action: &Action, chosen: Option<Verb>) -> Planned {
    let Some(l) = app.list() else {
        return Planned::Nothing("no list in view".into());
    };
    let kind = l.kind;
    if matches!(kind, ListKind::Blobs | ListKind::Dlz) {
        return super::files::plan(app, action);
    }
    let verb = match (kind, action) {
        (ListKind::Runs | ListKind::Live, Action::TriggerRun) => Verb::Retry,
        (ListKind::Flows, Action::TriggerRun) => Verb::Trigger,
        (ListKind::Flows | ListKind::AwsFlows, Action::ToggleFlow) => match chosen {
            Some(v) => v,
            None => match one_state(app, kind) {
                Some(v) => v,
                None => return Planned::Which { kind },
            },
        },
        (ListKind::Flows | ListKind::Connections, Action::Remove) => Verb::Delete,
        (ListKind::AwsFlows, Action::TriggerRun) => Verb::Start,
        (ListKind::AwsWorkflows, Action::Remove) => Verb::Delete,
        _ => {
            return Planned::Nothing(format!(
                "that key does nothing to marked {}: t, D and X act on marked flows, runs, \
                 connections and AppFlow flows, X on marked workflows (esc clears the marks)",
                kind.noun()
            ));
        }
    };
    let items = match kind {
        ListKind::Runs | ListKind::Live => runs(app),
        ListKind::AwsFlows => {
            let flows = app.list().map(|l| l.marked_objects()).unwrap_or_default();
            flows.iter().map(|f| appflow(app, f, verb)).collect()
        }
        ListKind::AwsWorkflows => {
            let wfs = app.list().map(|l| l.marked_objects()).unwrap_or_default();
            wfs.iter().map(workflow).collect()
        }
        _ => {
            let (now, objects) = (app.now_ms, app.list().map(|l| l.marked_objects()));
            let objects = objects.unwrap_or_default();
            objects
                .iter()
                .map(|o| flow_or_connection(kind, o, verb, now))
                .collect()
        }
    };
    let noun = match kind {
        ListKind::Runs | ListKind::Live => ("run", "runs"),
        ListKind::Connections => ("connection", "connections"),
        ListKind::AwsFlows => ("AppFlow flow", "AppFlow flows"),
        ListKind::AwsWorkflows => ("workflow", "workflows"),
        _ => ("flow", "flows"),
    };
    let (list_slot, tab) = (l_slot(app), app.tab);
    Planned::Job(Job {
        id: 0,
        verb,
        noun,
        list_slot,
        tab,
        items,
        bytes: None,
        counts: None,
    })
}

fn l_slot(app: &App) -> u64 {
    app.list().map_or(0, |l| l.slot)
}

/// The one state every marked flow can be brought to: all enabled → disable, all
/// disabled → enable (AppFlow: all active → stop, none → start); None when they differ.
fn one_state(app: &App, kind: ListKind) -> Option<Verb> {
    let objects = app.list()?.marked_objects();
    if kind == ListKind::AwsFlows {
        let active: Vec<bool> = objects
            .iter()
            .filter(|f| s(f, "/triggerType") != "OnDemand")
            .map(|f| s(f, "/flowStatus") == "Active")
            .collect();
        return match (active.iter().all(|a| *a), active.iter().any(|a| *a)) {
            (true, _) => Some(Verb::Stop),
            (_, false) => Some(Verb::Start),
            _ => None,
        };
    }
    let states: Vec<&str> = objects.iter().map(|f| s(f, "/state")).collect();
    let enabled = states.iter().filter(|s| **s == "enabled").count();
    let disabled = states.iter().filter(|s| **s == "disabled").count();
    match (enabled, disabled) {
        (_, 0) => Some(Verb::Disable),
        (0, _) => Some(Verb::Enable),
        _ => None,
    }
}

pub(super) fn item(kind: ObjKind, id: &str, label: String, step: BulkStep) -> Item {
    Item {
        kind,
        id: id.to_string(),
        label,
        step,
        flow_name: String::new(),
        end: None,
    }
}

/// Marked runs: each row says its status and flow, so nothing is read first.
fn runs(app: &App) -> Vec<Item> {
    let Some(l) = app.list() else {
        return Vec::new();
    };
    l.marked_rows()
        .into_iter()
        .map(|r| {
            let flow_id = r.parent();
            let flow = app
                .names
                .flows
                .get(flow_id)
                .cloned()
                .unwrap_or_else(|| short_id(flow_id));
            let status = r.cell(0);
            let step = if status == "failed" {
                BulkStep::Send(Change::RetryRun {
                    id: r.id().to_string(),
                })
            } else {
                let status = if status.is_empty() { "unknown" } else { status };
                BulkStep::Skip(format!("not failed: {status}"))
            };
            let label = format!("run {} of {flow}", short_id(r.id()));
            Item {
                flow_name: flow,
                ..item(ObjKind::Run, r.id(), label, step)
            }
        })
        .collect()
}

fn flow_or_connection(kind: ListKind, o: &Value, verb: Verb, now_ms: i64) -> Item {
    let id = s(o, "/id");
    let name = s(o, "/name");
    let label = if name.is_empty() {
        short_id(id)
    } else {
        name.to_string()
    };
    let state = s(o, "/state");
    let step = match verb {
        Verb::Delete if kind == ListKind::Connections => BulkStep::Send(Change::Delete {
            resource: Resource::Connection,
            id: id.to_string(),
        }),
        Verb::Delete => BulkStep::Send(Change::Delete {
            resource: Resource::Flow,
            id: id.to_string(),
        }),
        Verb::Trigger if state != "enabled" => BulkStep::Skip(format!(
            "not enabled: {}",
            if state.is_empty() { "unknown" } else { state }
        )),
        Verb::Trigger if s(o, "/scheduleParams/frequency") != "once" => {
            BulkStep::Skip(format!("not scheduled once: {}", schedule(o)))
        }
        Verb::Trigger => BulkStep::Send(Change::CreateRun {
            flow_id: id.to_string(),
            body: crate::shared::trigger::default_body(o, now_ms),
        }),
        Verb::Enable | Verb::Disable => {
            let (want, action) = if verb == Verb::Enable {
                ("enabled", FlowAction::Enable)
            } else {
                ("disabled", FlowAction::Disable)
            };
            match state {
                s if s == want => BulkStep::Skip(format!("already {want}")),
                "enabled" | "disabled" => BulkStep::Send(Change::FlowAction {
                    id: id.to_string(),
                    action,
                }),
                other => BulkStep::Skip(format!(
                    "neither enabled nor disabled: {}",
                    if other.is_empty() { "unknown" } else { other }
                )),
            }
        }
        Verb::Retry | Verb::Start | Verb::Stop => BulkStep::Skip("not a flow's action".into()),
    };
    if kind == ListKind::Connections {
        return item(ObjKind::Connection, id, label, step);
    }
    // A triggered flow's run is watched under the flow's name.
    Item {
        flow_name: label.clone(),
        ..item(ObjKind::Flow, id, label, step)
    }
}

/// An AppFlow flow: StartFlow runs an on-demand flow once and activates a scheduled or
/// event one; StopFlow suspends an active scheduled or event flow.
/// A marked workflow's delete (with the integration and AppFlow flow it made).
fn workflow(w: &Value) -> Item {
    let (domain, id) = (s(w, "/DomainName"), s(w, "/WorkflowId"));
    let step = if domain.is_empty() || id.is_empty() {
        BulkStep::Skip("names no workflow of a domain".into())
    } else {
        BulkStep::Send(Change::Aws(AwsChange::DeleteWorkflow {
            domain: domain.to_string(),
            id: id.to_string(),
        }))
    };
    item(ObjKind::AwsWorkflow, id, id.to_string(), step)
}

fn appflow(app: &mut App, f: &Value, verb: Verb) -> Item {
    let name = s(f, "/flowName").to_string();
    let trigger = s(f, "/triggerType");
    let status = s(f, "/flowStatus");
    let step = match verb {
        Verb::Stop if trigger == "OnDemand" => {
            BulkStep::Skip("runs on demand: no schedule to stop".into())
        }
        Verb::Stop if status != "Active" => BulkStep::Skip(format!("not active: {status}")),
        Verb::Stop => BulkStep::Send(Change::Aws(AwsChange::StopFlow { flow: name.clone() })),
        Verb::Start if trigger != "OnDemand" && status == "Active" => {
            BulkStep::Skip("already active".into())
        }
        // A fresh token per flow: the SDK's retries of one request carry the same one,
        // so AppFlow starts at most one execution for it.
        _ => BulkStep::Send(Change::Aws(AwsChange::StartFlow {
            flow: name.clone(),
            client_token: app.unique_token(),
        })),
    };
    item(ObjKind::AwsFlow, &name, name.clone(), step)
}
