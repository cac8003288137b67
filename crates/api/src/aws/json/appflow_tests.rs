//! AppFlow values built with the SDK's builders, rendered, compared with the wire shape
//! the model names (the shape `aws appflow describe-flow` prints).

use aws_sdk_appflow::types::{
    ConnectionMode, ConnectorOperator, ConnectorProfileProperties, ConnectorType,
    CustomerProfilesDestinationProperties, DataPullMode, DatadogSourceProperties,
    DestinationConnectorProperties, ErrorInfo, ExecutionResult, ExecutionStatus, FileType,
    FlowStatus, IncrementalPullConfig, OperatorPropertiesKeys, S3DestinationProperties,
    S3OutputFormatConfig, S3SourceProperties, SalesforceConnectorOperator,
    SalesforceConnectorProfileProperties, SalesforceSourceProperties, ScheduledTriggerProperties,
    ServiceNowConnectorProfileProperties, SourceConnectorProperties, TaskType, TriggerProperties,
    TriggerType,
};
use aws_smithy_types::DateTime;
use serde_json::json;

use super::*;

const T0: i64 = 1_795_168_800; // 2026-11-20T10:00:00Z

fn t(offset: i64) -> DateTime {
    DateTime::from_secs(T0 + offset)
}

fn salesforce_flow() -> DescribeFlowOutput {
    DescribeFlowOutput::builder()
        .flow_arn("arn:aws:appflow:us-east-1:123456789012:flow/sf-contacts")
        .flow_name("sf-contacts")
        .description("Contacts into retail-prod")
        .kms_arn("arn:aws:kms:us-east-1:123456789012:key/k")
        .flow_status(FlowStatus::Active)
        .flow_status_message("ok")
        .source_flow_config(
            SourceFlowConfig::builder()
                .connector_type(ConnectorType::Salesforce)
                .connector_profile_name("sf-prod")
                .api_version("58.0")
                .source_connector_properties(
                    SourceConnectorProperties::builder()
                        .salesforce(
                            SalesforceSourceProperties::builder()
                                .object("Contact")
                                .include_deleted_records(true)
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .incremental_pull_config(
                    IncrementalPullConfig::builder()
                        .datetime_type_field_name("LastModifiedDate")
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .destination_flow_config_list(
            DestinationFlowConfig::builder()
                .connector_type(ConnectorType::Customerprofiles)
                .destination_connector_properties(
                    DestinationConnectorProperties::builder()
                        .customer_profiles(
                            CustomerProfilesDestinationProperties::builder()
                                .domain_name("retail-prod")
                                .object_type_name("Contact")
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .trigger_config(
            TriggerConfig::builder()
                .trigger_type(TriggerType::Scheduled)
                .trigger_properties(
                    TriggerProperties::builder()
                        .scheduled(
                            ScheduledTriggerProperties::builder()
                                .schedule_expression("rate(1hours)")
                                .data_pull_mode(DataPullMode::Incremental)
                                .schedule_start_time(t(0))
                                .schedule_end_time(t(86_400))
                                .timezone("Europe/Paris")
                                .schedule_offset(30)
                                .first_execution_from(t(-86_400))
                                .flow_error_deactivation_threshold(5)
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .tasks(
            Task::builder()
                .source_fields("Id")
                .source_fields("Email")
                .connector_operator(
                    ConnectorOperator::builder()
                        .salesforce(SalesforceConnectorOperator::Projection)
                        .build(),
                )
                .task_type(TaskType::Filter)
                .build()
                .unwrap(),
        )
        .tasks(
            Task::builder()
                .source_fields("Email")
                .destination_field("EmailAddress")
                .connector_operator(
                    ConnectorOperator::builder()
                        .salesforce(SalesforceConnectorOperator::NoOp)
                        .build(),
                )
                .task_type(TaskType::Map)
                .task_properties(OperatorPropertiesKeys::SourceDataType, "email")
                .task_properties(OperatorPropertiesKeys::DestinationDataType, "string")
                .build()
                .unwrap(),
        )
        .last_run_execution_details(
            ExecutionDetails::builder()
                .most_recent_execution_status(ExecutionStatus::Successful)
                .most_recent_execution_time(t(3600))
                .most_recent_execution_message("done")
                .build(),
        )
        .created_at(t(0))
        .last_updated_at(t(60))
        .created_by("arn:aws:iam::123456789012:user/ana")
        .last_updated_by("ana")
        .tags("team", "crm")
        .build()
}

#[test]
fn a_salesforce_flow_into_customer_profiles() {
    assert_eq!(
        describe_flow(&salesforce_flow()),
        json!({
            "flowArn": "arn:aws:appflow:us-east-1:123456789012:flow/sf-contacts",
            "description": "Contacts into retail-prod",
            "flowName": "sf-contacts",
            "kmsArn": "arn:aws:kms:us-east-1:123456789012:key/k",
            "flowStatus": "Active",
            "flowStatusMessage": "ok",
            "sourceFlowConfig": {
                "connectorType": "Salesforce",
                "apiVersion": "58.0",
                "connectorProfileName": "sf-prod",
                "sourceConnectorProperties": {"Salesforce": {"object": "Contact",
                    "enableDynamicFieldUpdate": false, "includeDeletedRecords": true}},
                "incrementalPullConfig": {"datetimeTypeFieldName": "LastModifiedDate"}
            },
            "destinationFlowConfigList": [{
                "connectorType": "CustomerProfiles",
                "destinationConnectorProperties": {"CustomerProfiles":
                    {"domainName": "retail-prod", "objectTypeName": "Contact"}}
            }],
            "lastRunExecutionDetails": {"mostRecentExecutionMessage": "done",
                "mostRecentExecutionTime": "2026-11-20T11:00:00Z", "mostRecentExecutionStatus": "Successful"},
            "triggerConfig": {"triggerType": "Scheduled", "triggerProperties": {"Scheduled": {
                "scheduleExpression": "rate(1hours)", "dataPullMode": "Incremental",
                "scheduleStartTime": "2026-11-20T10:00:00Z", "scheduleEndTime": "2026-11-21T10:00:00Z",
                "timezone": "Europe/Paris", "scheduleOffset": 30,
                "firstExecutionFrom": "2026-11-19T10:00:00Z", "flowErrorDeactivationThreshold": 5}}},
            "tasks": [
                {"sourceFields": ["Id", "Email"], "connectorOperator": {"Salesforce": "PROJECTION"},
                 "taskType": "Filter"},
                {"sourceFields": ["Email"], "connectorOperator": {"Salesforce": "NO_OP"},
                 "destinationField": "EmailAddress", "taskType": "Map",
                 "taskProperties": {"DESTINATION_DATA_TYPE": "string", "SOURCE_DATA_TYPE": "email"}}
            ],
            "createdAt": "2026-11-20T10:00:00Z",
            "lastUpdatedAt": "2026-11-20T10:01:00Z",
            "createdBy": "arn:aws:iam::123456789012:user/ana",
            "lastUpdatedBy": "ana",
            "tags": {"team": "crm"}
        })
    );
}

#[test]
fn s3_to_s3_and_other_connectors_are_named() {
    let source = SourceConnectorProperties::builder()
        .s3(S3SourceProperties::builder()
            .bucket_name("landing")
            .bucket_prefix("in/")
            .build()
            .unwrap())
        .build();
    assert_eq!(
        super::super::connectors::source_properties(&source),
        json!({"S3": {"bucketName": "landing", "bucketPrefix": "in/"}})
    );
    let other = SourceConnectorProperties::builder()
        .datadog(
            DatadogSourceProperties::builder()
                .object("logs")
                .build()
                .unwrap(),
        )
        .build();
    let v = super::super::connectors::source_properties(&other);
    assert_eq!(v["Datadog"], json!({}));
    assert!(v["note"].as_str().unwrap().contains("Datadog"), "{v}");

    let dest = DestinationConnectorProperties::builder()
        .s3(S3DestinationProperties::builder()
            .bucket_name("out")
            .s3_output_format_config(
                S3OutputFormatConfig::builder()
                    .file_type(FileType::Parquet)
                    .build(),
            )
            .build()
            .unwrap())
        .build();
    assert_eq!(
        super::super::connectors::destination_properties(&dest),
        json!({"S3": {"bucketName": "out", "s3OutputFormatConfig": {"fileType": "PARQUET"}}})
    );
}

#[test]
fn list_item_and_execution_records() {
    let f = FlowDefinition::builder()
        .flow_name("sf-contacts")
        .flow_status(FlowStatus::Suspended)
        .source_connector_type(ConnectorType::Salesforce)
        .destination_connector_type(ConnectorType::Customerprofiles)
        .trigger_type(TriggerType::Ondemand)
        .created_at(t(0))
        .build();
    assert_eq!(
        flow_item(&f),
        json!({"flowName": "sf-contacts", "flowStatus": "Suspended",
               "sourceConnectorType": "Salesforce", "destinationConnectorType": "CustomerProfiles",
               "triggerType": "OnDemand", "createdAt": "2026-11-20T10:00:00Z"})
    );
    let e = ExecutionRecord::builder()
        .execution_id("e-1")
        .execution_status(ExecutionStatus::Error)
        .execution_result(
            ExecutionResult::builder()
                .error_info(
                    ErrorInfo::builder()
                        .put_failures_count(3)
                        .execution_message("INVALID_FIELD: Email")
                        .build(),
                )
                .records_processed(10)
                .bytes_processed(2048)
                .build(),
        )
        .started_at(t(0))
        .data_pull_start_time(t(-3600))
        .data_pull_end_time(t(0))
        .build();
    assert_eq!(
        execution(&e),
        json!({"executionId": "e-1", "executionStatus": "Error",
               "executionResult": {"errorInfo": {"putFailuresCount": 3, "executionMessage": "INVALID_FIELD: Email"},
                                   "bytesProcessed": 2048, "recordsProcessed": 10},
               "startedAt": "2026-11-20T10:00:00Z", "dataPullStartTime": "2026-11-20T09:00:00Z",
               "dataPullEndTime": "2026-11-20T10:00:00Z"})
    );
}

#[test]
fn connector_profiles_show_the_credentials_arn_only() {
    let p = ConnectorProfile::builder()
        .connector_profile_arn("arn:aws:appflow:us-east-1:123456789012:connectorprofile/sf-prod")
        .connector_profile_name("sf-prod")
        .connector_type(ConnectorType::Salesforce)
        .connection_mode(ConnectionMode::Public)
        .credentials_arn("arn:aws:secretsmanager:us-east-1:123456789012:secret:appflow-sf")
        .connector_profile_properties(
            ConnectorProfileProperties::builder()
                .salesforce(
                    SalesforceConnectorProfileProperties::builder()
                        .instance_url("https://acme.my.salesforce.com")
                        .build(),
                )
                .build(),
        )
        .created_at(t(0))
        .build();
    assert_eq!(
        connector_profile(&p),
        json!({"connectorProfileArn": "arn:aws:appflow:us-east-1:123456789012:connectorprofile/sf-prod",
               "connectorProfileName": "sf-prod", "connectorType": "Salesforce", "connectionMode": "Public",
               "credentialsArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:appflow-sf",
               "connectorProfileProperties": {"Salesforce": {"instanceUrl": "https://acme.my.salesforce.com",
                   "isSandboxEnvironment": false, "usePrivateLinkForMetadataAndAuthorization": false}},
               "createdAt": "2026-11-20T10:00:00Z"})
    );
    let sn = ConnectorProfileProperties::builder()
        .service_now(
            ServiceNowConnectorProfileProperties::builder()
                .instance_url("https://acme.service-now.com")
                .build()
                .unwrap(),
        )
        .build();
    assert_eq!(
        super::super::connectors::profile_properties(&sn),
        json!({"ServiceNow": {"instanceUrl": "https://acme.service-now.com"}})
    );
}

#[test]
fn change_answers() {
    let s = StartFlowOutput::builder()
        .flow_arn("arn:f")
        .flow_status(FlowStatus::Active)
        .execution_id("e-9")
        .build();
    assert_eq!(
        started(&s),
        json!({"flowArn": "arn:f", "flowStatus": "Active", "executionId": "e-9"})
    );
    let c = CancelFlowExecutionsOutput::builder().build();
    assert_eq!(cancelled(&c), json!({"invalidExecutions": []}));
}
