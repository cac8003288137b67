//! The vocabulary of a Customer Profiles integration workflow, from the service model
//! (`../shared/anchors/aws/customer-profiles-2020-08-15.json`): the five sources with
//! their two spellings, each source's task operators, and the other enums a
//! CreateIntegrationWorkflow request is checked against. The create form and the
//! emulator both check requests with these tables; a test holds them to the model. And
//! the changes flowscope sends to AWS ([`AwsChange`]), and the filters of a workflow list.

use serde_json::Value;

/// The AppFlow source of a workflow. `ConnectorType` spells ServiceNow `Servicenow`, while
/// the keys under `SourceConnectorProperties` and `ConnectorOperator` spell it `ServiceNow`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Connector {
    Salesforce,
    Marketo,
    Zendesk,
    Servicenow,
    S3,
}

impl Connector {
    pub const ALL: [Connector; 5] = [
        Connector::Salesforce,
        Connector::Marketo,
        Connector::Zendesk,
        Connector::Servicenow,
        Connector::S3,
    ];

    /// The `ConnectorType` value.
    pub fn type_name(self) -> &'static str {
        match self {
            Connector::Salesforce => "Salesforce",
            Connector::Marketo => "Marketo",
            Connector::Zendesk => "Zendesk",
            Connector::Servicenow => "Servicenow",
            Connector::S3 => "S3",
        }
    }

    /// The key of this source under `SourceConnectorProperties` and `ConnectorOperator`.
    pub fn key(self) -> &'static str {
        match self {
            Connector::Servicenow => "ServiceNow",
            other => other.type_name(),
        }
    }

    /// Only S3 flows run without a connector profile.
    pub fn needs_profile(self) -> bool {
        self != Connector::S3
    }

    /// From a `ConnectorType` value, exactly as the service takes it.
    pub fn parse(s: &str) -> Option<Connector> {
        Connector::ALL.into_iter().find(|c| c.type_name() == s)
    }

    /// The operators a task on this source may use (the model's `*ConnectorOperator`).
    pub fn operators(self) -> &'static [&'static str] {
        match self {
            Connector::Salesforce => SALESFORCE_OPERATORS,
            Connector::Marketo => MARKETO_OPERATORS,
            Connector::Zendesk => ZENDESK_OPERATORS,
            Connector::Servicenow => SERVICENOW_OPERATORS,
            Connector::S3 => S3_OPERATORS,
        }
    }
}

pub const CONNECTOR_TYPES: &[&str] = &["Salesforce", "Marketo", "Zendesk", "Servicenow", "S3"];
pub const WORKFLOW_TYPES: &[&str] = &["APPFLOW_INTEGRATION"];
pub const TASK_TYPES: &[&str] = &[
    "Arithmetic",
    "Filter",
    "Map",
    "Mask",
    "Merge",
    "Truncate",
    "Validate",
];
pub const TRIGGER_TYPES: &[&str] = &["Scheduled", "Event", "OnDemand"];
/// What DescribeFlow answers and UpdateFlow does not take: a described flow sent back as
/// an update leaves these out. The client's mapping and the explorer's flow editor both
/// read this list (the editor's schema is tested against it).
pub const DESCRIBE_FLOW_ONLY: &[&str] = &[
    "flowArn",
    "kmsArn",
    "flowStatus",
    "flowStatusMessage",
    "lastRunExecutionDetails",
    "createdAt",
    "lastUpdatedAt",
    "createdBy",
    "lastUpdatedBy",
    "tags",
    "lastRunMetadataCatalogDetails",
    "schemaVersion",
];
pub const DATA_PULL_MODES: &[&str] = &["Incremental", "Complete"];
/// The keys of a task's `TaskProperties` (the model's `OperatorPropertiesKeys`).
pub const TASK_PROPERTY_KEYS: &[&str] = &[
    "VALUE",
    "VALUES",
    "DATA_TYPE",
    "UPPER_BOUND",
    "LOWER_BOUND",
    "SOURCE_DATA_TYPE",
    "DESTINATION_DATA_TYPE",
    "VALIDATION_ACTION",
    "MASK_VALUE",
    "MASK_LENGTH",
    "TRUNCATE_LENGTH",
    "MATH_OPERATION_FIELDS_ORDER",
    "CONCAT_FORMAT",
    "SUBFIELD_CATEGORY_MAP",
];

