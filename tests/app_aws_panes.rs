//! Pure update tests of the AWS panes of a domain and of an AppFlow flow's changes: `i`
//! and `O` on a domain list its integrations and object types, `enter` on an integration
//! opens its AppFlow flow's executions and on an object type its detail
//! (GetProfileObjectType), `e` on a flow opens the UpdateFlow editor, `X` on a flow asks
//! to delete it (naming the integration that uses it, offering force).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::effect::Effect;
use flowscope::app::features::aws::AwsChange;
use flowscope::app::overlay::Overlay;
use flowscope::app::shared::action::Action;
use flowscope::app::shared::effect::{Change, Request};
use flowscope::app::shared::nav::{ListKind, ObjKind, Scope, Tab};
use flowscope::app::state::App;
use flowscope::app::update::update;
use flowscope::app::view::View;
use serde_json::{Value, json};
use support::tui::{deliver, fetches, keys, submits, test_app};

/// The request of the first fetch in `fx`, answered with `items`.
pub fn answer(app: &mut App, fx: &[Effect], items: Vec<Value>) -> Request {
    let request = fetches(fx).first().map(|f| f.2.clone()).expect("a fetch");
    deliver(app, fx, items);
    request
}

/// The Workflows tab with one domain, retail-prod, selected.
fn domains() -> App {
    let mut app = test_app();
    let fx = update(&mut app, Action::GoTab(Tab::Workflows));
    answer(
        &mut app,
        &fx,
        vec![json!({"DomainName": "retail-prod", "CreatedAt": "2026-11-01T00:00:00Z"})],
    );
    app
}

const FLOW_ARN: &str = "arn:aws:appflow:us-east-1:123456789012:flow/crm-accounts-hourly";

#[test]
fn i_lists_the_integrations_of_a_domain_and_enter_opens_the_flow() {
    let mut app = domains();
    let fx = keys(&mut app, "i");
    let request = answer(
        &mut app,
        &fx,
        vec![json!({"DomainName": "retail-prod", "Uri": FLOW_ARN,
                    "ObjectTypeName": "Salesforce-Account",
                    "WorkflowId": "0123456789abcdef0123456789abcdef",
                    "CreatedAt": "2026-11-20T00:00:00Z", "LastUpdatedAt": "2026-11-21T00:00:00Z"})],
    );
    assert!(
        matches!(&request, Request::List { kind: ListKind::AwsIntegrations, scope: Scope::AwsDomain(d), .. } if d == "retail-prod"),
        "{request:?}"
    );
    assert_eq!(app.view().unwrap().crumb(), "retail-prod › integrations");
    let row = app.list().unwrap().selected_row().unwrap().id().to_string();
    assert_eq!(row, "crm-accounts-hourly");
    let fx = keys(&mut app, "<enter>");
    let request = fetches(&fx).first().map(|f| f.2.clone()).expect("a fetch");
    assert!(
        matches!(&request, Request::List { kind: ListKind::AwsExecutions, scope: Scope::AwsFlow(f), .. } if f == "crm-accounts-hourly"),
        "{request:?}"
    );
}

#[test]
fn o_lists_the_object_types_of_a_domain_and_enter_reads_one() {
    let mut app = domains();
    let fx = keys(&mut app, "O");
    let request = answer(
        &mut app,
        &fx,
        vec![
            json!({"DomainName": "retail-prod", "ObjectTypeName": "Salesforce-Account",
                    "Description": "Accounts from Salesforce"}),
        ],
    );
    assert!(
        matches!(&request, Request::List { kind: ListKind::AwsObjectTypes, scope: Scope::AwsDomain(d), .. } if d == "retail-prod"),
        "{request:?}"
    );
    let fx = keys(&mut app, "<enter>");
    let request = fetches(&fx).first().map(|f| f.2.clone()).expect("a fetch");
    assert_eq!(
        request,
        Request::Get {
            kind: ObjKind::AwsObjectType,
            id: "retail-prod/Salesforce-Account".into()
        }
    );
}

#[test]
fn i_and_o_need_a_domain() {
    let mut app = test_app();
    let fx = update(&mut app, Action::GoTab(Tab::Connectors));
    answer(&mut app, &fx, vec![json!({"connectorProfileName": "sf"})]);
    assert!(keys(&mut app, "i").is_empty());
    assert!(app.toasts.last().unwrap().text.contains("select a domain"));
}

/// The AppFlow tab with one flow.
fn appflow(read_only: bool) -> App {
    let mut app = test_app();
    app.read_only = read_only;
    let fx = update(&mut app, Action::GoTab(Tab::AppFlow));
    answer(
        &mut app,
        &fx,
        vec![
            json!({"flowName": "crm-accounts-hourly", "flowStatus": "Active",
                    "triggerType": "Scheduled"}),
        ],
    );
    app
}

