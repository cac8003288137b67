//! flowscope's AWS client against the emulator, changes: a workflow created from an
//! edited request and followed on the manual clock, StartFlow / StopFlow /
//! CancelFlowExecutions with AppFlow's rules, and fault injection proving that no change
//! is sent twice while StartFlow's retries carry one client token.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;
use serde_json::{Value, json};

use flowscope::api::aws::{AwsClient, AwsErrorKind, AwsSettings, collect_pages};
use flowscope::emulator::{self, EmulatorConfig, EmulatorHandle, FaultConfig};

const MIN: i64 = 60_000;

async fn start(faults: FaultConfig) -> (EmulatorHandle, AwsClient) {
    let cfg = EmulatorConfig {
        faults,
        ..EmulatorConfig::for_tests()
    };
    let emu = emulator::start("127.0.0.1:0".parse().unwrap(), cfg)
        .await
        .unwrap();
    let client = AwsClient::connect(&AwsSettings::emulator(&emu.aws_endpoint()))
        .await
        .unwrap();
    (emu, client)
}

/// A CreateIntegrationWorkflow request as the editor sends it, with times in both forms
/// the SDK mapping reads: RFC 3339 strings and epoch seconds.
fn request(flow_name: &str) -> Value {
    let mut r = support::aws::zendesk_workflow(flow_name);
    r["DomainName"] = json!("retail-prod");
    let app = &mut r["IntegrationConfig"]["AppflowIntegration"];
    app["FlowDefinition"]["TriggerConfig"]["TriggerProperties"]["Scheduled"]["ScheduleStartTime"] =
        json!("2026-11-01T00:00:00Z");
    app["Batches"][0]["StartTime"] = json!("2026-09-01T00:00:00Z");
    r
}

