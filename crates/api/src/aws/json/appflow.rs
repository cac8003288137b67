//! AppFlow values in the service's wire shape (camelCase members): flows (the ListFlows
//! summary and the whole DescribeFlow), execution records, connector profiles, and the
//! answers of StartFlow / StopFlow / CancelFlowExecutions. Connector-specific members are
//! in `connectors.rs`.

use aws_sdk_appflow::operation::cancel_flow_executions::CancelFlowExecutionsOutput;
use aws_sdk_appflow::operation::describe_flow::DescribeFlowOutput;
use aws_sdk_appflow::operation::start_flow::StartFlowOutput;
use aws_sdk_appflow::operation::stop_flow::StopFlowOutput;
use aws_sdk_appflow::operation::update_flow::UpdateFlowOutput;
use aws_sdk_appflow::types::{
    ConnectorProfile, DestinationFlowConfig, ExecutionDetails, ExecutionRecord, FlowDefinition,
    MetadataCatalogDetail, RegistrationOutput, SourceFlowConfig, Task, TriggerConfig,
};
use serde_json::Value;

use super::connectors::{
    connector_operator, destination_properties, profile_properties, source_properties,
};
use super::{Obj, list, string_map};

/// An item of ListFlows.
pub(crate) fn flow_item(f: &FlowDefinition) -> Value {
    Obj::new()
        .str("flowArn", f.flow_arn.as_deref())
        .str("description", f.description.as_deref())
        .str("flowName", f.flow_name.as_deref())
        .str("flowStatus", f.flow_status.as_ref().map(|s| s.as_str()))
        .str(
            "sourceConnectorType",
            f.source_connector_type.as_ref().map(|t| t.as_str()),
        )
        .str("sourceConnectorLabel", f.source_connector_label.as_deref())
        .str(
            "destinationConnectorType",
            f.destination_connector_type.as_ref().map(|t| t.as_str()),
        )
        .str(
            "destinationConnectorLabel",
            f.destination_connector_label.as_deref(),
        )
        .str("triggerType", f.trigger_type.as_ref().map(|t| t.as_str()))
        .time("createdAt", f.created_at.as_ref())
        .time("lastUpdatedAt", f.last_updated_at.as_ref())
        .str("createdBy", f.created_by.as_deref())
        .str("lastUpdatedBy", f.last_updated_by.as_deref())
        .tags("tags", f.tags.as_ref())
        .val(
            "lastRunExecutionDetails",
            f.last_run_execution_details.as_ref().map(execution_details),
        )
        .build()
}

/// DescribeFlow, whole.
pub(crate) fn describe_flow(f: &DescribeFlowOutput) -> Value {
    Obj::new()
        .str("flowArn", f.flow_arn.as_deref())
        .str("description", f.description.as_deref())
        .str("flowName", f.flow_name.as_deref())
        .str("kmsArn", f.kms_arn.as_deref())
        .str("flowStatus", f.flow_status.as_ref().map(|s| s.as_str()))
        .str("flowStatusMessage", f.flow_status_message.as_deref())
        .val(
            "sourceFlowConfig",
            f.source_flow_config.as_ref().map(source_flow_config),
        )
        .val(
            "destinationFlowConfigList",
            list(f.destination_flow_config_list.as_deref(), destination),
        )
        .val(
            "lastRunExecutionDetails",
            f.last_run_execution_details.as_ref().map(execution_details),
        )
        .val(
            "triggerConfig",
            f.trigger_config.as_ref().map(trigger_config),
        )
        .val("tasks", list(f.tasks.as_deref(), task))
        .time("createdAt", f.created_at.as_ref())
        .time("lastUpdatedAt", f.last_updated_at.as_ref())
        .str("createdBy", f.created_by.as_deref())
        .str("lastUpdatedBy", f.last_updated_by.as_deref())
        .tags("tags", f.tags.as_ref())
        .val(
            "metadataCatalogConfig",
            f.metadata_catalog_config.as_ref().map(|m| {
                Obj::new()
                    .val(
                        "glueDataCatalog",
                        m.glue_data_catalog.as_ref().map(|g| {
                            Obj::new()
                                .str("roleArn", g.role_arn.as_str())
                                .str("databaseName", g.database_name.as_str())
                                .str("tablePrefix", g.table_prefix.as_str())
                                .build()
                        }),
                    )
                    .build()
            }),
        )
        .val(
            "lastRunMetadataCatalogDetails",
            list(
                f.last_run_metadata_catalog_details.as_deref(),
                catalog_detail,
            ),
        )
        .int("schemaVersion", f.schema_version)
        .build()
}

