//! Pure update tests of the AWS panes: the tabs load their lists from the AWS side, Enter
//! drills from a domain to its workflows to their steps, StartFlow asks first (warning
//! that a Scheduled flow is activated, not run) and sends one request with a client
//! token, read-only refuses every change, Stop and Cancel pick the right request, and the
//! graph is built from the cache as objects arrive.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::effect::{Effect, Msg};
use flowscope::app::features::aws::AwsChange;
use flowscope::app::overlay::Overlay;
use flowscope::app::receive::receive;
use flowscope::app::shared::action::Action;
use flowscope::app::shared::effect::{Change, Outcome, Request};
use flowscope::app::shared::nav::ListKind;
use flowscope::app::shared::nav::ObjKind;
use flowscope::app::shared::nav::Scope;
use flowscope::app::shared::nav::Tab;
use flowscope::app::state::App;
use flowscope::app::update::update;
use flowscope::app::view::View;
use serde_json::{Value, json};
use support::tui::{deliver, fetches, parse_keys, test_app};

fn keys(app: &mut App, script: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for k in parse_keys(script) {
        if let Some(a) = flowscope::app::route::route_key(app, &flowscope::tui::input::key(&k)) {
            fx.extend(update(app, a));
        }
    }
    fx
}

/// Answers the first fetch in `fx` with `items`; what it asked for.
fn answer(app: &mut App, fx: &[Effect], items: Vec<Value>) -> (ListKind, Scope) {
    let request = fetches(fx).first().map(|f| f.2.clone()).expect("a fetch");
    deliver(app, fx, items);
    match request {
        Request::List { kind, scope, .. } => (kind, scope),
        other => panic!("not a list: {other:?}"),
    }
}

fn flows() -> Vec<Value> {
    vec![
        json!({"flowName": "crm-accounts-hourly", "flowStatus": "Active", "triggerType": "Scheduled",
               "sourceConnectorType": "Salesforce", "destinationConnectorType": "CustomerProfiles"}),
        json!({"flowName": "zendesk-tickets-adhoc", "flowStatus": "Active", "triggerType": "OnDemand",
               "sourceConnectorType": "Zendesk", "destinationConnectorType": "CustomerProfiles"}),
    ]
}

fn appflow_tab() -> App {
    let mut app = test_app();
    let fx = update(&mut app, Action::GoTab(Tab::AppFlow));
    let (kind, _) = answer(&mut app, &fx, flows());
    assert_eq!(kind, ListKind::AwsFlows);
    app
}

fn asked(app: &App) -> Vec<String> {
    match &app.overlay {
        Some(Overlay::Ask(a)) => a.lines.iter().map(|(_, l)| l.clone()).collect(),
        other => panic!("no question: {other:?}"),
    }
}

