//! From a Customer Profiles `FlowDefinition` (the PascalCase members of
//! CreateIntegrationWorkflow) to the AppFlow flow it creates, in AppFlow's camelCase
//! shapes; and a builder of typical definitions for the demo data, so seeded flows and
//! created ones go through the same mapping.

use serde_json::{Map, Value, json};

use super::connector::Connector;
use super::flow::{Flow, FlowStatus, Trigger};
use super::wire::{epoch, millis};
use super::{ACCOUNT, DEMO_KMS_KEY};
use crate::clock::EpochMs;

/// Members whose children are connector or trigger names (`Salesforce`, `ServiceNow`,
/// `Scheduled`) or enum keys (`DATA_TYPE`), which both models spell alike.
const KEEP_CHILD_KEYS: &[&str] = &[
    "SourceConnectorProperties",
    "ConnectorOperator",
    "TriggerProperties",
    "TaskProperties",
];

/// The same value with every member name in AppFlow's lower camel case.
pub fn appflow_shape(v: &Value) -> Value {
    convert(v, false, false)
}

/// The other way: an AppFlow (camelCase) value with Customer Profiles' PascalCase names,
/// so UpdateFlow's body goes through CreateIntegrationWorkflow's checks and mapping.
pub fn profiles_shape(v: &Value) -> Value {
    convert(v, false, true)
}

fn convert(v: &Value, keep_keys: bool, upper: bool) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, child)| {
                    let name = if keep_keys {
                        k.clone()
                    } else {
                        first_to(k, upper)
                    };
                    let keep = KEEP_CHILD_KEYS.iter().any(|c| c.eq_ignore_ascii_case(k));
                    (name, convert(child, keep, upper))
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| convert(x, false, upper)).collect()),
        other => other.clone(),
    }
}

fn first_to(k: &str, upper: bool) -> String {
    let mut c = k.chars();
    match c.next() {
        Some(f) if upper => f.to_uppercase().chain(c).collect(),
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Scheduled times, sent as any epoch-seconds number (1793491200.0), in the emulator's
/// form. (`get_mut`, not indexing: indexing a missing member would insert a null.)
fn settle_times(trigger_config: &mut Value) {
    let sched = trigger_config
        .get_mut("triggerProperties")
        .and_then(|p| p.get_mut("Scheduled"))
        .and_then(Value::as_object_mut);
    if let Some(sched) = sched {
        for key in ["scheduleStartTime", "scheduleEndTime", "firstExecutionFrom"] {
            if let Some(ms) = sched.get(key).and_then(millis) {
                sched.insert(key.to_string(), epoch(ms));
            }
        }
    }
}

/// Where a new flow lands and who made it.
pub struct Placement<'a> {
    pub domain: &'a str,
    pub object_type: &'a str,
    pub created_at: EpochMs,
    pub status: FlowStatus,
    pub workflow: Option<String>,
}

/// The AppFlow flow a checked `FlowDefinition` describes; `None` when the connector or
/// trigger type is not one a workflow accepts.
pub fn flow_from_definition(def: &Value, at: Placement<'_>) -> Option<Flow> {
    let source = &def["SourceFlowConfig"];
    let connector = Connector::parse(source["ConnectorType"].as_str()?)?;
    let trigger = Trigger::from_name(def["TriggerConfig"]["TriggerType"].as_str()?)?;
    let mut trigger_config = appflow_shape(&def["TriggerConfig"]);
    if let Some(m) = trigger_config.as_object_mut() {
        m.entry("triggerProperties").or_insert_with(|| json!({}));
    }
    settle_times(&mut trigger_config);
    let description = def["Description"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| format!("Created by Customer Profiles for domain {}", at.domain));
    Some(Flow {
        name: def["FlowName"].as_str()?.to_string(),
        description,
        status: at.status,
        status_message: None,
        trigger,
        trigger_config,
        connector,
        profile: source["ConnectorProfileName"].as_str().map(str::to_string),
        source: appflow_shape(source),
        domain: at.domain.to_string(),
        object_type: at.object_type.to_string(),
        tasks: appflow_shape(&def["Tasks"]),
        kms_arn: def["KmsArn"].as_str()?.to_string(),
        created_at: at.created_at,
        updated_at: at.created_at,
        created_by: format!("arn:aws:iam::{ACCOUNT}:role/flowscope-demo-admin"),
        tags: json!({"managedBy": "customer-profiles", "domain": at.domain}),
        executions: Vec::new(),
        workflow: at.workflow,
    })
}

/// A typical definition for the demo: a Filter PROJECTION task over the fields, then a
/// Map NO_OP task per field.
pub struct Sample<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub connector: Connector,
    pub profile: Option<&'a str>,
    /// The source object, or for S3 `bucket/prefix`.
    pub object: &'a str,
    pub fields: &'a [&'a str],
    pub trigger: Trigger,
    /// Scheduled flows: the expression and the start of the schedule (epoch ms).
    pub schedule: Option<(&'a str, EpochMs)>,
}