fn source_flow_config(s: &SourceFlowConfig) -> Value {
    Obj::new()
        .str("connectorType", s.connector_type.as_str())
        .str("apiVersion", s.api_version.as_deref())
        .str("connectorProfileName", s.connector_profile_name.as_deref())
        .val(
            "sourceConnectorProperties",
            s.source_connector_properties
                .as_ref()
                .map(source_properties),
        )
        .val(
            "incrementalPullConfig",
            s.incremental_pull_config.as_ref().map(|i| {
                Obj::new()
                    .str(
                        "datetimeTypeFieldName",
                        i.datetime_type_field_name.as_deref(),
                    )
                    .build()
            }),
        )
        .build()
}

fn destination(d: &DestinationFlowConfig) -> Value {
    Obj::new()
        .str("connectorType", d.connector_type.as_str())
        .str("apiVersion", d.api_version.as_deref())
        .str("connectorProfileName", d.connector_profile_name.as_deref())
        .val(
            "destinationConnectorProperties",
            d.destination_connector_properties
                .as_ref()
                .map(destination_properties),
        )
        .build()
}

fn trigger_config(t: &TriggerConfig) -> Value {
    let properties = t.trigger_properties.as_ref().map(|p| {
        Obj::new()
            .val(
                "Scheduled",
                p.scheduled.as_ref().map(|s| {
                    Obj::new()
                        .str("scheduleExpression", s.schedule_expression.as_str())
                        .str(
                            "dataPullMode",
                            s.data_pull_mode.as_ref().map(|m| m.as_str()),
                        )
                        .time("scheduleStartTime", s.schedule_start_time.as_ref())
                        .time("scheduleEndTime", s.schedule_end_time.as_ref())
                        .str("timezone", s.timezone.as_deref())
                        .int("scheduleOffset", s.schedule_offset)
                        .time("firstExecutionFrom", s.first_execution_from.as_ref())
                        .int(
                            "flowErrorDeactivationThreshold",
                            s.flow_error_deactivation_threshold.map(i64::from),
                        )
                        .build()
                }),
            )
            .build()
    });
    Obj::new()
        .str("triggerType", t.trigger_type.as_str())
        .val("triggerProperties", properties)
        .build()
}

fn task(t: &Task) -> Value {
    Obj::new()
        .strs("sourceFields", Some(&t.source_fields))
        .val(
            "connectorOperator",
            t.connector_operator.as_ref().map(connector_operator),
        )
        .str("destinationField", t.destination_field.as_deref())
        .str("taskType", t.task_type.as_str())
        .val("taskProperties", t.task_properties.as_ref().map(string_map))
        .build()
}

fn execution_details(e: &ExecutionDetails) -> Value {
    Obj::new()
        .str(
            "mostRecentExecutionMessage",
            e.most_recent_execution_message.as_deref(),
        )
        .time(
            "mostRecentExecutionTime",
            e.most_recent_execution_time.as_ref(),
        )
        .str(
            "mostRecentExecutionStatus",
            e.most_recent_execution_status.as_ref().map(|s| s.as_str()),
        )
        .build()
}

fn catalog_detail(d: &MetadataCatalogDetail) -> Value {
    Obj::new()
        .str("catalogType", d.catalog_type.as_ref().map(|t| t.as_str()))
        .str("tableName", d.table_name.as_deref())
        .val(
            "tableRegistrationOutput",
            d.table_registration_output.as_ref().map(registration),
        )
        .val(
            "partitionRegistrationOutput",
            d.partition_registration_output.as_ref().map(registration),
        )
        .build()
}

