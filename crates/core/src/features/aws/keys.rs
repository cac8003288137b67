//! Keys on the AWS lists: start, stop and cancel AppFlow flows, a new integration
//! workflow, the graph and the reverse view. Every change goes through the same question
//! as a Flow Service change (`y` sends it once) and is refused under `--read-only`.

use super::reply::AwsReply;
use serde_json::{Value, json};

use crate::effect::Effect;
use crate::features::aws::AwsChange;
use crate::features::aws::create::rules::Connector;
use crate::nav::{push_list, selected};
use crate::overlay::{InputBox, Overlay};
use crate::reply::Reply;
use crate::shared::action::Action;
use crate::shared::ask::Ask;
use crate::shared::nav::ListKind;
use crate::shared::nav::Scope;
use crate::shared::table::{Tone, s};
use crate::state::App;
use crate::view::View;

/// Why an AWS change is refused in a read-only session.
pub const READ_ONLY: &str = "read-only session (--read-only): AppFlow flows are not started, \
                             stopped, cancelled, updated or deleted, workflows not created or deleted";

/// Takes the keys that mean something else on an AWS list; None leaves them to the
/// list.
pub fn handle(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    if app.overlay.is_some() {
        return None;
    }
    let kind = match app.view() {
        Some(View::List(l)) if l.kind.is_aws() => l.kind,
        _ => return None,
    };
    Some(match action {
        Action::TriggerRun => start(app),
        Action::ToggleFlow => stop_or_activate(app),
        Action::Remove if kind == ListKind::AwsWorkflows => delete_workflow(app),
        Action::Remove if kind == ListKind::AwsFlows => super::flows::delete(app),
        Action::Edit if kind == ListKind::AwsFlows => super::flows::edit(app),
        Action::Remove => cancel(app),
        Action::NewWorkflow => new_workflow(app),
        Action::Integrations => of_domain(app, ListKind::AwsIntegrations),
        Action::ObjectTypes => of_domain(app, ListKind::AwsObjectTypes),
        Action::Graph => crate::features::aws::graph::open(app),
        Action::Uses if kind == ListKind::AwsProfiles => match selected(app) {
            Some((_, _, id, _)) => push_list(app, ListKind::AwsWorkflows, Scope::AwsProfile(id)),
            None => Vec::new(),
        },
        Action::Edit | Action::EditExternal => {
            app.toast(
                "AWS workflows are created, not patched: n starts a new one; e edits an AppFlow flow",
                true,
            );
            Vec::new()
        }
        _ => return None,
    })
}

/// The AppFlow flow a key applies to: the selected flow, or the flow whose executions
/// or step are in view. With its list item when there is one (trigger type, status).
pub(super) fn flow_in_focus(app: &App) -> Option<(String, Option<Value>)> {
    let l = app.list()?;
    match (l.kind, &l.scope) {
        (ListKind::AwsFlows, _) => {
            let v = l.selected_item()?;
            Some((s(&v, "/flowName").to_string(), Some(v)))
        }
        (ListKind::AwsExecutions, Scope::AwsFlow(name)) => {
            Some((name.clone(), known_flow(app, name)))
        }
        (ListKind::AwsSteps, _) => {
            let v = l.selected_item()?;
            let name = s(&v, "/AppflowIntegration/FlowName").to_string();
            let known = known_flow(app, &name);
            Some((name, known))
        }
        _ => None,
    }
}

/// A flow's list item from any AppFlow list open, for its trigger type.
pub(super) fn known_flow(app: &App, name: &str) -> Option<Value> {
    app.stacks.iter().flatten().find_map(|v| match v {
        View::List(l) if l.kind == ListKind::AwsFlows => {
            l.items().into_iter().find(|f| s(f, "/flowName") == name)
        }
        _ => None,
    })
}

