//! The UpdateFlow request from a flow written as AppFlow's JSON (camelCase members, as
//! `flows describe -o json` prints it), mapped onto the SDK's builders. The members
//! DescribeFlow adds and UpdateFlow does not take (the ARN, status, times, run details,
//! tags) are skipped so a described flow can be edited and sent back; any other unknown
//! member, a missing required member (`triggerConfig`, `sourceFlowConfig`,
//! `destinationFlowConfigList`, `tasks`), a wrong type or an enum value the model does
//! not list is an invalid error naming its JSON path, before anything is sent. Sources
//! are the five connectors a Customer Profiles integration reads; destinations are
//! Customer Profiles.

use std::collections::HashMap;

use aws_sdk_appflow::operation::update_flow::UpdateFlowInput;
use aws_sdk_appflow::types::{
    ConnectorOperator, ConnectorType, CustomerProfilesDestinationProperties, DataPullMode,
    DestinationConnectorProperties, DestinationFlowConfig, GlueDataCatalogConfig,
    IncrementalPullConfig, MarketoConnectorOperator, MarketoSourceProperties,
    MetadataCatalogConfig, OperatorPropertiesKeys, S3ConnectorOperator, S3SourceProperties,
    SalesforceConnectorOperator, SalesforceSourceProperties, ScheduledTriggerProperties,
    ServiceNowConnectorOperator, ServiceNowSourceProperties, SourceConnectorProperties,
    SourceFlowConfig, Task, TaskType, TriggerConfig, TriggerProperties, TriggerType,
    ZendeskConnectorOperator, ZendeskSourceProperties,
};
use aws_smithy_types::error::operation::BuildError;
use serde_json::Value;

use super::create::read::Node;
use super::error::AwsError;

/// What UpdateFlow takes.
const REQUEST: [&str; 8] = [
    "flowName",
    "description",
    "triggerConfig",
    "sourceFlowConfig",
    "destinationFlowConfigList",
    "tasks",
    "metadataCatalogConfig",
    "clientToken",
];

fn built<T>(node: &Node<'_>, r: Result<T, BuildError>) -> Result<T, AwsError> {
    r.map_err(|e| node.invalid(&e.to_string()))
}

fn opt_string(n: &Node<'_>, key: &str) -> Result<Option<String>, AwsError> {
    n.get(key).map(|v| v.string()).transpose()
}

/// Maps `body` onto UpdateFlow for flow `name`; a `flowName` in the body must be `name`.
pub fn update_input(name: &str, body: &Value) -> Result<UpdateFlowInput, AwsError> {
    let root = Node::root(body);
    let allowed: Vec<&str> = REQUEST
        .iter()
        .chain(flowscope_model::aws::DESCRIBE_FLOW_ONLY.iter())
        .copied()
        .collect();
    root.object(&allowed)?;
    if let Some(n) = root.get("flowName")
        && n.string()? != name
    {
        return Err(n.invalid(&format!("names another flow than {name}")));
    }
    let tasks = root
        .req("tasks")?
        .list()?
        .iter()
        .map(task)
        .collect::<Result<Vec<_>, _>>()?;
    let destinations = root
        .req("destinationFlowConfigList")?
        .list()?
        .iter()
        .map(destination)
        .collect::<Result<Vec<_>, _>>()?;
    if destinations.is_empty() {
        return Err(root.invalid("destinationFlowConfigList: name at least one destination"));
    }
    let catalog = root
        .get("metadataCatalogConfig")
        .map(|m| catalog(&m))
        .transpose()?;
    UpdateFlowInput::builder()
        .flow_name(name)
        .set_description(opt_string(&root, "description")?)
        .trigger_config(trigger_config(&root.req("triggerConfig")?)?)
        .source_flow_config(source_flow_config(&root.req("sourceFlowConfig")?)?)
        .set_destination_flow_config_list(Some(destinations))
        .set_tasks(Some(tasks))
        .set_metadata_catalog_config(catalog)
        .set_client_token(opt_string(&root, "clientToken")?)
        .build()
        .map_err(|e| root.invalid(&e.to_string()))
}

