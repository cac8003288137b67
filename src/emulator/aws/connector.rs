//! The five sources a Customer Profiles integration workflow accepts, with the two
//! spellings the models use for each (the `SourceConnectorType`/`ConnectorType` enum
//! value, and the member name under `SourceConnectorProperties`, `ConnectorOperator` and
//! `ConnectorProfileProperties`: `Servicenow` vs `ServiceNow`), and the enums a
//! CreateIntegrationWorkflow request is checked against.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

    /// From the enum value (`Servicenow`), the way both models spell connector types.
    pub fn from_type(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.type_name() == s)
    }

    pub fn type_name(self) -> &'static str {
        match self {
            Connector::Salesforce => "Salesforce",
            Connector::Marketo => "Marketo",
            Connector::Zendesk => "Zendesk",
            Connector::Servicenow => "Servicenow",
            Connector::S3 => "S3",
        }
    }

    /// The member name of this connector inside the per-connector unions.
    pub fn key(self) -> &'static str {
        match self {
            Connector::Servicenow => "ServiceNow",
            other => other.type_name(),
        }
    }

    /// The connector's operators (`SalesforceConnectorOperator` and its siblings).
    pub fn operators(self) -> &'static [&'static str] {
        match self {
            Connector::Salesforce => SALESFORCE_OPS,
            Connector::Marketo => MARKETO_OPS,
            Connector::Zendesk => ZENDESK_OPS,
            Connector::Servicenow => SERVICENOW_OPS,
            Connector::S3 => S3_OPS,
        }
    }

    /// Only S3 flows run without a connector profile.
    pub fn needs_profile(self) -> bool {
        self != Connector::S3
    }
}

const SALESFORCE_OPS: &[&str] = &[
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
const SERVICENOW_OPS: &[&str] = SALESFORCE_OPS;
const S3_OPS: &[&str] = &[
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
const MARKETO_OPS: &[&str] = &[
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
const ZENDESK_OPS: &[&str] = &[
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

/// Customer Profiles' `TaskType` (AppFlow's has more; a workflow may use only these).
pub const TASK_TYPES: &[&str] = &[
    "Arithmetic",
    "Filter",
    "Map",
    "Mask",
    "Merge",
    "Truncate",
    "Validate",
];

/// Customer Profiles' `OperatorPropertiesKeys`: the keys of a task's `TaskProperties`.
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

pub const TRIGGER_TYPES: &[&str] = &["Scheduled", "Event", "OnDemand"];
pub const DATA_PULL_MODES: &[&str] = &["Incremental", "Complete"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servicenow_is_spelled_two_ways() {
        let c = Connector::from_type("Servicenow").unwrap();
        assert_eq!((c.type_name(), c.key()), ("Servicenow", "ServiceNow"));
        assert_eq!(Connector::from_type("ServiceNow"), None);
        assert!(Connector::Zendesk.operators().contains(&"NO_OP"));
        assert!(!Connector::Zendesk.operators().contains(&"CONTAINS"));
    }
}