fn last_toast(app: &App) -> String {
    app.toasts
        .last()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

fn submits(fx: &[Effect]) -> Vec<AwsChange> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Submit {
                change: Change::Aws(c),
                ..
            } => Some(c.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn enter_drills_from_a_domain_to_its_workflows_to_their_steps() {
    let mut app = test_app();
    let fx = update(&mut app, Action::GoTab(Tab::Workflows));
    let (kind, _) = answer(
        &mut app,
        &fx,
        vec![
            json!({"DomainName": "retail-prod", "CreatedAt": "2026-11-01T00:00:00Z",
                    "LastUpdatedAt": "2026-11-02T00:00:00Z"}),
        ],
    );
    assert_eq!(kind, ListKind::AwsDomains);
    let fx = keys(&mut app, "<enter>");
    let (kind, scope) = answer(
        &mut app,
        &fx,
        vec![
            json!({"WorkflowId": "0123456789abcdef0123456789abcdef", "WorkflowType": "APPFLOW_INTEGRATION",
                    "Status": "FAILED", "StatusDescription": "2 of 3 steps failed",
                    "CreatedAt": "2026-11-20T00:00:00Z", "LastUpdatedAt": "2026-11-20T01:00:00Z",
                    "DomainName": "retail-prod"}),
        ],
    );
    assert_eq!(kind, ListKind::AwsWorkflows);
    assert_eq!(scope, Scope::AwsDomain("retail-prod".into()));
    let fx = keys(&mut app, "<enter>");
    let (kind, scope) = answer(&mut app, &fx, Vec::new());
    assert_eq!(kind, ListKind::AwsSteps);
    assert_eq!(
        scope,
        Scope::AwsWorkflow {
            domain: "retail-prod".into(),
            id: "0123456789abcdef0123456789abcdef".into()
        }
    );
    assert_eq!(app.view().unwrap().crumb(), "01234567… › steps");
}

#[test]
fn start_on_a_scheduled_flow_warns_that_it_activates_and_sends_one_token() {
    let mut app = appflow_tab();
    assert!(keys(&mut app, "t").is_empty(), "nothing is sent before y");
    let lines = asked(&app).join("\n");
    assert!(lines.contains("POST /start-flow"), "{lines}");
    assert!(
        lines.contains("Scheduled flow: StartFlow does not run it now, it activates it"),
        "{lines}"
    );
    let fx = keys(&mut app, "y");
    let sent = submits(&fx);
    assert_eq!(sent.len(), 1, "{fx:?}");
    let AwsChange::StartFlow { flow, client_token } = &sent[0] else {
        panic!("{sent:?}")
    };
    assert_eq!(flow, "crm-accounts-hourly");
    assert_eq!(client_token.len(), 36, "a UUID token rides on the request");
    assert!(
        lines.contains(client_token.as_str()),
        "the question shows the token"
    );
}

#[test]
fn start_on_an_on_demand_flow_says_it_runs_once() {
    let mut app = appflow_tab();
    keys(&mut app, "jt");
    assert!(asked(&app).iter().any(|l| l == "Runs the flow once, now."));
}

#[test]
fn read_only_refuses_start_stop_and_cancel() {
    let mut app = appflow_tab();
    app.read_only = true;
    // Refused at the key, before any question, as Flow Service changes are.
    for script in ["t", "D"] {
        let fx = keys(&mut app, script);
        assert!(submits(&fx).is_empty(), "{script}: {fx:?}");
        assert!(app.overlay.is_none(), "{script}");
        let toast = last_toast(&app);
        assert!(toast.contains("refused"), "{script}: {toast}");
    }
    // X cancels one execution, picked in the flow's executions.
    let fx = keys(&mut app, "<enter>");
    answer(
        &mut app,
        &fx,
        vec![json!({"executionId": "e-2", "executionStatus": "InProgress"})],
    );
    let fx = keys(&mut app, "X");
    assert!(submits(&fx).is_empty(), "{fx:?}");
    assert!(app.overlay.is_none());
    let toast = last_toast(&app);
    assert!(toast.contains("refused"), "{toast}");
}

#[test]
fn stop_asks_for_an_active_scheduled_flow_and_not_for_an_on_demand_one() {
    let mut app = appflow_tab();
    keys(&mut app, "D");
    assert!(asked(&app).iter().any(|l| l == "POST /stop-flow"));
    let fx = keys(&mut app, "y");
    assert_eq!(
        submits(&fx),
        vec![AwsChange::StopFlow {
            flow: "crm-accounts-hourly".into()
        }]
    );
    keys(&mut app, "jD");
    assert!(app.overlay.is_none());
    let toast = last_toast(&app);
    assert!(toast.contains("no schedule to stop"), "{toast}");
}

#[test]
fn cancel_on_an_execution_in_progress_cancels_that_one() {
    let mut app = appflow_tab();
    let fx = keys(&mut app, "<enter>");
    let (kind, scope) = answer(
        &mut app,
        &fx,
        vec![
            json!({"executionId": "e-2", "executionStatus": "InProgress", "startedAt": "2026-11-20T10:00:00Z"}),
            json!({"executionId": "e-1", "executionStatus": "Successful", "startedAt": "2026-11-20T09:00:00Z"}),
        ],
    );
    assert_eq!(kind, ListKind::AwsExecutions);
    assert_eq!(scope, Scope::AwsFlow("crm-accounts-hourly".into()));
    keys(&mut app, "X");
    let fx = keys(&mut app, "y");
    assert_eq!(
        submits(&fx),
        vec![AwsChange::CancelExecutions {
            flow: "crm-accounts-hourly".into(),
            execution_ids: vec!["e-2".into()]
        }]
    );
    // A finished execution cannot be cancelled: said, not asked.
    keys(&mut app, "jX");
    assert!(app.overlay.is_none());
}

#[test]
fn an_answer_is_toasted_and_the_pane_read_again() {
    let mut app = appflow_tab();
    keys(&mut app, "jt");
    let fx = keys(&mut app, "y");
    let slot = fx
        .iter()
        .find_map(|e| match e {
            Effect::Submit { slot, .. } => Some(*slot),
            _ => None,
        })
        .unwrap();
    let fx = receive(
        &mut app,
        Msg::Submitted {
            slot,
            outcome: Outcome::Sent {
                object: Some(json!({"flowStatus": "Active", "executionId": "exec-9"})),
                etag: None,
                journal: Ok(()),
            },
        },
    );
    let toast = last_toast(&app);
    assert!(toast.contains("execution exec-9"), "{toast}");
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Fetch { .. })),
        "{fx:?}"
    );
}