pub const MARKETO_OPERATORS: &[&str] = &[
    "PROJECTION",
    "LESS_THAN",
    "GREATER_THAN",
    "BETWEEN",
    "ADDITION",
    "MULTIPLICATION",
    "DIVISION",
    "SUBTRACTION",
    "MASK_ALL",
    "MASK_FIRST_N",
    "MASK_LAST_N",
    "VALIDATE_NON_NULL",
    "VALIDATE_NON_ZERO",
    "VALIDATE_NON_NEGATIVE",
    "VALIDATE_NUMERIC",
    "NO_OP",
];
pub const S3_OPERATORS: &[&str] = &[
    "PROJECTION",
    "LESS_THAN",
    "GREATER_THAN",
    "BETWEEN",
    "LESS_THAN_OR_EQUAL_TO",
    "GREATER_THAN_OR_EQUAL_TO",
    "EQUAL_TO",
    "NOT_EQUAL_TO",
    "ADDITION",
    "MULTIPLICATION",
    "DIVISION",
    "SUBTRACTION",
    "MASK_ALL",
    "MASK_FIRST_N",
    "MASK_LAST_N",
    "VALIDATE_NON_NULL",
    "VALIDATE_NON_ZERO",
    "VALIDATE_NON_NEGATIVE",
    "VALIDATE_NUMERIC",
    "NO_OP",
];
pub const SALESFORCE_OPERATORS: &[&str] = &[
    "PROJECTION",
    "LESS_THAN",
    "CONTAINS",
    "GREATER_THAN",
    "BETWEEN",
    "LESS_THAN_OR_EQUAL_TO",
    "GREATER_THAN_OR_EQUAL_TO",
    "EQUAL_TO",
    "NOT_EQUAL_TO",
    "ADDITION",
    "MULTIPLICATION",
    "DIVISION",
    "SUBTRACTION",
    "MASK_ALL",
    "MASK_FIRST_N",
    "MASK_LAST_N",
    "VALIDATE_NON_NULL",
    "VALIDATE_NON_ZERO",
    "VALIDATE_NON_NEGATIVE",
    "VALIDATE_NUMERIC",
    "NO_OP",
];
pub const SERVICENOW_OPERATORS: &[&str] = &[
    "PROJECTION",
    "CONTAINS",
    "LESS_THAN",
    "GREATER_THAN",
    "BETWEEN",
    "LESS_THAN_OR_EQUAL_TO",
    "GREATER_THAN_OR_EQUAL_TO",
    "EQUAL_TO",
    "NOT_EQUAL_TO",
    "ADDITION",
    "MULTIPLICATION",
    "DIVISION",
    "SUBTRACTION",
    "MASK_ALL",
    "MASK_FIRST_N",
    "MASK_LAST_N",
    "VALIDATE_NON_NULL",
    "VALIDATE_NON_ZERO",
    "VALIDATE_NON_NEGATIVE",
    "VALIDATE_NUMERIC",
    "NO_OP",
];
pub const ZENDESK_OPERATORS: &[&str] = &[
    "PROJECTION",
    "GREATER_THAN",
    "ADDITION",
    "MULTIPLICATION",
    "DIVISION",
    "SUBTRACTION",
    "MASK_ALL",
    "MASK_FIRST_N",
    "MASK_LAST_N",
    "VALIDATE_NON_NULL",
    "VALIDATE_NON_ZERO",
    "VALIDATE_NON_NEGATIVE",
    "VALIDATE_NUMERIC",
    "NO_OP",
];

/// Filters of ListWorkflows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkflowFilter {
    /// NOT_STARTED | IN_PROGRESS | COMPLETE | FAILED | SPLIT | RETRY | CANCELLED
    pub status: Option<String>,
    /// QueryStartDate, epoch seconds.
    pub start: Option<i64>,
    /// QueryEndDate, epoch seconds.
    pub end: Option<i64>,
}

/// A change to AWS state. Each is sent once; StartFlow carries a client token so that
/// even a retry of the same request cannot start a second execution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AwsChange {
    /// `CreateIntegrationWorkflow` with `body`, the request as edited (PascalCase members,
    /// `DomainName` included).
    CreateWorkflow { domain: String, body: Value },
    /// `StartFlow`: runs an OnDemand flow, activates a Scheduled or Event one.
    StartFlow { flow: String, client_token: String },
    /// `StopFlow`: deactivates a Scheduled or Event flow.
    StopFlow { flow: String },
    /// `CancelFlowExecutions` of these executions of the flow (never empty: AppFlow reads
    /// no ids as every execution).
    CancelExecutions {
        flow: String,
        execution_ids: Vec<String>,
    },
    /// `DeleteWorkflow`: the workflow goes with what it made (its integration and its
    /// AppFlow flow); the profiles it wrote stay.
    DeleteWorkflow { domain: String, id: String },
    /// `UpdateFlow` of `flow` with `body`, the flow as AppFlow's JSON (DescribeFlow's
    /// answer, edited; the members UpdateFlow does not take are left out when sent).
    UpdateFlow { flow: String, body: Value },
    /// `DeleteFlow`; `force` deletes it even while an integration uses it.
    DeleteFlow { flow: String, force: bool },
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use serde_json::Value;

    /// The enum values of `shape` in the service model.
    fn model_enum(model: &Value, shape: &str) -> Vec<String> {
        let mut v: Vec<String> = model["shapes"][shape]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{shape} is an enum of the model"))
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    }

    fn sorted(xs: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = xs.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn the_tables_are_the_service_models() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/anchors/aws/customer-profiles-2020-08-15.json"
        );
        let text = std::fs::read_to_string(path).expect("the service model beside the repo");
        let model: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            sorted(CONNECTOR_TYPES),
            model_enum(&model, "SourceConnectorType")
        );
        assert_eq!(sorted(TASK_TYPES), model_enum(&model, "TaskType"));
        assert_eq!(sorted(TRIGGER_TYPES), model_enum(&model, "TriggerType"));
        assert_eq!(sorted(DATA_PULL_MODES), model_enum(&model, "DataPullMode"));
        assert_eq!(sorted(WORKFLOW_TYPES), model_enum(&model, "WorkflowType"));
        assert_eq!(
            sorted(TASK_PROPERTY_KEYS),
            model_enum(&model, "OperatorPropertiesKeys")
        );
        for c in Connector::ALL {
            let shape = format!("{}ConnectorOperator", c.key());
            assert_eq!(sorted(c.operators()), model_enum(&model, &shape), "{shape}");
            assert_eq!(Connector::parse(c.type_name()), Some(c));
        }
        assert_eq!(
            Connector::parse("ServiceNow"),
            None,
            "the type is spelled Servicenow"
        );
    }
}
