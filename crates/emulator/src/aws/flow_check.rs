//! UpdateFlow's request checks. The body is AppFlow's (camelCase) flow definition; it is
//! renamed to Customer Profiles' PascalCase and run through CreateIntegrationWorkflow's
//! checks of the source, the connector profile, the tasks and the trigger (one set of
//! rules for both ways a flow is written), and the refusal is AppFlow's
//! ValidationException with the member path spelled as the caller wrote it. The
//! destinations are AppFlow's own: a non-empty list, each a connector type the service
//! knows with its properties; a Customer Profiles destination names a domain and an
//! object type of this account. A flow keeps its source connector.

use serde_json::Value;

use super::Service;
use super::connector::Connector;
use super::create_check::{check_profile, source, tasks, trigger};
use super::error::AwsError;
use super::flow::Flow;
use super::flowdef::profiles_shape;
use super::flows::CONNECTOR_TYPES;
use super::json_walk::{At, in_class};
use super::store::AwsStore;
use super::wire::Body;

const A: Service = Service::AppFlow;
/// UpdateFlowRequest's required members.
pub const REQUIRED: [&str; 5] = [
    "flowName",
    "triggerConfig",
    "sourceFlowConfig",
    "destinationFlowConfigList",
    "tasks",
];

/// What updating needs from a request that passed.
#[derive(Debug)]
pub struct Update {
    /// The new definition in Customer Profiles' shape, with the flow's name and key.
    pub definition: Value,
    pub domain: String,
    pub object_type: String,
}

fn invalid(message: impl Into<String>) -> AwsError {
    AwsError::invalid(A, message)
}

pub fn check_update(b: &Body, s: &AwsStore, f: &Flow) -> Result<Update, AwsError> {
    for k in REQUIRED {
        if b.get(k).is_none_or(Value::is_null) {
            return Err(invalid(format!("{k} is required.")));
        }
    }
    let description = match b.get("description") {
        None | Some(Value::Null) => f.description.clone(),
        Some(Value::String(d)) if d.chars().count() <= 2048 && in_class(d, "!@#-.?,") => d.clone(),
        Some(_) => {
            return Err(invalid(
                "description may hold only letters, digits, spaces and _ ! @ # - . ? , (at most 2048).",
            ));
        }
    };
    let mut def = profiles_shape(&Value::Object(b.clone()));
    if let Some(m) = def.as_object_mut() {
        m.insert("FlowName".into(), f.name.clone().into());
        m.insert("KmsArn".into(), f.kms_arn.clone().into());
        m.insert("Description".into(), description.into());
    }
    let Value::Object(map) = &def else {
        return Err(AwsError::internal(A));
    };
    let at = At { path: "", map };
    let (connector, _) = source(&at).map_err(appflow)?;
    if connector != f.connector {
        return Err(invalid(format!(
            "sourceFlowConfig.connectorType cannot change from {} to {}; create a new flow instead.",
            f.connector.type_name(),
            connector.type_name()
        )));
    }
    check_profile(&at, s, connector).map_err(appflow)?;
    tasks(&at, connector).map_err(appflow)?;
    trigger(&at).map_err(appflow)?;
    let (domain, object_type) = destinations(b, s, f)?;
    Ok(Update {
        definition: def,
        domain,
        object_type,
    })
}

/// The destination list's checks; the Customer Profiles destination it names, else the
/// flow's own.
fn destinations(b: &Body, s: &AwsStore, f: &Flow) -> Result<(String, String), AwsError> {
    let list = match b.get("destinationFlowConfigList") {
        Some(Value::Array(a)) if !a.is_empty() => a,
        _ => {
            return Err(invalid(
                "destinationFlowConfigList must be a list of at least one destination.",
            ));
        }
    };
    let mut target = (f.domain.clone(), f.object_type.clone());
    for (i, d) in list.iter().enumerate() {
        let path = format!("destinationFlowConfigList[{i}]");
        let kind = d["connectorType"].as_str().unwrap_or_default();
        if !CONNECTOR_TYPES.contains(&kind) {
            return Err(invalid(format!(
                "{path}.connectorType must be one of {}.",
                CONNECTOR_TYPES.join(", ")
            )));
        }
        let Some(props) = d["destinationConnectorProperties"].as_object() else {
            return Err(invalid(format!(
                "{path}.destinationConnectorProperties is required."
            )));
        };
        if kind != "CustomerProfiles" {
            continue;
        }
        let cp = &props.get("CustomerProfiles").cloned().unwrap_or_default();
        let Some(domain) = cp["domainName"].as_str().filter(|d| !d.is_empty()) else {
            return Err(invalid(format!(
                "{path}.destinationConnectorProperties.CustomerProfiles.domainName is required."
            )));
        };
        if s.domain(domain).is_none() {
            return Err(invalid(format!(
                "{path}: Customer Profiles domain {domain} does not exist."
            )));
        }
        let object_type = cp["objectTypeName"].as_str().unwrap_or(&f.object_type);
        if !s
            .object_types_of(domain)
            .iter()
            .any(|o| o.name == object_type)
        {
            return Err(invalid(format!(
                "{path}: {object_type} is not an object type of domain {domain}."
            )));
        }
        target = (domain.to_string(), object_type.to_string());
    }
    Ok(target)
}

/// A Customer Profiles refusal of the shared checks as AppFlow's, its member path in
/// camelCase.
fn appflow(e: AwsError) -> AwsError {
    invalid(camel_paths(&e.message))
}

/// Rewrites the member paths of a message (the words that start with one of the flow's
/// top-level members) to camelCase; union keys (`Salesforce`, `Scheduled`) and enum keys
/// (`DATA_TYPE`) stay as they are.
fn camel_paths(message: &str) -> String {
    const TOP: [&str; 3] = ["SourceFlowConfig", "Tasks", "TriggerConfig"];
    let keep = |seg: &str| {
        seg == "Scheduled"
            || Connector::ALL.iter().any(|c| c.key() == seg)
            || seg.chars().all(|c| c.is_ascii_uppercase() || c == '_')
    };
    message
        .split(' ')
        .map(|word| {
            if !TOP.iter().any(|t| word.starts_with(t)) {
                return word.to_string();
            }
            word.split('.')
                .map(|seg| {
                    let mut c = seg.chars();
                    match c.next() {
                        Some(f) if !keep(seg.split('[').next().unwrap_or(seg)) => {
                            f.to_lowercase().chain(c).collect()
                        }
                        _ => seg.to_string(),
                    }
                })
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_spelled_as_appflow_spells_them() {
        assert_eq!(
            camel_paths(
                "Tasks[2].ConnectorOperator.Salesforce FOO is not valid; use one of Validate."
            ),
            "tasks[2].connectorOperator.Salesforce FOO is not valid; use one of Validate."
        );
        assert_eq!(
            camel_paths("TriggerConfig.TriggerProperties.Scheduled.ScheduleExpression x"),
            "triggerConfig.triggerProperties.Scheduled.scheduleExpression x"
        );
        assert_eq!(
            camel_paths("Tasks[0].TaskProperties.DATA_TYPE must be a string."),
            "tasks[0].taskProperties.DATA_TYPE must be a string."
        );
    }
}