impl Sample<'_> {
    /// The Customer Profiles (PascalCase) `FlowDefinition`.
    pub fn definition(&self) -> Value {
        let key = self.connector.key();
        let props = match self.connector {
            Connector::S3 => {
                let (bucket, prefix) = self.object.split_once('/').unwrap_or((self.object, ""));
                json!({"BucketName": bucket, "BucketPrefix": prefix})
            }
            Connector::Salesforce => json!({
                "Object": self.object,
                "EnableDynamicFieldUpdate": false,
                "IncludeDeletedRecords": false,
            }),
            _ => json!({"Object": self.object}),
        };
        let mut tasks = vec![json!({
            "ConnectorOperator": {key: "PROJECTION"},
            "SourceFields": self.fields,
            "TaskType": "Filter",
            "TaskProperties": {},
        })];
        tasks.extend(self.fields.iter().map(|f| {
            json!({
                "ConnectorOperator": {key: "NO_OP"},
                "SourceFields": [f],
                "DestinationField": f,
                "TaskType": "Map",
                "TaskProperties": {"SOURCE_DATA_TYPE": "string", "DESTINATION_DATA_TYPE": "string"},
            })
        }));
        let mut source = json!({
            "ConnectorType": self.connector.type_name(),
            "SourceConnectorProperties": {key: props},
        });
        if let Some(p) = self.profile {
            source["ConnectorProfileName"] = json!(p);
        }
        if self.connector != Connector::S3 && self.trigger == Trigger::Scheduled {
            source["IncrementalPullConfig"] = json!({"DatetimeTypeFieldName": "LastModifiedDate"});
        }
        let mut trigger = json!({"TriggerType": self.trigger.name()});
        if let Some((expr, start)) = self.schedule {
            trigger["TriggerProperties"] = json!({"Scheduled": {
                "ScheduleExpression": expr,
                "DataPullMode": "Incremental",
                "ScheduleStartTime": start / 1000,
                "Timezone": "UTC",
            }});
        }
        json!({
            "Description": self.description,
            "FlowName": self.name,
            "KmsArn": DEMO_KMS_KEY,
            "SourceFlowConfig": source,
            "Tasks": tasks,
            "TriggerConfig": trigger,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_camel_case_but_union_members_stay() {
        let cp = json!({
            "SourceFlowConfig": {"ConnectorType": "Servicenow",
                "SourceConnectorProperties": {"ServiceNow": {"Object": "incident"}}},
            "Tasks": [{"ConnectorOperator": {"ServiceNow": "NO_OP"}, "SourceFields": ["a"],
                "TaskProperties": {"DATA_TYPE": "string"}, "TaskType": "Map"}],
            "TriggerConfig": {"TriggerType": "Scheduled",
                "TriggerProperties": {"Scheduled": {"ScheduleExpression": "rate(1hours)"}}},
        });
        let af = appflow_shape(&cp);
        assert_eq!(
            af["sourceFlowConfig"]["sourceConnectorProperties"]["ServiceNow"]["object"],
            "incident"
        );
        assert_eq!(af["tasks"][0]["connectorOperator"]["ServiceNow"], "NO_OP");
        assert_eq!(af["tasks"][0]["taskProperties"]["DATA_TYPE"], "string");
        assert_eq!(
            af["triggerConfig"]["triggerProperties"]["Scheduled"]["scheduleExpression"],
            "rate(1hours)"
        );
    }
}
