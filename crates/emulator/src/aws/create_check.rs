//! CreateIntegrationWorkflow's request checks, as the service makes them: required
//! members at every level, member types, the enums and patterns of the Customer
//! Profiles model, the connector's key under `SourceConnectorProperties` and
//! `ConnectorOperator` matching `ConnectorType` (`Servicenow` ↔ `ServiceNow`), the
//! connector profile existing with that type, and the object type existing in the
//! domain. Each refusal is a 400 BadRequestException naming the member by its path.
//! Unknown members are ignored, as the service's JSON reader ignores them.

use serde_json::{Map, Value};

use super::connector::{Connector, DATA_PULL_MODES, TASK_PROPERTY_KEYS, TASK_TYPES, TRIGGER_TYPES};
use super::error::AwsError;
use super::json_walk::{At, arn_ok, bad, flow_name_ok, in_class, type_name_ok};
use super::store::AwsStore;
use super::wire::Body;
use crate::clock::EpochMs;

/// What creating needs from a request that passed.
#[derive(Debug)]
pub struct Checked {
    pub definition: Value,
    pub connector: Connector,
    /// The connector profile, or for S3 the bucket: GetWorkflow's ConnectorProfileName.
    pub source_label: String,
    pub flow_name: String,
    pub batches: Vec<(EpochMs, EpochMs)>,
    pub object_type: String,
    pub role_arn: String,
    pub tags: Map<String, Value>,
}

pub fn check(b: &Body, s: &AwsStore, domain: &str) -> Result<Checked, AwsError> {
    let root = At { path: "", map: b };
    root.one_of("WorkflowType", &["APPFLOW_INTEGRATION"], true)?;
    let config = root.req_object("IntegrationConfig", "IntegrationConfig")?;
    let appflow =
        config.req_object("AppflowIntegration", "IntegrationConfig.AppflowIntegration")?;
    let def = appflow.req_object(
        "FlowDefinition",
        "IntegrationConfig.AppflowIntegration.FlowDefinition",
    )?;

    let flow_name = def.req_string("FlowName", 256)?;
    if flow_name.chars().any(char::is_whitespace) {
        return Err(bad(format!(
            "{} must not contain spaces; use underscores (_) or hyphens (-).",
            def.name("FlowName")
        )));
    }
    if !flow_name_ok(flow_name) {
        return Err(bad(format!(
            "{} {flow_name} does not match the pattern [a-zA-Z0-9][\\w!@#.-]+.",
            def.name("FlowName")
        )));
    }
    let kms = def.req_string("KmsArn", 2048)?;
    if kms.len() < 20 || !arn_ok(kms, "arn:aws:kms:") {
        return Err(bad(format!(
            "{} must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID).",
            def.name("KmsArn")
        )));
    }
    if let Some(d) = def.string("Description", 2048)?
        && !in_class(d, "!@#-.?,")
    {
        return Err(bad(format!(
            "{} may hold only letters, digits, spaces and _ ! @ # - . ? ,",
            def.name("Description")
        )));
    }

    let (connector, source_label) = source(&def)?;
    check_profile(&def, s, connector)?;
    tasks(&def, connector)?;
    trigger(&def)?;

    let mut batches = Vec::new();
    if let Some(list) = appflow.array("Batches", false)? {
        for (i, v) in list.iter().enumerate() {
            let path = format!("IntegrationConfig.AppflowIntegration.Batches[{i}]");
            let Value::Object(map) = v else {
                return Err(bad(format!("{path} must be an object.")));
            };
            let at = At { path: &path, map };
            let (Some(start), Some(end)) = (at.time("StartTime", true)?, at.time("EndTime", true)?)
            else {
                return Err(bad(format!("{path} needs StartTime and EndTime.")));
            };
            if end <= start {
                return Err(bad(format!("{path}.EndTime must be after its StartTime.")));
            }
            batches.push((start, end));
        }
    }

    let object_type = root.req_string("ObjectTypeName", 255)?;
    if !type_name_ok(object_type) {
        return Err(bad(format!(
            "ObjectTypeName {object_type} does not match the pattern ^[a-zA-Z_][a-zA-Z_0-9-]*$."
        )));
    }
    if !s
        .object_types_of(domain)
        .iter()
        .any(|o| o.name == object_type)
    {
        let known: Vec<&str> = s
            .object_types_of(domain)
            .iter()
            .map(|o| o.name.as_str())
            .collect();
        return Err(bad(format!(
            "ObjectTypeName {object_type} is not an object type of domain {domain}; it has {}.",
            known.join(", ")
        )));
    }
    let role_arn = root.req_string("RoleArn", 512)?;
    if !arn_ok(role_arn, "arn:aws:iam:") {
        return Err(bad(
            "RoleArn must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME).".to_string(),
        ));
    }
    let tags = tags(&root)?;
    if s.flows.contains_key(flow_name) {
        return Err(bad(format!(
            "{} {flow_name} is taken: an AppFlow flow of that name already exists.",
            def.name("FlowName")
        )));
    }
    Ok(Checked {
        definition: Value::Object(def.map.clone()),
        connector,
        source_label,
        flow_name: flow_name.to_string(),
        batches,
        object_type: object_type.to_string(),
        role_arn: role_arn.to_string(),
        tags,
    })
}