pub(super) fn start(app: &mut App) -> Vec<Effect> {
    let Some((flow, item)) = flow_in_focus(app) else {
        app.toast("no AppFlow flow here: select a flow", true);
        return Vec::new();
    };
    let trigger = item.as_ref().map(|v| s(v, "/triggerType").to_string());
    // A fresh token per question: `y` sends it, and the SDK's retries of that one request
    // carry the same token, so AppFlow starts at most one execution.
    let client_token = app.unique_token();
    let mut lines = vec![
        (Tone::Plain, format!("Start AppFlow flow {flow}?")),
        (Tone::Plain, String::new()),
        (Tone::Running, "POST /start-flow".to_string()),
    ];
    let body = json!({ "flowName": flow, "clientToken": client_token });
    lines.extend(pretty(&body));
    match trigger.as_deref() {
        Some("OnDemand") => lines.push((Tone::Plain, "Runs the flow once, now.".into())),
        Some(t @ ("Scheduled" | "Event")) => lines.push((
            Tone::Warn,
            format!(
                "⚠ {flow} is a {t} flow: StartFlow does not run it now, it activates it \
                 (flowStatus → Active) and its {} take over.",
                if t == "Scheduled" {
                    "schedule"
                } else {
                    "events"
                }
            ),
        )),
        _ => lines.push((
            Tone::Warn,
            "⚠ Trigger type unknown here: on a Scheduled or Event flow StartFlow activates \
             the flow instead of running it."
                .into(),
        )),
    }
    lines.push((
        Tone::Dim,
        "The client token makes a retry of this request harmless: one execution at most.".into(),
    ));
    ask(
        app,
        "start an AppFlow flow",
        lines,
        AwsChange::StartFlow {
            flow: flow.clone(),
            client_token,
        },
        format!("start of {flow}"),
    )
}

pub(super) fn stop_or_activate(app: &mut App) -> Vec<Effect> {
    let Some((flow, Some(item))) = flow_in_focus(app) else {
        app.toast(
            "select an AppFlow flow in the AppFlow tab to stop or activate it",
            true,
        );
        return Vec::new();
    };
    let trigger = s(&item, "/triggerType");
    let status = s(&item, "/flowStatus");
    if trigger == "OnDemand" {
        app.toast(
            format!("{flow} runs on demand: it has no schedule to stop (t starts it)"),
            true,
        );
        return Vec::new();
    }
    if status != "Active" {
        // Activation is StartFlow on a Scheduled or Event flow.
        return start(app);
    }
    let mut lines = vec![
        (Tone::Plain, format!("Stop AppFlow flow {flow}?")),
        (Tone::Plain, String::new()),
        (Tone::Running, "POST /stop-flow".to_string()),
    ];
    lines.extend(pretty(&json!({ "flowName": flow })));
    lines.push((
        Tone::Warn,
        format!("Its {trigger} runs stop (flowStatus → Suspended) until it is started again."),
    ));
    lines.push((Tone::Dim, "Sent once, never retried.".into()));
    ask(
        app,
        "stop an AppFlow flow",
        lines,
        AwsChange::StopFlow { flow: flow.clone() },
        format!("stop of {flow}"),
    )
}

pub(super) fn cancel(app: &mut App) -> Vec<Effect> {
    let Some((flow, _)) = flow_in_focus(app) else {
        app.toast(
            "no AppFlow flow here: select a flow or one of its executions",
            true,
        );
        return Vec::new();
    };
    // One execution at a time, picked in the flow's executions: an empty list would
    // cancel every run of the flow, which no selection should mean.
    let ids: Vec<String> = match app.list() {
        Some(l) if l.kind == ListKind::AwsExecutions => match l.selected_item() {
            Some(e) if matches!(s(&e, "/executionStatus"), "InProgress") => {
                vec![s(&e, "/executionId").to_string()]
            }
            Some(e) => {
                let status = s(&e, "/executionStatus").to_string();
                app.toast(
                    format!("this execution is {status}: only one in progress can be cancelled"),
                    true,
                );
                return Vec::new();
            }
            None => return Vec::new(),
        },
        _ => {
            app.toast(
                format!("open {flow}'s executions (enter) and press X on the one to cancel"),
                true,
            );
            return Vec::new();
        }
    };
    let what = format!("execution {} of {flow}", ids.join(", "));
    let mut lines = vec![
        (Tone::Plain, format!("Cancel {what}?")),
        (Tone::Plain, String::new()),
        (Tone::Running, "POST /cancel-flow-executions".to_string()),
    ];
    let body = json!({ "flowName": flow, "executionIds": ids });
    lines.extend(pretty(&body));
    lines.push((
        Tone::Warn,
        "Records already written stay written; the run stops where it is.".into(),
    ));
    lines.push((Tone::Dim, "Sent once, never retried.".into()));
    ask(
        app,
        "cancel AppFlow executions",
        lines,
        AwsChange::CancelExecutions {
            flow: flow.clone(),
            execution_ids: ids,
        },
        format!("cancel of {what}"),
    )
}

