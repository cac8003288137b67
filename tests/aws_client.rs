//! flowscope's AWS client (official SDKs) against the built-in emulator on 127.0.0.1:
//! every read, with small pages, filters, and the service's errors as the caller sees
//! them. Changes and fault handling are in `aws_client_changes.rs`. The emulator's clock
//! is manual and its data seeded, so every run sees the same objects.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use futures::StreamExt;
use serde_json::Value;

use flowscope::api::aws::{
    AwsClient, AwsErrorKind, AwsSettings, Pages, RegionSource, WorkflowFilter, collect_pages,
};
use flowscope::app::shared::pane::ErrorInfo;
use flowscope::emulator::{self, EmulatorConfig, EmulatorHandle};

/// An emulator on port 0 and a client of its AWS side with the demo keys.
pub(crate) async fn start() -> (EmulatorHandle, AwsClient) {
    let emu = emulator::start("127.0.0.1:0".parse().unwrap(), EmulatorConfig::for_tests())
        .await
        .unwrap();
    let client = AwsClient::connect(&AwsSettings::emulator(&emu.aws_endpoint()))
        .await
        .unwrap();
    (emu, client)
}

/// All items and how many pages they came in.
async fn drain(mut pages: Pages) -> (Vec<Value>, usize) {
    let (mut items, mut n) = (Vec::new(), 0);
    while let Some(page) = pages.next().await {
        items.extend(page.unwrap());
        n += 1;
    }
    (items, n)
}

fn epoch(v: &Value) -> i64 {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("not a time string: {v}"));
    assert!(s.ends_with('Z'), "{s}");
    chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp()
}

fn str_set<'a>(items: &'a [Value], key: &str) -> BTreeSet<&'a str> {
    items.iter().map(|i| i[key].as_str().unwrap()).collect()
}

#[tokio::test]
async fn connects_with_the_demo_settings() {
    let (emu, c) = start().await;
    assert_eq!(c.region(), "us-east-1");
    assert_eq!(c.region_source(), RegionSource::Settings);
    assert_eq!(c.endpoint(), Some(emu.aws_endpoint().as_str()));
}