/// SourceFlowConfig: the connector, and its one entry under SourceConnectorProperties.
pub(super) fn source(def: &At<'_>) -> Result<(Connector, String), AwsError> {
    let path = def.name("SourceFlowConfig");
    let src = def.req_object("SourceFlowConfig", &path)?;
    let names: Vec<&str> = Connector::ALL.iter().map(|c| c.type_name()).collect();
    let kind = src
        .one_of("ConnectorType", &names, true)?
        .unwrap_or_default();
    let connector =
        Connector::parse(kind).ok_or_else(|| bad(format!("{path}.ConnectorType is required.")))?;
    if let Some(inc) = src.object("IncrementalPullConfig", &path)? {
        inc.string("DatetimeTypeFieldName", 256)?;
    }
    let props_path = src.name("SourceConnectorProperties");
    let props = src.req_object("SourceConnectorProperties", &props_path)?;
    let key = connector.key();
    if let Some(other) = props.map.keys().find(|k| k.as_str() != key) {
        return Err(bad(format!(
            "{props_path}.{other} does not match ConnectorType {kind}; SourceConnectorProperties must hold only {key}."
        )));
    }
    let own_path = props.name(key);
    let own = props.req_object(key, &own_path)?;
    let label = if connector == Connector::S3 {
        let bucket = own.req_string("BucketName", 63)?;
        if bucket.len() < 3 || bucket.chars().any(char::is_whitespace) {
            return Err(bad(format!(
                "{} must be 3 to 63 characters without spaces.",
                own.name("BucketName")
            )));
        }
        own.string("BucketPrefix", 512)?;
        bucket.to_string()
    } else {
        let object = own.req_string("Object", 512)?;
        if object.chars().any(char::is_whitespace) {
            return Err(bad(format!(
                "{} must not contain spaces.",
                own.name("Object")
            )));
        }
        own.boolean("EnableDynamicFieldUpdate")?;
        own.boolean("IncludeDeletedRecords")?;
        src.string("ConnectorProfileName", 256)?
            .unwrap_or_default()
            .to_string()
    };
    Ok((connector, label))
}

pub(super) fn check_profile(
    def: &At<'_>,
    s: &AwsStore,
    connector: Connector,
) -> Result<(), AwsError> {
    let path = def.name("SourceFlowConfig.ConnectorProfileName");
    let given = def
        .get("SourceFlowConfig")
        .and_then(|v| v.get("ConnectorProfileName"))
        .and_then(Value::as_str);
    match given {
        None if connector.needs_profile() => Err(bad(format!(
            "{path} is required for {} sources.",
            connector.type_name()
        ))),
        None => Ok(()),
        Some(name) if name.is_empty() || !in_class(name, "/!@#+=.-") || name.contains(' ') => {
            Err(bad(format!(
                "{path} {name} does not match the pattern [\\w/!@#+=.-]+."
            )))
        }
        Some(name) => match s.profile(name) {
            None => {
                let same: Vec<&str> = s
                    .profiles
                    .iter()
                    .filter(|p| p.connector == connector)
                    .map(|p| p.name.as_str())
                    .collect();
                Err(bad(format!(
                    "{path} {name} does not name an AppFlow connector profile of this account; its {} profiles are {}.",
                    connector.type_name(),
                    if same.is_empty() {
                        "none".to_string()
                    } else {
                        same.join(", ")
                    }
                )))
            }
            Some(p) if p.connector != connector => Err(bad(format!(
                "{path} {name} is a {} profile, not {}.",
                p.connector.type_name(),
                connector.type_name()
            ))),
            Some(_) => Ok(()),
        },
    }
}

