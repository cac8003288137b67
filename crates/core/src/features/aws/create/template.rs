//! The starting text of a new integration workflow: a complete CreateIntegrationWorkflow
//! request for one source connector, with a typical source object and its fields, so the
//! user edits a request that already validates instead of writing one from the reference.
//! Account-specific values (the KMS key, the role, the connector profile when none was
//! picked) are placeholders in the shape the service takes.

use serde_json::{Value, json};

use crate::features::aws::create::rules::Connector;

/// Hours between scheduled runs, as AppFlow writes a rate.
const SCHEDULE: &str = "rate(1hours)";
/// The history the first run ingests, as one batch window.
const HISTORY_DAYS: i64 = 30;
const ACCOUNT: &str = "123456789012";

/// What a connector's template pulls: the source object, its fields (the first one is the
/// record's id), and the field that dates a change, for incremental pulls.
struct Source {
    object: &'static str,
    fields: &'static [&'static str],
    changed: Option<&'static str>,
    object_type: &'static str,
}

fn source(c: Connector) -> Source {
    match c {
        Connector::Salesforce => Source {
            object: "Account",
            fields: &["Id", "Name", "Phone", "BillingCity", "LastModifiedDate"],
            changed: Some("LastModifiedDate"),
            object_type: "Salesforce-Account",
        },
        Connector::Marketo => Source {
            object: "leads",
            fields: &["id", "email", "firstName", "lastName", "updatedAt"],
            changed: Some("updatedAt"),
            object_type: "Marketo-leads",
        },
        Connector::Zendesk => Source {
            object: "tickets",
            fields: &["id", "subject", "status", "requester_id", "updated_at"],
            changed: Some("updated_at"),
            object_type: "Zendesk-tickets",
        },
        Connector::Servicenow => Source {
            object: "incident",
            fields: &[
                "sys_id",
                "number",
                "short_description",
                "caller_id",
                "sys_updated_on",
            ],
            changed: Some("sys_updated_on"),
            object_type: "ServiceNow-incident",
        },
        // An S3 source is files, not records with a modification field: AppFlow picks up
        // new files by itself.
        Connector::S3 => Source {
            object: "customers",
            fields: &["CustomerId", "FirstName", "LastName", "Email", "Phone"],
            changed: None,
            object_type: "S3-customers",
        },
    }
}

/// A flow name from the connector, object and domain: the characters a flow name may not
/// hold become `-`, and it starts with the connector's name, so with a letter.
pub fn flow_name(connector: Connector, domain: &str) -> String {
    let object = source(connector).object;
    let raw = format!("{}-{object}-to-{domain}", connector.type_name());
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_!@#.-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .take(256)
        .collect()
}

fn source_properties(connector: Connector, domain: &str, object: &str) -> Value {
    let inner = match connector {
        Connector::Salesforce => json!({
            "Object": object,
            "EnableDynamicFieldUpdate": false,
            "IncludeDeletedRecords": false
        }),
        Connector::S3 => json!({
            "BucketName": "customer-profiles-source",
            "BucketPrefix": format!("{domain}/{object}/")
        }),
        _ => json!({ "Object": object }),
    };
    json!({ connector.key(): inner })
}

fn tasks(connector: Connector, fields: &[&str]) -> Value {
    let key = connector.key();
    let mut tasks = vec![json!({
        "ConnectorOperator": { key: "PROJECTION" },
        "SourceFields": fields,
        "TaskType": "Filter"
    })];
    tasks.extend(fields.iter().map(|f| {
        json!({
            "ConnectorOperator": { key: "NO_OP" },
            "DestinationField": f,
            "SourceFields": [f],
            "TaskType": "Map"
        })
    }));
    Value::Array(tasks)
}

/// The request as pretty JSON. `profile` is the AppFlow connector profile to read with
/// (a placeholder when none was picked; left out for S3, which needs none); `now_s` sets
/// the schedule to start on the next hour and the history batch to end on this one.
pub fn template(connector: Connector, domain: &str, profile: Option<&str>, now_s: i64) -> String {
    let src = source(connector);
    let hour = now_s.div_euclid(3600) * 3600;
    let lower = connector.type_name().to_ascii_lowercase();
    let mut source_config = serde_json::Map::new();
    match profile {
        Some(p) => {
            source_config.insert("ConnectorProfileName".into(), json!(p));
        }
        None if connector != Connector::S3 => {
            source_config.insert(
                "ConnectorProfileName".into(),
                json!(format!("{lower}-profile")),
            );
        }
        None => {}
    }
    source_config.insert("ConnectorType".into(), json!(connector.type_name()));
    if let Some(field) = src.changed {
        source_config.insert(
            "IncrementalPullConfig".into(),
            json!({ "DatetimeTypeFieldName": field }),
        );
    }
    source_config.insert(
        "SourceConnectorProperties".into(),
        source_properties(connector, domain, src.object),
    );
    let body = json!({
        "DomainName": domain,
        "WorkflowType": "APPFLOW_INTEGRATION",
        "IntegrationConfig": {
            "AppflowIntegration": {
                "FlowDefinition": {
                    "FlowName": flow_name(connector, domain),
                    "Description": format!(
                        "{} {} records into the Customer Profiles domain {domain}",
                        connector.key(),
                        src.object
                    ),
                    "KmsArn": format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
                    "SourceFlowConfig": source_config,
                    "Tasks": tasks(connector, src.fields),
                    "TriggerConfig": {
                        "TriggerType": "Scheduled",
                        "TriggerProperties": {
                            "Scheduled": {
                                "ScheduleExpression": SCHEDULE,
                                "DataPullMode": "Incremental",
                                "ScheduleStartTime": hour + 3600
                            }
                        }
                    }
                },
                "Batches": [
                    { "StartTime": hour - HISTORY_DAYS * 86_400, "EndTime": hour }
                ]
            }
        },
        "ObjectTypeName": src.object_type,
        "RoleArn": format!("arn:aws:iam::{ACCOUNT}:role/CustomerProfilesWorkflowRole"),
        "Tags": { "created-by": "flowscope" }
    });
    serde_json::to_string_pretty(&body).unwrap_or_default()
}

/// The source object a connector's template reads, for summaries.
pub fn default_object(connector: Connector) -> &'static str {
    source(connector).object
}
