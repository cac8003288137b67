//! The templates, and the editor spec around the validator: check, request, effect,
//! drafts, and how a sent create shows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use crate::effect::Effect;
use crate::features::aws::create::spec::{CreateWorkflowSpec, summary};
use crate::features::aws::create::tests::*;
use crate::shared::editor::spec::{EditSpec, Mode};
use crate::shared::effect::Change;
use crate::shared::jsontext::diff::Change as Line;

#[test]
fn every_template_validates_clean() {
    for c in Connector::ALL {
        for profile in [None, Some("my-profile")] {
            let text = template(c, "acme-prod_1", profile, NOW);
            let body = passes(&text);
            let flow = &body.pointer(FD).unwrap();
            let name = flow["FlowName"].as_str().unwrap();
            assert!(!name.contains(' '), "{name}");
            assert_eq!(
                flow.pointer("/SourceFlowConfig/ConnectorType").unwrap(),
                c.type_name()
            );
            assert!(
                flow.pointer(&format!(
                    "/SourceFlowConfig/SourceConnectorProperties/{}",
                    c.key()
                ))
                .is_some()
            );
            let tasks = flow["Tasks"].as_array().unwrap();
            assert_eq!(tasks[0]["TaskType"], "Filter");
            assert_eq!(tasks[0]["ConnectorOperator"][c.key()], "PROJECTION");
            assert!(tasks[1..].iter().all(|t| t["TaskType"] == "Map"
                && t["ConnectorOperator"][c.key()] == "NO_OP"
                && t["DestinationField"] == t["SourceFields"][0]));
            assert_eq!(
                tasks.len() - 1,
                tasks[0]["SourceFields"].as_array().unwrap().len()
            );
        }
    }
}

#[test]
fn templates_carry_the_domain_profile_schedule_and_history() {
    let v = salesforce();
    assert_eq!(v["DomainName"], "acme");
    assert_eq!(v["WorkflowType"], "APPFLOW_INTEGRATION");
    assert_eq!(
        v.pointer(FD).unwrap()["FlowName"],
        "Salesforce-Account-to-acme"
    );
    assert_eq!(v.pointer(SFC).unwrap()["ConnectorProfileName"], "sf-prod");
    let s = v.pointer(SCHED).unwrap();
    assert_eq!(s["ScheduleExpression"], "rate(1hours)");
    assert_eq!(s["DataPullMode"], "Incremental");
    let hour = NOW / 3600 * 3600;
    assert_eq!(s["ScheduleStartTime"], hour + 3600);
    assert_eq!(v.pointer(BATCH).unwrap()["EndTime"], hour);
    // Without a profile: a placeholder, except for S3, which reads without one.
    let marketo: Value =
        serde_json::from_str(&template(Connector::Marketo, "acme", None, NOW)).unwrap();
    assert_eq!(
        marketo.pointer(SFC).unwrap()["ConnectorProfileName"],
        "marketo-profile"
    );
    let s3: Value = serde_json::from_str(&template(Connector::S3, "acme", None, NOW)).unwrap();
    assert!(
        s3.pointer(SFC)
            .unwrap()
            .get("ConnectorProfileName")
            .is_none()
    );
    assert!(
        s3.pointer(SFC)
            .unwrap()
            .get("IncrementalPullConfig")
            .is_none()
    );
    assert_eq!(
        s3.pointer(&format!("{SFC}/SourceConnectorProperties/S3/BucketPrefix"))
            .unwrap(),
        "acme/customers/"
    );
    // A domain a flow name cannot hold as is.
    let odd: Value =
        serde_json::from_str(&template(Connector::Zendesk, "-x y", None, NOW)).unwrap();
    assert_eq!(
        odd.pointer(FD).unwrap()["FlowName"],
        "Zendesk-tickets-to--x-y"
    );
}

fn spec() -> CreateWorkflowSpec {
    CreateWorkflowSpec::new("acme", Connector::Salesforce, Some("sf-prod"), NOW)
}

#[test]
fn the_spec_opens_on_the_template_and_sends_the_body() {
    let s = spec();
    assert_eq!(s.title(), "new workflow in «acme»");
    assert_eq!(s.modes(), &[Mode::Patch]);
    let text = s.initial(Mode::Patch);
    assert_eq!(
        text,
        template(Connector::Salesforce, "acme", Some("sf-prod"), NOW)
    );
    assert!(s.convert(Mode::Patch, &text, Mode::Document).is_err());
    let checked = s.check(Mode::Patch, &text);
    assert!(checked.findings.is_empty(), "{:?}", checked.findings);
    let body = checked.payload.clone().unwrap();
    assert_eq!(body, salesforce());
    assert_eq!(
        checked.summary,
        "CreateIntegrationWorkflow · flow Salesforce-Account-to-acme · Salesforce Account → \
         Salesforce-Account"
    );
    assert!(checked.preview.iter().all(|l| l.change == Line::Added));
    assert_eq!(checked.preview.len(), pretty(&body).lines().count());
    assert_eq!(
        s.request_lines(&body),
        [
            "POST /domains/acme/workflows/integrations",
            "sent once, never retried: sending it again would create a second workflow",
            checked.summary.as_str(),
        ]
    );
    match s.submit(&body) {
        Change::Aws(crate::features::aws::AwsChange::CreateWorkflow { domain, body: b }) => {
            assert_eq!(domain, "acme");
            assert_eq!(b, body);
        }
        other => panic!("a create: {other:?}"),
    }
    assert_eq!(s.etag(), None);
    assert!(s.server_changes(&json!({"WorkflowId": "x"})).is_empty());
    assert_eq!(s.on(&json!({"WorkflowId": "x"})).title(), s.title());
}