fn registration(r: &RegistrationOutput) -> Value {
    Obj::new()
        .str("message", r.message.as_deref())
        .str("result", r.result.as_deref())
        .str("status", r.status.as_ref().map(|s| s.as_str()))
        .build()
}

/// An item of DescribeFlowExecutionRecords.
pub(crate) fn execution(e: &ExecutionRecord) -> Value {
    let result = e.execution_result.as_ref().map(|r| {
        Obj::new()
            .val(
                "errorInfo",
                r.error_info.as_ref().map(|i| {
                    Obj::new()
                        .int("putFailuresCount", i.put_failures_count)
                        .str("executionMessage", i.execution_message.as_deref())
                        .build()
                }),
            )
            .int("bytesProcessed", r.bytes_processed)
            .int("bytesWritten", r.bytes_written)
            .int("recordsProcessed", r.records_processed)
            .int("numParallelProcesses", r.num_parallel_processes)
            .int("maxPageSize", r.max_page_size)
            .build()
    });
    Obj::new()
        .str("executionId", e.execution_id.as_deref())
        .str(
            "executionStatus",
            e.execution_status.as_ref().map(|s| s.as_str()),
        )
        .val("executionResult", result)
        .time("startedAt", e.started_at.as_ref())
        .time("lastUpdatedAt", e.last_updated_at.as_ref())
        .time("dataPullStartTime", e.data_pull_start_time.as_ref())
        .time("dataPullEndTime", e.data_pull_end_time.as_ref())
        .val(
            "metadataCatalogDetails",
            list(e.metadata_catalog_details.as_deref(), catalog_detail),
        )
        .build()
}

/// An item of DescribeConnectorProfiles. `credentialsArn` is the ARN of the secret, not
/// the secret; the service never returns credentials here.
pub(crate) fn connector_profile(p: &ConnectorProfile) -> Value {
    let state = p.private_connection_provisioning_state.as_ref().map(|s| {
        Obj::new()
            .str("status", s.status.as_ref().map(|v| v.as_str()))
            .str("failureMessage", s.failure_message.as_deref())
            .str("failureCause", s.failure_cause.as_ref().map(|v| v.as_str()))
            .build()
    });
    Obj::new()
        .str("connectorProfileArn", p.connector_profile_arn.as_deref())
        .str("connectorProfileName", p.connector_profile_name.as_deref())
        .str(
            "connectorType",
            p.connector_type.as_ref().map(|t| t.as_str()),
        )
        .str("connectorLabel", p.connector_label.as_deref())
        .str(
            "connectionMode",
            p.connection_mode.as_ref().map(|m| m.as_str()),
        )
        .str("credentialsArn", p.credentials_arn.as_deref())
        .val(
            "connectorProfileProperties",
            p.connector_profile_properties
                .as_ref()
                .map(profile_properties),
        )
        .time("createdAt", p.created_at.as_ref())
        .time("lastUpdatedAt", p.last_updated_at.as_ref())
        .val("privateConnectionProvisioningState", state)
        .build()
}

pub(crate) fn started(o: &StartFlowOutput) -> Value {
    Obj::new()
        .str("flowArn", o.flow_arn.as_deref())
        .str("flowStatus", o.flow_status.as_ref().map(|s| s.as_str()))
        .str("executionId", o.execution_id.as_deref())
        .build()
}

pub(crate) fn updated(o: &UpdateFlowOutput) -> Value {
    Obj::new()
        .str("flowStatus", o.flow_status.as_ref().map(|s| s.as_str()))
        .build()
}

pub(crate) fn stopped(o: &StopFlowOutput) -> Value {
    Obj::new()
        .str("flowArn", o.flow_arn.as_deref())
        .str("flowStatus", o.flow_status.as_ref().map(|s| s.as_str()))
        .build()
}

/// Always carries `invalidExecutions`, empty when every id was accepted.
pub(crate) fn cancelled(o: &CancelFlowExecutionsOutput) -> Value {
    let ids = o.invalid_executions.clone().unwrap_or_default();
    Obj::new()
        .val("invalidExecutions", Some(Value::from(ids)))
        .build()
}

#[cfg(test)]
#[path = "appflow_tests.rs"]
mod tests;
