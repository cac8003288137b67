//! The edited CreateIntegrationWorkflow request → SDK input, and the paths named when it
//! cannot be mapped.

use aws_sdk_customerprofiles::types::{
    DataPullMode, SalesforceConnectorOperator, SourceConnectorType, TaskType, TriggerType,
};
use aws_smithy_types::DateTime;
use serde_json::{Value, json};

use super::*;
use crate::aws::AwsErrorKind;

/// A request with every member the seed names.
pub(crate) fn full_body() -> Value {
    json!({
        "DomainName": "retail-prod",
        "WorkflowType": "APPFLOW_INTEGRATION",
        "IntegrationConfig": {"AppflowIntegration": {
            "FlowDefinition": {
                "Description": "Contacts from Salesforce",
                "FlowName": "sf-contacts-new",
                "KmsArn": "arn:aws:kms:us-east-1:123456789012:key/k",
                "SourceFlowConfig": {
                    "ConnectorProfileName": "sf-prod",
                    "ConnectorType": "Salesforce",
                    "IncrementalPullConfig": {"DatetimeTypeFieldName": "LastModifiedDate"},
                    "SourceConnectorProperties": {"Salesforce": {"Object": "Contact",
                        "EnableDynamicFieldUpdate": false, "IncludeDeletedRecords": true}}
                },
                "Tasks": [
                    {"ConnectorOperator": {"Salesforce": "PROJECTION"}, "SourceFields": ["Id", "Email"],
                     "TaskType": "Filter"},
                    {"ConnectorOperator": {"Salesforce": "NO_OP"}, "DestinationField": "Email",
                     "SourceFields": ["Email"], "TaskProperties": {"SOURCE_DATA_TYPE": "email"},
                     "TaskType": "Map"}
                ],
                "TriggerConfig": {"TriggerType": "Scheduled", "TriggerProperties": {"Scheduled": {
                    "ScheduleExpression": "rate(1hours)", "DataPullMode": "Incremental",
                    "ScheduleStartTime": 1795168800, "ScheduleEndTime": "2026-11-21T10:00:00Z",
                    "Timezone": "Europe/Paris", "ScheduleOffset": 30,
                    "FirstExecutionFrom": "2026-11-19T12:00:00+02:00"}}}
            },
            "Batches": [{"StartTime": 1795082400.5, "EndTime": "2026-11-20T10:00:00Z"}]
        }},
        "ObjectTypeName": "Contact",
        "RoleArn": "arn:aws:iam::123456789012:role/profiles",
        "Tags": {"team": "crm"}
    })
}

#[test]
fn a_full_request_maps_member_by_member() {
    let input = workflow_input(&full_body()).unwrap();
    assert_eq!(input.domain_name.as_deref(), Some("retail-prod"));
    assert_eq!(input.workflow_type, Some(WorkflowType::AppflowIntegration));
    assert_eq!(input.object_type_name.as_deref(), Some("Contact"));
    assert_eq!(
        input.role_arn.as_deref(),
        Some("arn:aws:iam::123456789012:role/profiles")
    );
    assert_eq!(input.tags.unwrap()["team"], "crm");
    let a = input
        .integration_config
        .unwrap()
        .appflow_integration
        .unwrap();
    let batches = a.batches.unwrap();
    assert_eq!(batches[0].start_time, DateTime::from_secs_f64(1795082400.5));
    assert_eq!(batches[0].end_time, DateTime::from_secs(1_795_168_800));
    let f = a.flow_definition.unwrap();
    assert_eq!(f.flow_name, "sf-contacts-new");
    assert_eq!(f.description.as_deref(), Some("Contacts from Salesforce"));
    let src = f.source_flow_config.unwrap();
    assert_eq!(src.connector_type, SourceConnectorType::Salesforce);
    assert_eq!(src.connector_profile_name.as_deref(), Some("sf-prod"));
    assert_eq!(
        src.incremental_pull_config
            .unwrap()
            .datetime_type_field_name
            .as_deref(),
        Some("LastModifiedDate")
    );
    let sf = src.source_connector_properties.unwrap().salesforce.unwrap();
    assert_eq!(sf.object, "Contact");
    assert!(sf.include_deleted_records && !sf.enable_dynamic_field_update);
    assert_eq!(f.tasks.len(), 2);
    assert_eq!(f.tasks[0].task_type, TaskType::Filter);
    assert_eq!(
        f.tasks[0].connector_operator.as_ref().unwrap().salesforce,
        Some(SalesforceConnectorOperator::Projection)
    );
    assert_eq!(f.tasks[1].destination_field.as_deref(), Some("Email"));
    assert_eq!(
        f.tasks[1].task_properties.as_ref().unwrap()[&OperatorPropertiesKeys::SourceDataType],
        "email"
    );
    let trig = f.trigger_config.unwrap();
    assert_eq!(trig.trigger_type, TriggerType::Scheduled);
    let s = trig.trigger_properties.unwrap().scheduled.unwrap();
    assert_eq!(s.schedule_expression, "rate(1hours)");
    assert_eq!(s.data_pull_mode, Some(DataPullMode::Incremental));
    assert_eq!(
        s.schedule_start_time,
        Some(DateTime::from_secs(1_795_168_800))
    );
    assert_eq!(
        s.schedule_end_time,
        Some(DateTime::from_secs(1_795_255_200))
    );
    // 12:00 at +02:00 is 10:00 UTC.
    assert_eq!(
        s.first_execution_from,
        Some(DateTime::from_secs(1_795_082_400))
    );
    assert_eq!(s.schedule_offset, Some(30));
    assert_eq!(s.timezone.as_deref(), Some("Europe/Paris"));
}