#[test]
fn the_spec_holds_back_a_request_with_errors() {
    let s = spec();
    let checked = s.check(Mode::Patch, &with("/RoleArn", json!("nope")));
    assert_eq!(checked.payload, None);
    assert!(checked.preview.is_empty());
    assert_eq!(checked.summary, "not ready: 1 error");
    assert_eq!(checked.errors(), 1);
}

#[test]
fn a_request_for_another_domain_goes_there_with_a_warning() {
    let s = spec();
    let text = with("/DomainName", json!("other"));
    let checked = s.check(Mode::Patch, &text);
    assert_eq!(checked.warnings(), 1);
    assert_eq!(
        checked.findings[0].message,
        "DomainName is other, but this form was opened in acme: the workflow will be created \
         in other"
    );
    let body = checked.payload.unwrap();
    assert_eq!(
        s.request_lines(&body)[0],
        "POST /domains/other/workflows/integrations"
    );
}

#[test]
fn drafts_reopen_the_same_form() {
    let s = spec();
    let d = s.draft();
    assert_eq!(d.resource, "aws-workflows");
    assert_eq!(d.id, "acme/new");
    assert_eq!(d.etag, None);
    let back = CreateWorkflowSpec::from_draft(&d.resource, &d.id, d.base.as_ref()).unwrap();
    assert_eq!(back, s);
    assert_eq!(
        CreateWorkflowSpec::from_draft("flows", &d.id, d.base.as_ref()),
        None
    );
}

#[test]
fn summaries_name_an_s3_source_by_its_bucket() {
    assert_eq!(
        summary(&request(Connector::S3)),
        "CreateIntegrationWorkflow · flow S3-customers-to-acme · S3 \
         customer-profiles-source/acme/customers → S3-customers"
    );
}

/// An app with the new-workflow form in view, its request on the way.
fn sending() -> (crate::state::App, u64) {
    use crate::shared::editor::{EditorView, Stage};
    use crate::state::App;
    use crate::view::View;
    let mut app = App::new(
        crate::shared::effect::Target::default(),
        crate::shared::keymap::Keymap::defaults(),
        crate::shared::theme::ThemeName::Dark,
        crate::shared::text::plain::new_text,
        NOW * 1000,
    );
    let slot = app.next_id();
    let mut e = EditorView::new(slot, Box::new(spec()), app.new_text);
    e.set_text(&with("/ObjectTypeName", json!("Accounts")));
    e.stage = Stage::Sending;
    app.stack_mut().push(View::Editor(Box::new(e)));
    (app, slot)
}

/// The answer to the form's request, as the app receives it.
fn answered(
    app: &mut crate::state::App,
    slot: u64,
    outcome: crate::shared::effect::Outcome,
) -> Vec<Effect> {
    crate::receive::receive(app, crate::effect::Msg::Submitted { slot, outcome })
}

fn sent(object: Option<Value>) -> crate::shared::effect::Outcome {
    crate::shared::effect::Outcome::Sent {
        object,
        etag: None,
        journal: Ok(()),
    }
}

#[test]
fn a_created_workflow_shows_its_id_and_the_form_starts_over() {
    use crate::shared::editor::Stage;
    use crate::view::View;
    let (mut app, slot) = sending();
    let id = "0123456789abcdef0123456789abcdef";
    let answer = json!({"WorkflowId": id, "Message": "workflow created"});
    let fx = answered(&mut app, slot, sent(Some(answer)));
    assert!(fx.iter().any(|f| matches!(f, Effect::RemoveDraft(_))));
    let Some(View::Editor(e)) = app.view() else {
        panic!("the form stays in view")
    };
    assert!(matches!(e.stage, Stage::Editing));
    assert_eq!(
        e.notice.as_ref().unwrap().text,
        format!("✓ created: new workflow in «acme», WorkflowId {id} (workflow created)")
    );
    assert!(!e.edited(), "a fresh form for the next workflow");
}

#[test]
fn a_create_whose_answer_is_lost_says_to_look_before_sending_again() {
    use crate::shared::editor::Stage;
    use crate::view::View;
    let (mut app, slot) = sending();
    answered(&mut app, slot, sent(None));
    let Some(View::Editor(e)) = app.view() else {
        panic!("the form stays in view")
    };
    assert!(matches!(e.stage, Stage::Editing));
    assert_eq!(
        e.notice.as_ref().unwrap().text,
        "✓ sent (new workflow in «acme»), but the answer could not be read: look for what it \
         created before sending again"
    );
    assert!(!e.edited(), "what was sent is not offered again as an edit");
    assert!(
        e.value().contains("\"Accounts\""),
        "the text sent stays in view"
    );
}