/// `X` on a workflow: DeleteWorkflow, after a question that says what goes with it.
pub(super) fn delete_workflow(app: &mut App) -> Vec<Effect> {
    let Some(wf) = app.list().and_then(|l| l.selected_item()) else {
        return Vec::new();
    };
    let (domain, id) = (
        s(&wf, "/DomainName").to_string(),
        s(&wf, "/WorkflowId").to_string(),
    );
    if domain.is_empty() || id.is_empty() {
        app.toast("this row names no workflow of a domain", true);
        return Vec::new();
    }
    let lines_of = |text: &str| (Tone::Plain, text.to_string());
    let mut lines = vec![
        (
            Tone::Plain,
            format!("Delete workflow {id} of domain {domain}?"),
        ),
        (Tone::Plain, String::new()),
        (
            Tone::Running,
            format!("DELETE /domains/{domain}/workflows/{id}"),
        ),
        lines_of("The workflow and its steps go, with what it made: its integration"),
        lines_of("and its AppFlow flow. Profiles it already wrote stay."),
    ];
    if matches!(s(&wf, "/Status"), "IN_PROGRESS" | "NOT_STARTED") {
        lines.push((
            Tone::Warn,
            "⚠ It has not ended: its remaining steps will not run.".into(),
        ));
    }
    lines.push((Tone::Dim, "Sent once, never retried.".into()));
    ask(
        app,
        "delete a workflow",
        lines,
        AwsChange::DeleteWorkflow {
            domain,
            id: id.clone(),
        },
        format!("delete of workflow {id}"),
    )
}

pub(super) fn ask(
    app: &mut App,
    title: &str,
    lines: Vec<(Tone, String)>,
    change: AwsChange,
    what: String,
) -> Vec<Effect> {
    // Refused before the question, as Flow Service changes are: a question whose `y`
    // can only be refused wastes the reading.
    if app.read_only {
        app.toast(format!("refused: {READ_ONLY}"), true);
        return Vec::new();
    }
    let ask = Ask::new(
        title,
        "send",
        lines,
        AwsReply::Send {
            change: Box::new(change),
            what,
        },
    );
    app.overlay = Some(Overlay::Ask(Box::new(ask.map(Reply::Aws))));
    Vec::new()
}

pub(super) fn pretty(v: &Value) -> Vec<(Tone, String)> {
    serde_json::to_string_pretty(v)
        .unwrap_or_default()
        .lines()
        .map(|l| (Tone::Plain, l.to_string()))
        .collect()
}

/// The Customer Profiles domain a key applies to: the domain row selected, the domain
/// whose workflows, integrations or object types are in view, or the selected workflow's.
pub(super) fn domain_in_focus(app: &App) -> Option<String> {
    let l = app.list()?;
    match (&l.kind, &l.scope) {
        (ListKind::AwsDomains, _) => l.selected_row().map(|r| r.id().to_string()),
        (_, Scope::AwsDomain(d)) => Some(d.clone()),
        (ListKind::AwsWorkflows, _) => l
            .selected_item()
            .map(|v| s(&v, "/DomainName").to_string())
            .filter(|d| !d.is_empty()),
        _ => None,
    }
}

/// `i` / `O`: the integrations or the object types of the domain in focus.
fn of_domain(app: &mut App, kind: ListKind) -> Vec<Effect> {
    match domain_in_focus(app) {
        Some(d) => push_list(app, kind, Scope::AwsDomain(d)),
        None => {
            app.toast(
                format!("select a domain (tab 6) to see its {}", kind.noun()),
                true,
            );
            Vec::new()
        }
    }
}

/// `n`: asks which connector the new workflow reads from, in the domain in view.
pub(super) fn new_workflow(app: &mut App) -> Vec<Effect> {
    let Some(domain) = domain_in_focus(app) else {
        app.toast("open a domain (tab 6) to create a workflow in it", true);
        return Vec::new();
    };
    let choices = Connector::ALL
        .iter()
        .map(|c| c.type_name().to_string())
        .collect();
    let bx = InputBox::prompt(
        app.new_text,
        "new workflow from ",
        "Salesforce",
        Reply::Aws(AwsReply::NewWorkflow { domain }),
        choices,
    );
    app.overlay = Some(Overlay::Input(Box::new(bx)));
    Vec::new()
}