#[test]
fn each_source_connector_maps() {
    for (ty, key, props) in [
        (
            "S3",
            "S3",
            json!({"BucketName": "landing", "BucketPrefix": "in/"}),
        ),
        ("Marketo", "Marketo", json!({"Object": "leads"})),
        ("Servicenow", "ServiceNow", json!({"Object": "incident"})),
        ("Zendesk", "Zendesk", json!({"Object": "tickets"})),
    ] {
        let mut body = full_body();
        let flow = &mut body["IntegrationConfig"]["AppflowIntegration"]["FlowDefinition"];
        flow["SourceFlowConfig"] =
            json!({"ConnectorType": ty, "SourceConnectorProperties": {key: props}});
        flow["Tasks"] = json!([{"SourceFields": ["a"], "TaskType": "Map",
                                "ConnectorOperator": {key: "NO_OP"}}]);
        flow["TriggerConfig"] = json!({"TriggerType": "OnDemand"});
        let input = workflow_input(&body).unwrap_or_else(|e| panic!("{ty}: {e}"));
        let f = input
            .integration_config
            .unwrap()
            .appflow_integration
            .unwrap()
            .flow_definition
            .unwrap();
        let src = f.source_flow_config.unwrap();
        assert_eq!(src.connector_type.as_str(), ty);
        let p = src.source_connector_properties.unwrap();
        let set = [
            p.s3.is_some(),
            p.marketo.is_some(),
            p.service_now.is_some(),
            p.zendesk.is_some(),
        ];
        assert_eq!(set.iter().filter(|s| **s).count(), 1, "{ty}");
        assert_eq!(
            f.trigger_config.unwrap().trigger_type,
            TriggerType::Ondemand
        );
    }
}

fn error_of(body: &Value) -> String {
    let e = workflow_input(body).unwrap_err();
    assert_eq!(e.kind, AwsErrorKind::Invalid, "{e:?}");
    e.to_string()
}

#[test]
fn bad_bodies_name_the_json_path() {
    assert_eq!(error_of(&json!([])), "the request: expected an object");

    let mut b = full_body();
    b.as_object_mut().unwrap().remove("RoleArn");
    assert_eq!(error_of(&b), "RoleArn: required member missing");

    let mut b = full_body();
    b["IntegrationConfig"]["AppflowIntegration"]["FlowDefinition"]["Tasks"][1]["TaskType"] =
        json!("Mapping");
    let msg = error_of(&b);
    assert!(
        msg.starts_with(
            "IntegrationConfig.AppflowIntegration.FlowDefinition.Tasks[1].TaskType: `Mapping` is not one of"
        ),
        "{msg}"
    );

    let mut b = full_body();
    b["IntegrationConfig"]["AppflowIntegration"]["Batches"][0]["EndTime"] = json!("yesterday");
    let msg = error_of(&b);
    assert!(
        msg.starts_with(
            "IntegrationConfig.AppflowIntegration.Batches[0].EndTime: expected an RFC 3339 time"
        ),
        "{msg}"
    );

    let mut b = full_body();
    b["IntegrationConfig"]["AppflowIntegration"]["FlowDefinition"]["SourceFlowConfig"]["SourceConnectorProperties"]
        ["Salesforce"]["Objet"] = json!("x");
    let msg = error_of(&b);
    assert!(
        msg.starts_with("IntegrationConfig.AppflowIntegration.FlowDefinition.SourceFlowConfig.SourceConnectorProperties.Salesforce.Objet: unknown member"),
        "{msg}"
    );

    let mut b = full_body();
    b["IntegrationConfig"]["AppflowIntegration"]["FlowDefinition"]["TriggerConfig"]["TriggerProperties"]
        ["Scheduled"]["ScheduleOffset"] = json!("30");
    assert_eq!(
        error_of(&b),
        "IntegrationConfig.AppflowIntegration.FlowDefinition.TriggerConfig.TriggerProperties.Scheduled.ScheduleOffset: expected a whole number"
    );

    let mut b = full_body();
    b["IntegrationConfig"]["AppflowIntegration"]["FlowDefinition"]["Tasks"][0]["TaskProperties"] =
        json!({"NOT_A_KEY": "1"});
    assert!(error_of(&b).contains("`NOT_A_KEY` is not a task property"));

    let mut b = full_body();
    b["Tags"] = json!({"team": 1});
    assert_eq!(error_of(&b), "Tags.team: expected a string");
}

#[test]
fn null_members_count_as_absent() {
    let mut b = full_body();
    b["Tags"] = Value::Null;
    b["IntegrationConfig"]["AppflowIntegration"]["FlowDefinition"]["Description"] = Value::Null;
    let input = workflow_input(&b).unwrap();
    assert!(input.tags.is_none());
}