#[tokio::test]
async fn domains_object_types_and_integrations_page_with_small_pages() {
    let (_emu, c) = start().await;
    let (domains, pages) = drain(c.clone().with_page_size(1).domains()).await;
    assert_eq!(pages, domains.len());
    assert_eq!(
        str_set(&domains, "DomainName"),
        BTreeSet::from(["loyalty-sandbox", "retail-prod"])
    );
    epoch(&domains[0]["CreatedAt"]);

    let d = c.domain("retail-prod").await.unwrap();
    assert_eq!(d["DomainName"], "retail-prod");
    epoch(&d["LastUpdatedAt"]);

    let (types, pages) = drain(c.clone().with_page_size(2).object_types("retail-prod")).await;
    assert!(pages >= 2, "{pages} pages");
    assert_eq!(str_set(&types, "ObjectTypeName").len(), types.len());
    assert!(str_set(&types, "ObjectTypeName").contains("S3-orders"));

    let (integrations, _) = drain(c.clone().with_page_size(2).integrations("retail-prod")).await;
    let linked = integrations
        .iter()
        .find(|i| i["WorkflowId"].is_string())
        .unwrap();
    assert!(
        linked["Uri"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:appflow:us-east-1:123456789012:flow/")
    );
    assert!(linked["ObjectTypeName"].is_string());
}

#[tokio::test]
async fn workflows_page_and_filter_by_status_and_dates() {
    let (emu, c) = start().await;
    let small = c.clone().with_page_size(10);
    let none = WorkflowFilter::default();
    let (all, pages) = drain(small.workflows("retail-prod", &none)).await;
    assert!(pages >= 2 && all.len() > 10, "{pages} pages, {}", all.len());
    assert_eq!(
        str_set(&all, "WorkflowId").len(),
        all.len(),
        "a page repeated"
    );
    for w in &all {
        assert_eq!(w["WorkflowType"], "APPFLOW_INTEGRATION");
        epoch(&w["CreatedAt"]);
    }

    let complete = WorkflowFilter {
        status: Some("COMPLETE".into()),
        ..WorkflowFilter::default()
    };
    let (done, _) = drain(
        c.clone()
            .with_page_size(3)
            .workflows("retail-prod", &complete),
    )
    .await;
    let expected = all.iter().filter(|w| w["Status"] == "COMPLETE").count();
    assert!(expected >= 2);
    assert_eq!(done.len(), expected);

    let now = emu.clock.now_ms() / 1000;
    let window = WorkflowFilter {
        status: None,
        start: Some(now - 9 * 86_400),
        end: Some(now),
    };
    let (recent, _) = drain(small.workflows("retail-prod", &window)).await;
    assert!(!recent.is_empty() && recent.len() < all.len());
    assert!(
        recent
            .iter()
            .all(|w| epoch(&w["CreatedAt"]) >= now - 9 * 86_400)
    );

    let bad = WorkflowFilter {
        status: Some("DONE".into()),
        ..WorkflowFilter::default()
    };
    let e = collect_pages(c.workflows("retail-prod", &bad))
        .await
        .unwrap_err();
    assert_eq!(e.kind, AwsErrorKind::Invalid);
    assert!(e.message.contains("NOT_STARTED"), "{e}");
}

#[tokio::test]
async fn a_failed_workflow_tells_why_in_its_detail_and_steps() {
    let (_emu, c) = start().await;
    let failed = WorkflowFilter {
        status: Some("FAILED".into()),
        ..WorkflowFilter::default()
    };
    let ws = collect_pages(c.workflows("retail-prod", &failed))
        .await
        .unwrap();
    let id = ws[0]["WorkflowId"].as_str().unwrap();
    let w = c.workflow("retail-prod", id).await.unwrap();
    assert_eq!(w["Status"], "FAILED");
    assert!(w["ErrorDescription"].is_string());
    assert_eq!(
        w["Attributes"]["AppflowIntegration"]["SourceConnectorType"],
        "Servicenow"
    );
    epoch(&w["LastUpdatedAt"]);
    let metrics = &w["Metrics"]["AppflowIntegration"];

    let (steps, pages) = drain(
        c.clone()
            .with_page_size(1)
            .workflow_steps("retail-prod", id),
    )
    .await;
    assert_eq!(pages, steps.len());
    // A failed workflow stops at the failing step.
    assert!(steps.len() <= metrics["TotalSteps"].as_i64().unwrap() as usize);
    let last = &steps.last().unwrap()["AppflowIntegration"];
    assert_eq!(last["Status"], "FAILED");
    assert!(last["ExecutionMessage"].as_str().unwrap().contains("401"));
    epoch(&last["CreatedAt"]);
    // The step names a real flow.
    let flow = c
        .describe_flow(last["FlowName"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(flow["flowStatus"], "Errored");
}

#[tokio::test]
async fn flows_their_definition_and_runs() {
    let (_emu, c) = start().await;
    let (flows, pages) = drain(c.clone().with_page_size(4).flows()).await;
    assert!(pages >= 2, "{pages} pages");
    let names = str_set(&flows, "flowName");
    assert!(names.contains("retail-orders-s3-hourly"));
    let triggers = str_set(&flows, "triggerType");
    assert_eq!(triggers, BTreeSet::from(["Event", "OnDemand", "Scheduled"]));

    let f = c.describe_flow("retail-orders-s3-hourly").await.unwrap();
    assert_eq!(f["flowName"], "retail-orders-s3-hourly");
    assert_eq!(f["sourceFlowConfig"]["connectorType"], "S3");
    assert!(f["sourceFlowConfig"]["sourceConnectorProperties"]["S3"]["bucketName"].is_string());
    let dest = &f["destinationFlowConfigList"][0];
    assert_eq!(dest["connectorType"], "CustomerProfiles");
    assert_eq!(
        dest["destinationConnectorProperties"]["CustomerProfiles"]["domainName"],
        "retail-prod"
    );
    let scheduled = &f["triggerConfig"]["triggerProperties"]["Scheduled"];
    assert_eq!(f["triggerConfig"]["triggerType"], "Scheduled");
    assert_eq!(scheduled["scheduleExpression"], "rate(1hours)");
    epoch(&scheduled["scheduleStartTime"]);
    let tasks = f["tasks"].as_array().unwrap();
    assert!(
        tasks
            .iter()
            .any(|t| t["taskType"] == "Filter" && t["connectorOperator"]["S3"] == "PROJECTION")
    );
    assert!(tasks.iter().any(|t| t["taskType"] == "Map"));
    epoch(&f["createdAt"]);

    // A week of hourly runs: several pages at the service's default size.
    let (runs, pages) = drain(c.executions("retail-orders-s3-hourly")).await;
    assert!(pages >= 3, "{pages} pages of {}", runs.len());
    assert_eq!(str_set(&runs, "executionId").len(), runs.len());
    let statuses = str_set(&runs, "executionStatus");
    assert!(statuses.is_superset(&BTreeSet::from(["Error", "InProgress", "Successful"])));
    let failed = runs
        .iter()
        .find(|r| r["executionStatus"] == "Error")
        .unwrap();
    assert!(
        failed["executionResult"]["errorInfo"]["executionMessage"]
            .as_str()
            .unwrap()
            .contains("total_amount")
    );
    epoch(&failed["startedAt"]);
    assert_eq!(
        f["lastRunExecutionDetails"]["mostRecentExecutionStatus"],
        runs[0]["executionStatus"]
    );
}

#[tokio::test]
async fn connector_profiles_show_properties_not_secrets() {
    let (_emu, c) = start().await;
    let (profiles, pages) = drain(c.clone().with_page_size(2).connector_profiles()).await;
    assert!(pages >= 2);
    let types = str_set(&profiles, "connectorType");
    assert!(types.is_superset(&BTreeSet::from([
        "Marketo",
        "Salesforce",
        "Servicenow",
        "Zendesk"
    ])));
    let sf = profiles
        .iter()
        .find(|p| p["connectorProfileName"] == "salesforce-retail")
        .unwrap();
    assert!(
        sf["connectorProfileProperties"]["Salesforce"]["instanceUrl"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    assert!(
        sf["credentialsArn"]
            .as_str()
            .unwrap()
            .starts_with("arn:aws:")
    );
    epoch(&sf["createdAt"]);
}

#[tokio::test]
async fn service_errors_reach_the_caller_by_name() {
    let (_emu, c) = start().await;
    let e = c.domain("nowhere").await.unwrap_err();
    assert_eq!(e.kind, AwsErrorKind::Service);
    assert_eq!(e.status, Some(404));
    assert_eq!(e.code.as_deref(), Some("ResourceNotFoundException"));
    assert_eq!(
        e.to_string(),
        "ResourceNotFoundException: No domain named nowhere"
    );
    assert!(e.is_not_found() && !e.unsure());
    let info = ErrorInfo::from(&e);
    assert_eq!(info.code.as_deref(), Some("ResourceNotFoundException"));
    assert!(info.not_found());

    let e = collect_pages(c.workflows("nowhere", &WorkflowFilter::default()))
        .await
        .unwrap_err();
    assert_eq!(e.code.as_deref(), Some("ResourceNotFoundException"));
    let e = c.describe_flow("nope").await.unwrap_err();
    assert_eq!(e.code.as_deref(), Some("ResourceNotFoundException"));
    assert_eq!(e.status, Some(404));
    let e = collect_pages(c.executions("nope")).await.unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
}
