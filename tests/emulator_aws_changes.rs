//! The emulator's AWS side over raw HTTP, changes: CreateIntegrationWorkflow with its
//! checks and a workflow that progresses on the manual clock, DeleteWorkflow, and
//! StartFlow / StopFlow / CancelFlowExecutions with AppFlow's rules.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use serde_json::{Value, json};
use support::aws::Aws;

const CREATE: &str = "/domains/retail-prod/workflows/integrations";
const MIN: i64 = 60_000;

/// The newest ten execution records of `flow`.
async fn records(aws: &Aws, flow: &str) -> Value {
    let body = json!({"flowName": flow, "maxResults": 10});
    aws.post("/describe-flow-execution-records", &body)
        .await
        .body
}

#[tokio::test]
async fn a_created_workflow_steps_through_its_batches_on_the_clock() {
    let aws = Aws::start().await;
    let r = aws
        .post(
            CREATE,
            &support::aws::zendesk_workflow("support-zendesk-tickets"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.body["WorkflowId"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 32);
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert!(r.body["Message"].as_str().unwrap().contains("3 batches"));
    assert_eq!(aws.handle.aws_workflows_created(), 1);

    let path = format!("/domains/retail-prod/workflows/{id}");
    let state = |w: &Value| {
        let m = &w["Metrics"]["AppflowIntegration"];
        (
            w["Status"].as_str().unwrap().to_string(),
            m["StepsCompleted"].as_i64().unwrap(),
            m["TotalSteps"].as_i64().unwrap(),
        )
    };
    let w = aws.get(&path).await;
    assert_eq!(state(&w.body), ("NOT_STARTED".into(), 0, 3));
    assert!(w.body.get("StartDate").is_none());
    let steps = aws.get(&format!("{path}/steps")).await;
    assert_eq!(steps.body["Items"], json!([]));

    aws.advance(30_000);
    assert_eq!(
        state(&aws.get(&path).await.body),
        ("IN_PROGRESS".into(), 0, 3)
    );
    aws.advance(MIN);
    let w = aws.get(&path).await;
    assert_eq!(state(&w.body), ("IN_PROGRESS".into(), 1, 3));
    let steps = aws.get(&format!("{path}/steps")).await;
    let items = steps.body["Items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["AppflowIntegration"]["Status"], "COMPLETE");
    assert_eq!(items[1]["AppflowIntegration"]["Status"], "IN_PROGRESS");
    assert_eq!(
        items[0]["AppflowIntegration"]["BatchRecordsStartTime"],
        "2026-09-01T00:00:00Z"
    );
    assert_eq!(steps.body["WorkflowId"], json!(id));

    aws.advance(2 * MIN);
    let w = aws.get(&path).await;
    assert_eq!(state(&w.body), ("COMPLETE".into(), 3, 3));
    let records: i64 = aws.get(&format!("{path}/steps")).await.body["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["AppflowIntegration"]["RecordsProcessed"]
                .as_i64()
                .unwrap()
        })
        .sum();
    assert_eq!(
        w.body["Metrics"]["AppflowIntegration"]["RecordsProcessed"],
        json!(records)
    );
    assert_eq!(
        w.body["Attributes"]["AppflowIntegration"]["SourceConnectorType"],
        "Zendesk"
    );

    // The flow it created, in AppFlow's shapes, with one run per step.
    let f = aws
        .post(
            "/describe-flow",
            &json!({"flowName": "support-zendesk-tickets"}),
        )
        .await;
    assert_eq!(f.body["flowStatus"], "Active");
    assert_eq!(
        f.body["sourceFlowConfig"]["sourceConnectorProperties"]["Zendesk"]["object"],
        "tickets"
    );
    assert_eq!(
        f.body["tasks"][1]["taskProperties"]["DESTINATION_DATA_TYPE"],
        "string"
    );
    assert_eq!(
        f.body["triggerConfig"]["triggerProperties"]["Scheduled"]["scheduleStartTime"],
        1_793_491_200
    );
    assert_eq!(f.body["tags"]["team"], "support");
    let runs = aws
        .post(
            "/describe-flow-execution-records",
            &json!({"flowName": "support-zendesk-tickets"}),
        )
        .await;
    let runs = runs.body["flowExecutions"].as_array().unwrap();
    assert_eq!(runs.len(), 3);
    assert!(runs.iter().all(|r| r["executionStatus"] == "Successful"));
    let integration = aws
        .post(
            "/domains/retail-prod/integrations",
            &json!({"Uri": f.body["flowArn"]}),
        )
        .await;
    assert_eq!(integration.body["WorkflowId"], json!(id));

    let gone = aws.delete(&path).await;
    assert_eq!((gone.status.as_u16(), gone.body.clone()), (200, json!({})));
    assert_eq!(
        aws.get(&path).await.error_type(),
        "ResourceNotFoundException"
    );
    let f = aws
        .post(
            "/describe-flow",
            &json!({"flowName": "support-zendesk-tickets"}),
        )
        .await;
    assert_eq!(f.status, 404);
    assert_eq!(aws.delete(&path).await.status, 404);
}

#[tokio::test]
async fn create_refuses_what_the_service_refuses_and_names_the_member() {
    let aws = Aws::start().await;
    const DEF: &str = "/IntegrationConfig/AppflowIntegration/FlowDefinition";
    const SRC: &str = "/IntegrationConfig/AppflowIntegration/FlowDefinition/SourceFlowConfig";
    const BATCH: &str = "/IntegrationConfig/AppflowIntegration/Batches/0";
    let src_props = json!({"ServiceNow": {"Object": "incident"}});
    // (member as a JSON pointer, its new value or None to remove it, the message part)
    let cases: Vec<(String, Option<Value>, &str)> = vec![
        ("/RoleArn".into(), None, "RoleArn is required"),
        (
            format!("{DEF}/FlowName"),
            Some(json!("my flow")),
            "FlowName must not contain spaces",
        ),
        (
            format!("{DEF}/FlowName"),
            Some(json!("-x")),
            "FlowName -x does not match",
        ),
        (
            format!("{SRC}/SourceConnectorProperties"),
            Some(src_props),
            "SourceConnectorProperties.ServiceNow does not match ConnectorType Zendesk",
        ),
        (
            format!("{SRC}/ConnectorType"),
            Some(json!("ServiceNow")),
            "ConnectorType ServiceNow is not valid",
        ),
        (
            format!("{DEF}/Tasks/0/ConnectorOperator"),
            Some(json!({"Zendesk": "CONTAINS"})),
            "Tasks[0].ConnectorOperator.Zendesk CONTAINS is not valid",
        ),
        (
            format!("{DEF}/Tasks/1/TaskType"),
            Some(json!("Map_all")),
            "Tasks[1].TaskType Map_all",
        ),
        (
            format!("{DEF}/TriggerConfig"),
            Some(json!({"TriggerType": "Hourly"})),
            "TriggerType Hourly is not valid",
        ),
        (
            format!("{DEF}/TriggerConfig"),
            Some(json!({"TriggerType": "Scheduled"})),
            "Scheduled is required when TriggerType is Scheduled",
        ),
        (
            "/RoleArn".into(),
            Some(json!("role/CustomerProfiles")),
            "RoleArn must be an IAM role ARN",
        ),
        (
            format!("{DEF}/KmsArn"),
            Some(json!("arn:aws:kms:us-east-1:key/x")),
            "KmsArn must be a KMS key ARN",
        ),
        (
            format!("{SRC}/ConnectorProfileName"),
            Some(json!("marketo-campaigns")),
            "is a Marketo profile, not Zendesk",
        ),
        (
            "/ObjectTypeName".into(),
            Some(json!("Nope")),
            "ObjectTypeName Nope is not an object type of domain retail-prod",
        ),
        (
            format!("{BATCH}/EndTime"),
            Some(json!(1)),
            "Batches[0].EndTime must be after",
        ),
        (
            format!("{BATCH}/StartTime"),
            Some(json!("yesterday")),
            "Batches[0].StartTime must be a timestamp",
        ),
        (
            format!("{DEF}/FlowName"),
            Some(json!("retail-orders-s3-hourly")),
            "is taken",
        ),
    ];
    for (member, value, expected) in cases {
        let mut body = support::aws::zendesk_workflow("support-zendesk-tickets");
        match value {
            Some(v) => *body.pointer_mut(&member).unwrap() = v,
            None => {
                body.as_object_mut().unwrap().remove(&member[1..]);
            }
        }
        let r = aws.post(CREATE, &body).await;
        let got = (r.status.as_u16(), r.error_type());
        assert_eq!(got, (400, "BadRequestException"), "{member}: {}", r.text);
        let msg = r.body["Message"].as_str().unwrap();
        assert!(msg.contains(expected), "{member}: {msg}");
    }
    let mut placeholder = support::aws::zendesk_workflow("support-zendesk-tickets");
    *placeholder
        .pointer_mut(&format!("{SRC}/ConnectorProfileName"))
        .unwrap() = json!("zendesk-profile");
    let r = aws.post(CREATE, &placeholder).await;
    let msg = r.body["Message"].as_str().unwrap();
    assert!(
        msg.ends_with("its Zendesk profiles are zendesk-support."),
        "{msg}"
    );
    let r = aws
        .post(
            "/domains/nowhere/workflows/integrations",
            &support::aws::zendesk_workflow("support-zendesk-tickets"),
        )
        .await;
    assert_eq!(r.error_type(), "ResourceNotFoundException");
    assert_eq!(aws.handle.aws_workflows_created(), 0);
}

#[tokio::test]
async fn start_flow_is_idempotent_per_client_token() {
    let aws = Aws::start().await;
    let flow = "retail-zendesk-tickets-export";
    let start = |token: &str| json!({"flowName": flow, "clientToken": token});
    let first = aws.post("/start-flow", &start("token-1")).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let id = first.body["executionId"].as_str().unwrap().to_string();
    assert_eq!(first.body["flowStatus"], "Active");
    let retry = aws.post("/start-flow", &start("token-1")).await;
    assert_eq!(retry.body["executionId"], json!(id));
    assert_eq!(aws.handle.aws_executions_started(flow), 1);
    let other = aws.post("/start-flow", &start("token-2")).await;
    assert_ne!(other.body["executionId"], json!(id));
    assert_eq!(aws.handle.aws_executions_started(flow), 2);

    let runs = records(&aws, flow).await;
    let mine = |v: &Value| {
        v["flowExecutions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["executionId"] == json!(id))
            .cloned()
            .unwrap()
    };
    assert_eq!(mine(&runs)["executionStatus"], "InProgress");
    aws.advance(90_000);
    let done = mine(&records(&aws, flow).await);
    assert_eq!(done["executionStatus"], "Successful");
    assert!(
        done["executionResult"]["recordsProcessed"]
            .as_i64()
            .unwrap()
            >= 500
    );
    assert!(done["executionResult"]["bytesWritten"].as_i64().unwrap() > 0);

    // A scheduled flow is activated, not run.
    let s = aws
        .post(
            "/start-flow",
            &json!({"flowName": "loyalty-marketo-leads-daily", "clientToken": "t"}),
        )
        .await;
    assert_eq!(s.body["flowStatus"], "Active");
    assert!(s.body.get("executionId").is_none());
    assert_eq!(
        aws.handle
            .aws_executions_started("loyalty-marketo-leads-daily"),
        0
    );
    let d = aws
        .post(
            "/start-flow",
            &json!({"flowName": "loyalty-salesforce-members-draft"}),
        )
        .await;
    assert_eq!(
        (d.status.as_u16(), d.error_type()),
        (409, "ConflictException")
    );
}

#[tokio::test]
async fn stop_and_cancel_follow_appflows_rules() {
    let aws = Aws::start().await;
    let on_demand = json!({"flowName": "retail-marketo-leads-backfill"});
    let r = aws.post("/stop-flow", &on_demand).await;
    assert_eq!(
        (r.status.as_u16(), r.error_type()),
        (400, "UnsupportedOperationException")
    );
    let r = aws
        .post(
            "/stop-flow",
            &json!({"flowName": "retail-orders-s3-hourly"}),
        )
        .await;
    assert_eq!(r.body["flowStatus"], "Suspended");
    let listed = aws
        .post(
            "/describe-flow",
            &json!({"flowName": "retail-orders-s3-hourly"}),
        )
        .await;
    assert_eq!(listed.body["flowStatus"], "Suspended");

    let body = json!({"flowName": "retail-marketo-leads-backfill"});
    let runs = aws.post("/describe-flow-execution-records", &body).await;
    let runs = runs.body["flowExecutions"].as_array().unwrap().clone();
    assert_eq!(runs[0]["executionStatus"], "InProgress");
    let running = runs[0]["executionId"].as_str().unwrap();
    let finished = runs[1]["executionId"].as_str().unwrap();
    let r = aws
        .post(
            "/cancel-flow-executions",
            &json!({"flowName": "retail-marketo-leads-backfill", "executionIds": [running, finished, "nope"]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["invalidExecutions"], json!([finished, "nope"]));
    let newest = |r: Value| r["flowExecutions"][0]["executionStatus"].clone();
    let backfill = "retail-marketo-leads-backfill";
    assert_eq!(newest(records(&aws, backfill).await), "CancelStarted");
    aws.advance(20_000);
    assert_eq!(newest(records(&aws, backfill).await), "Canceled");
    // Nothing left to cancel: no ids means every active run, and there is none.
    let r = aws.post("/cancel-flow-executions", &body).await;
    assert_eq!(r.body["invalidExecutions"], json!([]));
    let r = aws
        .post("/cancel-flow-executions", &json!({"flowName": "nope"}))
        .await;
    assert_eq!(r.error_type(), "ResourceNotFoundException");
}

#[tokio::test]
async fn an_s3_source_needs_no_connector_profile() {
    let aws = Aws::start().await;
    let mut body = support::aws::zendesk_workflow("loyalty-s3-customers");
    let def = body
        .pointer_mut("/IntegrationConfig/AppflowIntegration/FlowDefinition")
        .unwrap();
    def["SourceFlowConfig"] = json!({
        "ConnectorType": "S3",
        "SourceConnectorProperties": {"S3": {"BucketName": "loyalty-demo-exports", "BucketPrefix": "customers/"}}
    });
    for task in def["Tasks"].as_array_mut().unwrap() {
        let op = task["ConnectorOperator"]["Zendesk"].clone();
        task["ConnectorOperator"] = json!({ "S3": op });
    }
    body["ObjectTypeName"] = json!("S3-customers");
    let r = aws
        .post("/domains/loyalty-sandbox/workflows/integrations", &body)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.body["WorkflowId"].as_str().unwrap();
    let w = aws
        .get(&format!("/domains/loyalty-sandbox/workflows/{id}"))
        .await;
    let attrs = &w.body["Attributes"]["AppflowIntegration"];
    assert_eq!(attrs["SourceConnectorType"], "S3");
    // GetWorkflow requires a ConnectorProfileName; an S3 source is named by its bucket.
    assert_eq!(attrs["ConnectorProfileName"], "loyalty-demo-exports");
    let f = aws
        .post(
            "/describe-flow",
            &json!({"flowName": "loyalty-s3-customers"}),
        )
        .await;
    let src = &f.body["sourceFlowConfig"];
    assert!(src.get("connectorProfileName").is_none());
    assert_eq!(
        src["sourceConnectorProperties"]["S3"]["bucketPrefix"],
        "customers/"
    );

    // Any other source does need one.
    let mut no_profile = support::aws::zendesk_workflow("support-zendesk-tickets");
    no_profile
        .pointer_mut("/IntegrationConfig/AppflowIntegration/FlowDefinition/SourceFlowConfig")
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("ConnectorProfileName");
    let r = aws.post(CREATE, &no_profile).await;
    let msg = r.body["Message"].as_str().unwrap();
    assert!(
        msg.ends_with("ConnectorProfileName is required for Zendesk sources."),
        "{msg}"
    );
}