fn asked(app: &App) -> String {
    match &app.overlay {
        Some(Overlay::Ask(a)) => a
            .lines
            .iter()
            .map(|(_, l)| l.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        other => panic!("no question: {other:?}"),
    }
}

#[test]
fn e_on_a_flow_reads_it_then_opens_the_update_editor() {
    let mut app = appflow(false);
    let fx = keys(&mut app, "e");
    let (slot, ticket, request) = fetches(&fx).first().cloned().expect("a read");
    assert_eq!(
        request,
        Request::Get {
            kind: ObjKind::AwsFlow,
            id: "crm-accounts-hourly".into()
        }
    );
    let value = json!({"flowName": "crm-accounts-hourly", "flowArn": "arn:x", "tasks": []});
    flowscope::app::receive::receive(
        &mut app,
        flowscope::app::effect::Msg::Object {
            slot,
            ticket,
            value,
        },
    );
    match app.view() {
        Some(View::Editor(e)) => {
            assert!(e.value().contains("\"tasks\""), "{}", e.value());
            assert!(!e.value().contains("flowArn"), "{}", e.value());
        }
        other => panic!("no editor: {other:?}"),
    }
}

#[test]
fn x_on_a_flow_asks_to_delete_it_and_y_sends_delete_flow() {
    let mut app = appflow(false);
    assert!(keys(&mut app, "X").is_empty());
    let q = asked(&app);
    assert!(q.contains("POST /delete-flow"), "{q}");
    assert!(q.contains("\"forceDelete\": false"), "{q}");
    let fx = keys(&mut app, "y");
    let sent: Vec<Change> = submits(&fx).into_iter().map(|(_, c)| c).collect();
    assert_eq!(
        sent,
        vec![Change::Aws(AwsChange::DeleteFlow {
            flow: "crm-accounts-hourly".into(),
            force: false
        })]
    );
}

#[test]
fn read_only_refuses_a_flow_delete_before_asking() {
    let mut app = appflow(true);
    assert!(keys(&mut app, "X").is_empty());
    assert!(app.overlay.is_none());
    assert!(app.toasts.last().unwrap().text.contains("refused"));
}

#[test]
fn the_new_workflow_form_reads_the_domains_object_types_and_marks_an_unknown_one() {
    let mut app = domains();
    keys(&mut app, "n");
    let fx = keys(&mut app, "<enter>");
    let request = answer(
        &mut app,
        &fx,
        vec![
            json!({"ObjectTypeName": "Salesforce-Account"}),
            json!({"ObjectTypeName": "Orders"}),
        ],
    );
    assert!(
        matches!(&request, Request::List { kind: ListKind::AwsObjectTypes, scope: Scope::AwsDomain(d), .. } if d == "retail-prod"),
        "{request:?}"
    );
    let Some(View::Editor(e)) = app.view_mut() else {
        panic!("the form is open")
    };
    let good = e.value();
    assert!(
        !e.checked
            .findings
            .iter()
            .any(|f| f.message.contains("ObjectTypeName")),
        "{:?}",
        e.checked.findings
    );
    e.set_text(&good.replacen("\"Salesforce-Account\"", "\"Salesforce-Acount\"", 1));
    e.changed();
    let line = e
        .value()
        .lines()
        .position(|l| l.contains("\"ObjectTypeName\""))
        .unwrap()
        + 1;
    let f = e
        .checked
        .findings
        .iter()
        .find(|f| {
            f.message
                .contains("not an object type of domain retail-prod")
        })
        .unwrap_or_else(|| panic!("{:?}", e.checked.findings));
    assert_eq!(f.line, line);
    assert!(
        f.message.contains("did you mean Salesforce-Account?"),
        "{}",
        f.message
    );
    assert!(e.checked.payload.is_none(), "nothing to send");
}

#[test]
fn a_delete_refused_as_in_use_makes_the_next_x_force_it() {
    let mut app = appflow(false);
    keys(&mut app, "X");
    let fx = keys(&mut app, "y");
    let (slot, _) = submits(&fx).into_iter().next().expect("a delete");
    flowscope::app::receive::receive(
        &mut app,
        flowscope::app::effect::Msg::Submitted {
            slot,
            outcome: flowscope::app::shared::effect::Outcome::Failed {
                error: flowscope::model::ErrorInfo {
                    status: Some(409),
                    code: Some("ConflictException".into()),
                    message: "ConflictException: Flow crm-accounts-hourly is in use".into(),
                    retry: false,
                },
                unsure: false,
                journal: Ok(()),
            },
        },
    );
    let toasts: Vec<String> = app.toasts.iter().map(|t| t.text.clone()).collect();
    assert!(
        toasts.iter().any(|t| t.contains("ConflictException")),
        "{toasts:?}"
    );
    keys(&mut app, "X");
    let q = asked(&app);
    assert!(q.contains("\"forceDelete\": true"), "{q}");
    assert!(q.contains("refused to delete it before"), "{q}");
}