fn progress(w: &Value) -> (String, i64, i64) {
    let m = &w["Metrics"]["AppflowIntegration"];
    (
        w["Status"].as_str().unwrap().to_string(),
        m["StepsCompleted"].as_i64().unwrap(),
        m["TotalSteps"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn a_workflow_created_from_an_edited_request_runs_and_is_deleted() {
    let (emu, c) = start(FaultConfig::default()).await;
    let out = c
        .create_integration_workflow(&request("support-zendesk-tickets"))
        .await
        .unwrap();
    let id = out["WorkflowId"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 32);
    assert!(out["Message"].is_string());
    assert_eq!(emu.aws_workflows_created(), 1);

    let w = c.workflow("retail-prod", &id).await.unwrap();
    assert_eq!(progress(&w), ("NOT_STARTED".into(), 0, 3));
    emu.clock.advance(30_000 + MIN);
    let w = c.workflow("retail-prod", &id).await.unwrap();
    assert_eq!(progress(&w), ("IN_PROGRESS".into(), 1, 3));
    let steps = collect_pages(c.workflow_steps("retail-prod", &id))
        .await
        .unwrap();
    assert_eq!(steps[0]["AppflowIntegration"]["Status"], "COMPLETE");
    assert_eq!(
        steps[0]["AppflowIntegration"]["BatchRecordsStartTime"],
        "2026-09-01T00:00:00Z"
    );
    emu.clock.advance(2 * MIN);
    let w = c.workflow("retail-prod", &id).await.unwrap();
    assert_eq!(progress(&w), ("COMPLETE".into(), 3, 3));

    // The flow it made, as AppFlow describes it, with the request's times.
    let f = c.describe_flow("support-zendesk-tickets").await.unwrap();
    assert_eq!(f["flowStatus"], "Active");
    assert_eq!(
        f["triggerConfig"]["triggerProperties"]["Scheduled"]["scheduleStartTime"],
        "2026-11-01T00:00:00Z"
    );
    assert_eq!(
        f["tasks"][1]["taskProperties"]["DESTINATION_DATA_TYPE"],
        "string"
    );

    c.delete_workflow("retail-prod", &id).await.unwrap();
    let e = c.workflow("retail-prod", &id).await.unwrap_err();
    assert_eq!(e.code.as_deref(), Some("ResourceNotFoundException"));
    let e = c.delete_workflow("retail-prod", &id).await.unwrap_err();
    assert!(e.is_not_found());
}

#[tokio::test]
async fn the_service_refuses_what_the_mapping_lets_through() {
    let (emu, c) = start(FaultConfig::default()).await;
    // Well-formed, but the flow name is taken: the service, not the mapping, says no.
    let e = c
        .create_integration_workflow(&request("retail-orders-s3-hourly"))
        .await
        .unwrap_err();
    assert_eq!(e.kind, AwsErrorKind::Service);
    assert!(
        e.code.is_some() && e.status.is_some_and(|s| s >= 400),
        "{e:?}"
    );
    let mut body = request("x-flow");
    body["DomainName"] = json!("nowhere");
    let e = c.create_integration_workflow(&body).await.unwrap_err();
    assert_eq!(e.code.as_deref(), Some("ResourceNotFoundException"));
    assert_eq!(emu.aws_workflows_created(), 0);
}

#[tokio::test]
async fn start_stop_and_cancel_follow_appflows_rules() {
    let (emu, c) = start(FaultConfig::default()).await;
    let flow = "retail-zendesk-tickets-export";
    let first = c.start_flow(flow, "token-1").await.unwrap();
    assert_eq!(first["flowStatus"], "Active");
    let id = first["executionId"].as_str().unwrap().to_string();
    let again = c.start_flow(flow, "token-1").await.unwrap();
    assert_eq!(again["executionId"], json!(id));
    assert_eq!(emu.aws_executions_started(flow), 1);
    let other = c.start_flow(flow, "token-2").await.unwrap();
    assert_ne!(other["executionId"], json!(id));
    assert_eq!(emu.aws_executions_started(flow), 2);

    // A scheduled flow is activated, not run.
    let s = c
        .start_flow("loyalty-marketo-leads-daily", "t")
        .await
        .unwrap();
    assert_eq!(s["flowStatus"], "Active");
    assert!(s.get("executionId").is_none());

    let stopped = c.stop_flow("retail-orders-s3-hourly").await.unwrap();
    assert_eq!(stopped["flowStatus"], "Suspended");
    assert!(
        stopped["flowArn"]
            .as_str()
            .unwrap()
            .ends_with("/retail-orders-s3-hourly")
    );
    let e = c
        .stop_flow("retail-marketo-leads-backfill")
        .await
        .unwrap_err();
    assert_eq!(
        (e.status, e.code.as_deref()),
        (Some(400), Some("UnsupportedOperationException"))
    );

    let backfill = "retail-marketo-leads-backfill";
    let runs = collect_pages(c.executions(backfill)).await.unwrap();
    assert_eq!(runs[0]["executionStatus"], "InProgress");
    let running = runs[0]["executionId"].as_str().unwrap().to_string();
    let finished = runs[1]["executionId"].as_str().unwrap().to_string();
    let ids = [running, finished.clone(), "nope".to_string()];
    let out = c.cancel_flow_executions(backfill, &ids).await.unwrap();
    assert_eq!(out, json!({"invalidExecutions": [finished, "nope"]}));
    let runs = collect_pages(c.executions(backfill)).await.unwrap();
    assert_eq!(runs[0]["executionStatus"], "CancelStarted");
    let e = c.cancel_flow_executions(backfill, &[]).await.unwrap_err();
    assert_eq!(e.kind, AwsErrorKind::Invalid);
}

#[tokio::test]
async fn no_change_is_retried_on_a_500_while_reads_are() {
    let (emu, c) = start(FaultConfig {
        error_rate: 1.0,
        ..FaultConfig::default()
    })
    .await;
    let e = c.stop_flow("retail-orders-s3-hourly").await.unwrap_err();
    assert_eq!(
        (e.status, e.code.as_deref()),
        (Some(500), Some("InternalServerException"))
    );
    assert_eq!(emu.count("POST /stop-flow"), 1);

    let ids = ["e".to_string()];
    c.cancel_flow_executions("retail-marketo-leads-backfill", &ids)
        .await
        .unwrap_err();
    assert_eq!(emu.count("POST /cancel-flow-executions"), 1);

    c.create_integration_workflow(&request("support-zendesk-tickets"))
        .await
        .unwrap_err();
    assert_eq!(
        emu.count("POST /domains/retail-prod/workflows/integrations"),
        1
    );

    let id = "0123456789abcdef0123456789abcdef";
    c.delete_workflow("retail-prod", id).await.unwrap_err();
    assert_eq!(
        emu.count(&format!("DELETE /domains/retail-prod/workflows/{id}")),
        1
    );

    // A read is retried by the SDK's standard retry (three attempts in all).
    let e = c.domain("retail-prod").await.unwrap_err();
    assert_eq!(e.status, Some(500));
    assert_eq!(emu.count("GET /domains/retail-prod"), 3);
}

#[tokio::test]
async fn a_lost_answer_to_start_flow_is_retried_with_one_token() {
    // Every answer is cut after the change is made: the case blind retries get wrong.
    let (emu, c) = start(FaultConfig {
        drop_rate: 1.0,
        ..FaultConfig::default()
    })
    .await;
    let flow = "retail-zendesk-tickets-export";
    let e = c.start_flow(flow, "token-lost").await.unwrap_err();
    assert!(e.unsure(), "{e:?}");
    assert_eq!(emu.count("POST /start-flow"), 3);
    assert_eq!(emu.aws_executions_started(flow), 1);

    let e = c.stop_flow("retail-orders-s3-hourly").await.unwrap_err();
    assert!(e.unsure(), "{e:?}");
    assert_eq!(emu.count("POST /stop-flow"), 1);
}

/// Every connector's template from the create form, naming a connector profile of its
/// type, passes the form's checks and is accepted by the emulator as it comes: the form
/// never starts from a request the service would refuse.
#[tokio::test]
async fn every_connector_template_passes_the_form_and_the_service() {
    use flowscope::app::features::aws::create::{Connector, template, validate};
    let (emu, aws) = start(FaultConfig::default()).await;
    let profiles = collect_pages(aws.connector_profiles()).await.unwrap();
    for (i, connector) in Connector::ALL.into_iter().enumerate() {
        let profile = profiles
            .iter()
            .find(|p| p.get("connectorType").and_then(Value::as_str) == Some(connector.type_name()))
            .and_then(|p| p.get("connectorProfileName").and_then(Value::as_str));
        let text = template(connector, "retail-prod", profile, 1_793_491_200);
        let checked = validate(&text);
        assert!(
            checked.findings.is_empty(),
            "{connector:?}: {:?}",
            checked.findings
        );
        let body = checked.body.expect("a clean form has a body");
        let answer = aws
            .create_integration_workflow(&body)
            .await
            .unwrap_or_else(|e| panic!("{connector:?}: {e}"));
        assert!(answer.get("WorkflowId").is_some(), "{answer}");
        assert_eq!(emu.aws_workflows_created(), i as u64 + 1);
    }
}