pub(super) fn tasks(def: &At<'_>, connector: Connector) -> Result<(), AwsError> {
    let list = def
        .array("Tasks", true)?
        .map(Vec::as_slice)
        .unwrap_or_default();
    if list.is_empty() {
        return Err(bad(format!(
            "{} must hold at least one task.",
            def.name("Tasks")
        )));
    }
    for (i, v) in list.iter().enumerate() {
        let path = format!("{}[{i}]", def.name("Tasks"));
        let Value::Object(map) = v else {
            return Err(bad(format!("{path} must be an object.")));
        };
        let t = At { path: &path, map };
        let fields = t
            .array("SourceFields", true)?
            .map(Vec::as_slice)
            .unwrap_or_default();
        if fields.iter().any(|f| !f.is_string()) {
            return Err(bad(format!(
                "{path}.SourceFields must be a list of strings."
            )));
        }
        t.one_of("TaskType", TASK_TYPES, true)?;
        t.string("DestinationField", 256)?;
        let op_path = t.name("ConnectorOperator");
        if let Some(op) = t.object("ConnectorOperator", &op_path)? {
            let key = connector.key();
            if op.map.len() != 1 || !op.map.contains_key(key) {
                return Err(bad(format!(
                    "{op_path} must hold exactly one member, {key}, the source connector's."
                )));
            }
            op.one_of(key, connector.operators(), true)?;
        }
        let props_path = t.name("TaskProperties");
        if let Some(props) = t.object("TaskProperties", &props_path)? {
            for (k, v) in props.map {
                if !TASK_PROPERTY_KEYS.contains(&k.as_str()) {
                    return Err(bad(format!(
                        "{props_path}.{k} is not a task property; use one of {}.",
                        TASK_PROPERTY_KEYS.join(", ")
                    )));
                }
                if !v.is_string() {
                    return Err(bad(format!("{props_path}.{k} must be a string.")));
                }
            }
        }
    }
    Ok(())
}

pub(super) fn trigger(def: &At<'_>) -> Result<(), AwsError> {
    let path = def.name("TriggerConfig");
    let tc = def.req_object("TriggerConfig", &path)?;
    let kind = tc
        .one_of("TriggerType", TRIGGER_TYPES, true)?
        .unwrap_or_default();
    let props_path = tc.name("TriggerProperties");
    let scheduled_path = format!("{props_path}.Scheduled");
    let scheduled = match tc.object("TriggerProperties", &props_path)? {
        Some(p) => p.object("Scheduled", &scheduled_path)?,
        None => None,
    };
    match (kind, scheduled) {
        ("Scheduled", None) => Err(bad(format!(
            "{scheduled_path} is required when TriggerType is Scheduled."
        ))),
        (other, Some(_)) if other != "Scheduled" => Err(bad(format!(
            "{scheduled_path} is allowed only when TriggerType is Scheduled, not {other}."
        ))),
        (_, Some(sch)) => {
            let expr = sch.req_string("ScheduleExpression", 256)?;
            let shaped =
                (expr.starts_with("rate(") || expr.starts_with("cron(")) && expr.ends_with(')');
            if !shaped {
                return Err(bad(format!(
                    "{} {expr} must be rate(...) or cron(...), for example rate(1hours).",
                    sch.name("ScheduleExpression")
                )));
            }
            sch.one_of("DataPullMode", DATA_PULL_MODES, false)?;
            let start = sch.time("ScheduleStartTime", false)?;
            let end = sch.time("ScheduleEndTime", false)?;
            sch.time("FirstExecutionFrom", false)?;
            sch.string("Timezone", 256)?;
            if let Some(off) = sch.get("ScheduleOffset")
                && !off.as_i64().is_some_and(|o| (0..=36_000).contains(&o))
            {
                return Err(bad(format!(
                    "{} must be an integer from 0 to 36000.",
                    sch.name("ScheduleOffset")
                )));
            }
            if let (Some(a), Some(b)) = (start, end)
                && b <= a
            {
                return Err(bad(format!(
                    "{} must be after ScheduleStartTime.",
                    sch.name("ScheduleEndTime")
                )));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn tags(root: &At<'_>) -> Result<Map<String, Value>, AwsError> {
    let Some(t) = root.object("Tags", "Tags")? else {
        return Ok(Map::new());
    };
    if t.map.is_empty() || t.map.len() > 50 {
        return Err(bad("Tags must hold 1 to 50 tags.".to_string()));
    }
    for (k, v) in t.map {
        if k.is_empty() || k.len() > 128 || k.starts_with("aws:") {
            return Err(bad(format!(
                "Tags key {k} must be 1 to 128 characters and not start with aws:."
            )));
        }
        if v.as_str().is_none_or(|s| s.len() > 256) {
            return Err(bad(format!(
                "Tags.{k} must be a string of at most 256 characters."
            )));
        }
    }
    Ok(t.map.clone())
}
