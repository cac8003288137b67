//! Customer Profiles values built with the SDK's builders, rendered, compared with the
//! wire shape the model names.

use aws_sdk_customerprofiles::types::{
    AppflowIntegrationWorkflowAttributes, AppflowIntegrationWorkflowMetrics,
    AppflowIntegrationWorkflowStep, DomainStats, ListWorkflowsItem, SourceConnectorType, Status,
    WorkflowAttributes, WorkflowMetrics, WorkflowType,
};
use aws_smithy_types::DateTime;
use serde_json::json;

use super::*;

const T0: i64 = 1_795_168_800; // 2026-11-20T10:00:00Z

fn t(offset: i64) -> DateTime {
    DateTime::from_secs(T0 + offset)
}

#[test]
fn domain_item_and_whole_domain() {
    let item = ListDomainItem::builder()
        .domain_name("retail-prod")
        .created_at(t(0))
        .last_updated_at(t(60))
        .tags("team", "crm")
        .tags("env", "prod")
        .build()
        .unwrap();
    assert_eq!(
        domain_item(&item),
        json!({"DomainName": "retail-prod", "CreatedAt": "2026-11-20T10:00:00Z",
               "LastUpdatedAt": "2026-11-20T10:01:00Z", "Tags": {"env": "prod", "team": "crm"}})
    );

    let out = GetDomainOutput::builder()
        .domain_name("retail-prod")
        .default_expiration_days(366)
        .dead_letter_queue_url("https://sqs.us-east-1.amazonaws.com/123456789012/dlq")
        .stats(
            DomainStats::builder()
                .profile_count(12)
                .object_count(40)
                .total_size(2048)
                .build(),
        )
        .created_at(t(0))
        .last_updated_at(t(0))
        .build()
        .unwrap();
    assert_eq!(
        domain(&out),
        json!({"DomainName": "retail-prod", "DefaultExpirationDays": 366,
               "DeadLetterQueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/dlq",
               "Stats": {"ProfileCount": 12, "MeteringProfileCount": 0, "ObjectCount": 40, "TotalSize": 2048},
               "CreatedAt": "2026-11-20T10:00:00Z", "LastUpdatedAt": "2026-11-20T10:00:00Z"})
    );
}

#[test]
fn workflow_item_whole_workflow_and_steps() {
    let item = ListWorkflowsItem::builder()
        .workflow_type(WorkflowType::AppflowIntegration)
        .workflow_id("0123456789abcdef0123456789abcdef")
        .status(Status::Failed)
        .status_description("2 of 3 steps failed")
        .created_at(t(0))
        .last_updated_at(t(180))
        .build()
        .unwrap();
    assert_eq!(
        workflow_item(&item),
        json!({"WorkflowType": "APPFLOW_INTEGRATION", "WorkflowId": "0123456789abcdef0123456789abcdef",
               "Status": "FAILED", "StatusDescription": "2 of 3 steps failed",
               "CreatedAt": "2026-11-20T10:00:00Z", "LastUpdatedAt": "2026-11-20T10:03:00Z"})
    );

    let out = GetWorkflowOutput::builder()
        .workflow_id("0123456789abcdef0123456789abcdef")
        .workflow_type(WorkflowType::AppflowIntegration)
        .status(Status::Failed)
        .error_description("Salesforce rejected the query")
        .start_date(t(0))
        .last_updated_at(t(180))
        .attributes(
            WorkflowAttributes::builder()
                .appflow_integration(
                    AppflowIntegrationWorkflowAttributes::builder()
                        .source_connector_type(SourceConnectorType::Salesforce)
                        .connector_profile_name("sf-prod")
                        .role_arn("arn:aws:iam::123456789012:role/profiles")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .metrics(
            WorkflowMetrics::builder()
                .appflow_integration(
                    AppflowIntegrationWorkflowMetrics::builder()
                        .records_processed(1500)
                        .steps_completed(1)
                        .total_steps(3)
                        .build(),
                )
                .build(),
        )
        .build();
    assert_eq!(
        workflow(&out),
        json!({"WorkflowId": "0123456789abcdef0123456789abcdef", "WorkflowType": "APPFLOW_INTEGRATION",
               "Status": "FAILED", "ErrorDescription": "Salesforce rejected the query",
               "StartDate": "2026-11-20T10:00:00Z", "LastUpdatedAt": "2026-11-20T10:03:00Z",
               "Attributes": {"AppflowIntegration": {"SourceConnectorType": "Salesforce",
                   "ConnectorProfileName": "sf-prod", "RoleArn": "arn:aws:iam::123456789012:role/profiles"}},
               "Metrics": {"AppflowIntegration": {"RecordsProcessed": 1500, "StepsCompleted": 1, "TotalSteps": 3}}})
    );

    let step = WorkflowStepItem::builder()
        .appflow_integration(
            AppflowIntegrationWorkflowStep::builder()
                .flow_name("sf-contacts")
                .status(Status::Complete)
                .execution_message("done")
                .records_processed(500)
                .batch_records_start_time("2026-11-19T00:00:00Z")
                .batch_records_end_time("2026-11-20T00:00:00Z")
                .created_at(t(0))
                .last_updated_at(t(60))
                .build()
                .unwrap(),
        )
        .build();
    assert_eq!(
        workflow_step(&step),
        json!({"AppflowIntegration": {"FlowName": "sf-contacts", "Status": "COMPLETE",
               "ExecutionMessage": "done", "RecordsProcessed": 500,
               "BatchRecordsStartTime": "2026-11-19T00:00:00Z", "BatchRecordsEndTime": "2026-11-20T00:00:00Z",
               "CreatedAt": "2026-11-20T10:00:00Z", "LastUpdatedAt": "2026-11-20T10:01:00Z"}})
    );
}

#[test]
fn object_types_and_integrations() {
    let o = ListProfileObjectTypeItem::builder()
        .object_type_name("Contact")
        .description("CRM contacts")
        .created_at(t(0))
        .max_profile_object_count(100)
        .build()
        .unwrap();
    assert_eq!(
        object_type_item(&o),
        json!({"ObjectTypeName": "Contact", "Description": "CRM contacts",
               "CreatedAt": "2026-11-20T10:00:00Z", "MaxProfileObjectCount": 100})
    );
    let i = ListIntegrationItem::builder()
        .domain_name("retail-prod")
        .uri("arn:aws:appflow:us-east-1:123456789012:flow/sf-contacts")
        .object_type_name("Contact")
        .created_at(t(0))
        .last_updated_at(t(0))
        .workflow_id("0123456789abcdef0123456789abcdef")
        .is_unstructured(false)
        .build()
        .unwrap();
    assert_eq!(
        integration_item(&i),
        json!({"DomainName": "retail-prod", "Uri": "arn:aws:appflow:us-east-1:123456789012:flow/sf-contacts",
               "ObjectTypeName": "Contact", "CreatedAt": "2026-11-20T10:00:00Z",
               "LastUpdatedAt": "2026-11-20T10:00:00Z", "WorkflowId": "0123456789abcdef0123456789abcdef",
               "IsUnstructured": false})
    );
}

#[test]
fn fractional_seconds_survive() {
    let item = ListDomainItem::builder()
        .domain_name("d")
        .created_at(DateTime::from_secs_f64(T0 as f64 + 0.5))
        .last_updated_at(t(0))
        .build()
        .unwrap();
    assert_eq!(domain_item(&item)["CreatedAt"], "2026-11-20T10:00:00.5Z");
}