fn catalog(n: &Node<'_>) -> Result<MetadataCatalogConfig, AwsError> {
    n.object(&["glueDataCatalog"])?;
    let glue = match n.get("glueDataCatalog") {
        None => None,
        Some(g) => {
            g.object(&["roleArn", "databaseName", "tablePrefix"])?;
            let r = GlueDataCatalogConfig::builder()
                .role_arn(g.req("roleArn")?.string()?)
                .database_name(g.req("databaseName")?.string()?)
                .table_prefix(g.req("tablePrefix")?.string()?)
                .build();
            Some(built(&g, r)?)
        }
    };
    Ok(MetadataCatalogConfig::builder()
        .set_glue_data_catalog(glue)
        .build())
}

fn source_flow_config(n: &Node<'_>) -> Result<SourceFlowConfig, AwsError> {
    n.object(&[
        "connectorType",
        "apiVersion",
        "connectorProfileName",
        "sourceConnectorProperties",
        "incrementalPullConfig",
    ])?;
    let incremental = match n.get("incrementalPullConfig") {
        None => None,
        Some(i) => {
            i.object(&["datetimeTypeFieldName"])?;
            Some(
                IncrementalPullConfig::builder()
                    .set_datetime_type_field_name(opt_string(&i, "datetimeTypeFieldName")?)
                    .build(),
            )
        }
    };
    let r = SourceFlowConfig::builder()
        .connector_type(
            n.req("connectorType")?
                .one_of::<ConnectorType>(ConnectorType::values())?,
        )
        .set_api_version(opt_string(n, "apiVersion")?)
        .set_connector_profile_name(opt_string(n, "connectorProfileName")?)
        .source_connector_properties(source_properties(&n.req("sourceConnectorProperties")?)?)
        .set_incremental_pull_config(incremental)
        .build();
    built(n, r)
}

fn destination(n: &Node<'_>) -> Result<DestinationFlowConfig, AwsError> {
    n.object(&[
        "connectorType",
        "apiVersion",
        "connectorProfileName",
        "destinationConnectorProperties",
    ])?;
    let kind: ConnectorType = n.req("connectorType")?.one_of(&["CustomerProfiles"])?;
    let props = n.req("destinationConnectorProperties")?;
    props.object(&["CustomerProfiles"])?;
    let cp = props.req("CustomerProfiles")?;
    cp.object(&["domainName", "objectTypeName"])?;
    let r = CustomerProfilesDestinationProperties::builder()
        .domain_name(cp.req("domainName")?.string()?)
        .set_object_type_name(opt_string(&cp, "objectTypeName")?)
        .build();
    let properties = DestinationConnectorProperties::builder()
        .customer_profiles(built(&cp, r)?)
        .build();
    let r = DestinationFlowConfig::builder()
        .connector_type(kind)
        .set_api_version(opt_string(n, "apiVersion")?)
        .set_connector_profile_name(opt_string(n, "connectorProfileName")?)
        .destination_connector_properties(properties)
        .build();
    built(n, r)
}

super::flow_parts::flow_parts!(super::flow_parts::camel);

fn scheduled(n: &Node<'_>) -> Result<ScheduledTriggerProperties, AwsError> {
    n.object(&[
        "scheduleExpression",
        "dataPullMode",
        "scheduleStartTime",
        "scheduleEndTime",
        "timezone",
        "scheduleOffset",
        "firstExecutionFrom",
        "flowErrorDeactivationThreshold",
    ])?;
    let time = |k: &str| n.get(k).map(|t| t.time()).transpose();
    let threshold = match n.get("flowErrorDeactivationThreshold") {
        None => None,
        Some(t) => Some(
            i32::try_from(t.long()?).map_err(|_| t.invalid("expected a number from 1 to 100"))?,
        ),
    };
    let r = ScheduledTriggerProperties::builder()
        .schedule_expression(n.req("scheduleExpression")?.string()?)
        .set_data_pull_mode(
            n.get("dataPullMode")
                .map(|m| m.one_of::<DataPullMode>(DataPullMode::values()))
                .transpose()?,
        )
        .set_schedule_start_time(time("scheduleStartTime")?)
        .set_schedule_end_time(time("scheduleEndTime")?)
        .set_timezone(opt_string(n, "timezone")?)
        .set_schedule_offset(n.get("scheduleOffset").map(|o| o.long()).transpose()?)
        .set_first_execution_from(time("firstExecutionFrom")?)
        .set_flow_error_deactivation_threshold(threshold)
        .build();
    built(n, r)
}
