//! The CreateIntegrationWorkflow request as the user edited it (JSON, members named as the
//! model and the boto3 reference name them) mapped onto the SDK's input builders.
//! Timestamps may be epoch seconds or RFC 3339 strings. Anything that cannot be mapped —
//! a missing required member, a wrong type, an enum value the model does not list, an
//! unknown member — is an [`AwsErrorKind::Invalid`](super::AwsErrorKind) error naming
//! the JSON path. Full validation happens earlier, in the editor; this is the last gate.

pub(crate) mod read;

use std::collections::HashMap;

use aws_sdk_customerprofiles::operation::create_integration_workflow::CreateIntegrationWorkflowInput;
use aws_sdk_customerprofiles::types::{
    AppflowIntegration, Batch, ConnectorOperator, DataPullMode, FlowDefinition,
    IncrementalPullConfig, IntegrationConfig, MarketoConnectorOperator, MarketoSourceProperties,
    OperatorPropertiesKeys, S3ConnectorOperator, S3SourceProperties, SalesforceConnectorOperator,
    SalesforceSourceProperties, ScheduledTriggerProperties, ServiceNowConnectorOperator,
    ServiceNowSourceProperties, SourceConnectorProperties, SourceConnectorType, SourceFlowConfig,
    Task, TaskType, TriggerConfig, TriggerProperties, TriggerType, WorkflowType,
    ZendeskConnectorOperator, ZendeskSourceProperties,
};
use aws_smithy_types::error::operation::BuildError;
use serde_json::Value;

use super::error::AwsError;
use read::Node;

/// The request's members, as the seed lists them.
const REQUEST: [&str; 6] = [
    "DomainName",
    "WorkflowType",
    "IntegrationConfig",
    "ObjectTypeName",
    "RoleArn",
    "Tags",
];

/// Maps the edited request onto the SDK input; `DomainName` is read from the body.
pub fn workflow_input(body: &Value) -> Result<CreateIntegrationWorkflowInput, AwsError> {
    let root = Node::root(body);
    root.object(&REQUEST)?;
    let domain = root.req("DomainName")?.string()?;
    let workflow_type: WorkflowType = root.req("WorkflowType")?.one_of(WorkflowType::values())?;
    let config = integration_config(&root.req("IntegrationConfig")?)?;
    let object_type = root.req("ObjectTypeName")?.string()?;
    let role = root.req("RoleArn")?.string()?;
    let tags = root.get("Tags").map(|t| t.string_map()).transpose()?;
    CreateIntegrationWorkflowInput::builder()
        .domain_name(domain)
        .workflow_type(workflow_type)
        .integration_config(config)
        .object_type_name(object_type)
        .role_arn(role)
        .set_tags(tags)
        .build()
        .map_err(|e| root.invalid(&e.to_string()))
}

fn built<T>(node: &Node<'_>, r: Result<T, BuildError>) -> Result<T, AwsError> {
    r.map_err(|e| node.invalid(&e.to_string()))
}

fn integration_config(n: &Node<'_>) -> Result<IntegrationConfig, AwsError> {
    n.object(&["AppflowIntegration"])?;
    let a = n.req("AppflowIntegration")?;
    a.object(&["FlowDefinition", "Batches"])?;
    let flow = flow_definition(&a.req("FlowDefinition")?)?;
    let batches = match a.get("Batches") {
        None => None,
        Some(b) => Some(b.list()?.iter().map(batch).collect::<Result<Vec<_>, _>>()?),
    };
    Ok(IntegrationConfig::builder()
        .appflow_integration(
            AppflowIntegration::builder()
                .flow_definition(flow)
                .set_batches(batches)
                .build(),
        )
        .build())
}

fn batch(n: &Node<'_>) -> Result<Batch, AwsError> {
    n.object(&["StartTime", "EndTime"])?;
    let r = Batch::builder()
        .start_time(n.req("StartTime")?.time()?)
        .end_time(n.req("EndTime")?.time()?)
        .build();
    built(n, r)
}

fn flow_definition(n: &Node<'_>) -> Result<FlowDefinition, AwsError> {
    n.object(&[
        "Description",
        "FlowName",
        "KmsArn",
        "SourceFlowConfig",
        "Tasks",
        "TriggerConfig",
    ])?;
    let tasks = n
        .req("Tasks")?
        .list()?
        .iter()
        .map(task)
        .collect::<Result<Vec<_>, _>>()?;
    let r = FlowDefinition::builder()
        .set_description(n.get("Description").map(|d| d.string()).transpose()?)
        .flow_name(n.req("FlowName")?.string()?)
        .kms_arn(n.req("KmsArn")?.string()?)
        .source_flow_config(source_flow_config(&n.req("SourceFlowConfig")?)?)
        .set_tasks(Some(tasks))
        .trigger_config(trigger_config(&n.req("TriggerConfig")?)?)
        .build();
    built(n, r)
}

fn source_flow_config(n: &Node<'_>) -> Result<SourceFlowConfig, AwsError> {
    n.object(&[
        "ConnectorProfileName",
        "ConnectorType",
        "IncrementalPullConfig",
        "SourceConnectorProperties",
    ])?;
    let incremental = match n.get("IncrementalPullConfig") {
        None => None,
        Some(i) => {
            i.object(&["DatetimeTypeFieldName"])?;
            let field = i
                .get("DatetimeTypeFieldName")
                .map(|f| f.string())
                .transpose()?;
            Some(
                IncrementalPullConfig::builder()
                    .set_datetime_type_field_name(field)
                    .build(),
            )
        }
    };
    let r = SourceFlowConfig::builder()
        .set_connector_profile_name(
            n.get("ConnectorProfileName")
                .map(|p| p.string())
                .transpose()?,
        )
        .connector_type(
            n.req("ConnectorType")?
                .one_of::<SourceConnectorType>(SourceConnectorType::values())?,
        )
        .set_incremental_pull_config(incremental)
        .source_connector_properties(source_properties(&n.req("SourceConnectorProperties")?)?)
        .build();
    built(n, r)
}

super::flow_parts::flow_parts!(super::flow_parts::pascal);

fn scheduled(n: &Node<'_>) -> Result<ScheduledTriggerProperties, AwsError> {
    n.object(&[
        "ScheduleExpression",
        "DataPullMode",
        "ScheduleStartTime",
        "ScheduleEndTime",
        "Timezone",
        "ScheduleOffset",
        "FirstExecutionFrom",
    ])?;
    let time = |k: &str| n.get(k).map(|t| t.time()).transpose();
    let r = ScheduledTriggerProperties::builder()
        .schedule_expression(n.req("ScheduleExpression")?.string()?)
        .set_data_pull_mode(
            n.get("DataPullMode")
                .map(|m| m.one_of::<DataPullMode>(DataPullMode::values()))
                .transpose()?,
        )
        .set_schedule_start_time(time("ScheduleStartTime")?)
        .set_schedule_end_time(time("ScheduleEndTime")?)
        .set_timezone(n.get("Timezone").map(|t| t.string()).transpose()?)
        .set_schedule_offset(n.get("ScheduleOffset").map(|o| o.long()).transpose()?)
        .set_first_execution_from(time("FirstExecutionFrom")?)
        .build();
    built(n, r)
}

#[cfg(test)]
pub(crate) mod tests;