#[test]
fn the_flow_graph_fills_in_as_its_objects_arrive() {
    let mut app = appflow_tab();
    let fx = keys(&mut app, "g");
    let View::Graph(g) = app.view().unwrap() else {
        panic!("no graph")
    };
    // The row is not the definition: DescribeFlow is asked for.
    assert!(g.built.nodes.iter().any(|n| n.label == "appflow flow"));
    let wants: Vec<(ObjKind, String)> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Resolve { kind, id, .. } => Some((*kind, id.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        wants,
        [(ObjKind::AwsFlow, "crm-accounts-hourly".to_string())],
        "the definition is asked for, and nothing of Flow Service"
    );
    let generation = app.objects.generation;
    let definition = json!({
        "flowName": "crm-accounts-hourly", "flowStatus": "Active",
        "triggerConfig": {"triggerType": "Scheduled",
            "triggerProperties": {"Scheduled": {"scheduleExpression": "rate(1hours)"}}},
        "sourceFlowConfig": {"connectorType": "Salesforce", "connectorProfileName": "salesforce-prod",
            "sourceConnectorProperties": {"Salesforce": {"object": "Account"}}},
        "destinationFlowConfigList": [{"connectorType": "CustomerProfiles",
            "destinationConnectorProperties": {"CustomerProfiles": {"domainName": "retail-prod", "objectTypeName": "Account"}}}],
        "tasks": [{"taskType": "Map", "sourceFields": ["Name"], "destinationField": "Name",
                   "connectorOperator": {"Salesforce": "NO_OP"}}]
    });
    let fx = receive(
        &mut app,
        Msg::Resolved {
            generation,
            kind: ObjKind::AwsFlow,
            id: "crm-accounts-hourly".into(),
            result: Ok(definition),
        },
    );
    let View::Graph(g) = app.view().unwrap() else {
        panic!("no graph")
    };
    let labels: Vec<&str> = g.built.nodes.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(
        labels,
        ["appflow flow", "source", "connector profile", "object type"]
    );
    let source = &g.built.nodes[1];
    assert_eq!(source.title, "Salesforce · Account");
    assert!(
        g.built.nodes[0]
            .lines
            .iter()
            .any(|(l, _)| l == "Map Name → Name")
    );
    // The profile and the object type are asked for next.
    let asked: Vec<(ObjKind, String)> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Resolve { kind, id, .. } => Some((*kind, id.clone())),
            _ => None,
        })
        .collect();
    assert!(
        asked.contains(&(ObjKind::AwsProfile, "salesforce-prod".into())),
        "{asked:?}"
    );
    assert!(
        asked.contains(&(ObjKind::AwsObjectType, "retail-prod/Account".into())),
        "{asked:?}"
    );
    // Layers run left to right: profile, source, flow, object type.
    let layer = |label: &str| {
        g.built
            .nodes
            .iter()
            .find(|n| n.label == label)
            .unwrap()
            .layer
    };
    assert!(layer("connector profile") < layer("source"));
    assert!(layer("source") < layer("appflow flow"));
    assert!(layer("appflow flow") < layer("object type"));
}

#[test]
fn the_workflow_filter_is_refused_on_other_aws_lists() {
    let mut app = appflow_tab();
    keys(&mut app, "f");
    assert!(app.overlay.is_none());
    let toast = last_toast(&app);
    assert!(
        toast.contains("only workflows filter on the AWS side"),
        "{toast}"
    );
}

#[test]
fn a_draft_of_a_new_workflow_reopens_its_form() {
    let mut app = test_app();
    let draft = flowscope::store::drafts::Draft {
        profile: None,
        sandbox: app.target.sandbox.clone(),
        resource: "aws-workflows".into(),
        id: "retail-prod/new".into(),
        mode: "patch".into(),
        text: "{\"DomainName\": \"retail-prod\"}".into(),
        etag: None,
        base: Some(
            json!({"DomainName": "retail-prod", "ConnectorType": "Zendesk",
                          "OpenedAt": 1_793_491_200}),
        ),
        saved_ms: app.now_ms,
    };
    app.drafts.push(draft.clone());
    flowscope::app::features::edit::open_draft(&mut app, &serde_json::to_value(&draft).unwrap());
    let Some(View::Editor(e)) = app.view() else {
        panic!("the form reopens: {:?}", app.toasts)
    };
    assert_eq!(e.value(), draft.text, "the text as it was left");
    assert_eq!(e.spec.title(), "new workflow in «retail-prod»");
}
