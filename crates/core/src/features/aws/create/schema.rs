//! The shape of a CreateIntegrationWorkflow request as data: which members each object
//! has, which are required, and the type, length and pattern of each value (the Customer
//! Profiles service model's `CreateIntegrationWorkflowRequest`, with `AppflowIntegration`
//! required as the only workflow type needs it). The walk over it is in `validate`.

use crate::features::aws::create::rules::{
    self, CONNECTOR_TYPES, DATA_PULL_MODES, MARKETO_OPERATORS, S3_OPERATORS, SALESFORCE_OPERATORS,
    SERVICENOW_OPERATORS, TASK_PROPERTY_KEYS, TASK_TYPES, TRIGGER_TYPES, WORKFLOW_TYPES,
    ZENDESK_OPERATORS,
};

/// How a string is checked beyond its length.
pub enum Rule {
    Any,
    /// One of `values`; `what` names the set in messages ("a task type").
    Enum {
        what: &'static str,
        values: &'static [&'static str],
    },
    Check(fn(&str) -> Result<(), String>),
}

/// A string with its length bounds in characters.
pub struct Text {
    pub min: usize,
    pub max: usize,
    pub rule: Rule,
}

pub enum Shape {
    Text(Text),
    Bool,
    /// An integer within bounds.
    Long {
        min: i64,
        max: i64,
    },
    /// Epoch seconds or RFC 3339.
    Time,
    Struct(&'static [Member]),
    /// An object holding the one member named after the source connector
    /// (`SourceConnectorProperties`, `ConnectorOperator`).
    Union(&'static [Member]),
    List(&'static Shape),
    /// Anything: a member the request may carry and the service skips (DescribeFlow's
    /// read-only members, sent back in an UpdateFlow).
    Skipped,
    Map {
        key: Text,
        value: Text,
        min: usize,
        max: usize,
    },
}

pub struct Member {
    pub name: &'static str,
    pub required: bool,
    pub shape: Shape,
}

pub(crate) const fn req(name: &'static str, shape: Shape) -> Member {
    Member {
        name,
        required: true,
        shape,
    }
}

pub(crate) const fn opt(name: &'static str, shape: Shape) -> Member {
    Member {
        name,
        required: false,
        shape,
    }
}

pub(crate) const fn text(min: usize, max: usize, check: fn(&str) -> Result<(), String>) -> Shape {
    Shape::Text(Text {
        min,
        max,
        rule: Rule::Check(check),
    })
}

pub(crate) const fn any(min: usize, max: usize) -> Shape {
    Shape::Text(Text {
        min,
        max,
        rule: Rule::Any,
    })
}

pub(crate) const fn one_of(what: &'static str, values: &'static [&'static str]) -> Shape {
    Shape::Text(Text {
        min: 0,
        max: usize::MAX,
        rule: Rule::Enum { what, values },
    })
}

pub static REQUEST: Shape = Shape::Struct(&[
    req("DomainName", text(1, 64, rules::domain_name)),
    req("WorkflowType", one_of("a workflow type", WORKFLOW_TYPES)),
    req(
        "IntegrationConfig",
        Shape::Struct(&[req(
            "AppflowIntegration",
            Shape::Struct(&[
                req("FlowDefinition", Shape::Struct(FLOW_DEFINITION)),
                opt("Batches", Shape::List(&BATCH)),
            ]),
        )]),
    ),
    req("ObjectTypeName", text(1, 255, rules::type_name)),
    req("RoleArn", text(1, 512, rules::role_arn)),
    opt(
        "Tags",
        Shape::Map {
            key: Text {
                min: 1,
                max: 128,
                rule: Rule::Check(rules::tag_key),
            },
            value: Text {
                min: 0,
                max: 256,
                rule: Rule::Any,
            },
            min: 1,
            max: 50,
        },
    ),
]);

const FLOW_DEFINITION: &[Member] = &[
    opt("Description", text(0, 2048, rules::description)),
    req("FlowName", text(1, 256, rules::flow_name)),
    req("KmsArn", text(20, 2048, rules::kms_arn)),
    req("SourceFlowConfig", Shape::Struct(SOURCE_FLOW_CONFIG)),
    req("Tasks", Shape::List(&TASK)),
    req("TriggerConfig", Shape::Struct(TRIGGER_CONFIG)),
];

const SOURCE_FLOW_CONFIG: &[Member] = &[
    opt(
        "ConnectorProfileName",
        text(1, 256, rules::connector_profile_name),
    ),
    req("ConnectorType", one_of("a connector type", CONNECTOR_TYPES)),
    opt(
        "IncrementalPullConfig",
        Shape::Struct(&[opt("DatetimeTypeFieldName", any(0, 256))]),
    ),
    req(
        "SourceConnectorProperties",
        Shape::Union(&[
            opt("Marketo", Shape::Struct(OBJECT_ONLY)),
            opt(
                "S3",
                Shape::Struct(&[
                    req("BucketName", text(3, 63, rules::no_space)),
                    opt("BucketPrefix", any(0, 512)),
                ]),
            ),
            opt(
                "Salesforce",
                Shape::Struct(&[
                    req("Object", text(1, 512, rules::no_space)),
                    opt("EnableDynamicFieldUpdate", Shape::Bool),
                    opt("IncludeDeletedRecords", Shape::Bool),
                ]),
            ),
            opt("ServiceNow", Shape::Struct(OBJECT_ONLY)),
            opt("Zendesk", Shape::Struct(OBJECT_ONLY)),
        ]),
    ),
];

const OBJECT_ONLY: &[Member] = &[req("Object", text(1, 512, rules::no_space))];

const TASK: Shape = Shape::Struct(&[
    opt("ConnectorOperator", CONNECTOR_OPERATOR),
    opt("DestinationField", any(0, 256)),
    req("SourceFields", Shape::List(&SOURCE_FIELD)),
    opt("TaskProperties", TASK_PROPERTIES),
    req("TaskType", one_of("a task type", TASK_TYPES)),
]);

/// The operator of a task, under the key of its source connector: the same in a
/// CreateIntegrationWorkflow request and in AppFlow's own JSON.
pub(crate) const CONNECTOR_OPERATOR: Shape = Shape::Union(&[
    opt(
        "Marketo",
        one_of("an operator for Marketo", MARKETO_OPERATORS),
    ),
    opt("S3", one_of("an operator for S3", S3_OPERATORS)),
    opt(
        "Salesforce",
        one_of("an operator for Salesforce", SALESFORCE_OPERATORS),
    ),
    opt(
        "ServiceNow",
        one_of("an operator for ServiceNow", SERVICENOW_OPERATORS),
    ),
    opt(
        "Zendesk",
        one_of("an operator for Zendesk", ZENDESK_OPERATORS),
    ),
]);

/// A task's properties (`OperatorPropertiesKeys` → text), in both requests.
pub(crate) const TASK_PROPERTIES: Shape = Shape::Map {
    key: Text {
        min: 0,
        max: usize::MAX,
        rule: Rule::Enum {
            what: "a task property",
            values: TASK_PROPERTY_KEYS,
        },
    },
    value: Text {
        min: 1,
        max: 2048,
        rule: Rule::Any,
    },
    min: 0,
    max: usize::MAX,
};

const SOURCE_FIELD: Shape = any(0, 2048);

const TRIGGER_CONFIG: &[Member] = &[
    req("TriggerType", one_of("a trigger type", TRIGGER_TYPES)),
    opt(
        "TriggerProperties",
        Shape::Struct(&[opt("Scheduled", Shape::Struct(SCHEDULED))]),
    ),
];

const SCHEDULED: &[Member] = &[
    req(
        "ScheduleExpression",
        text(1, 256, rules::schedule_expression),
    ),
    opt("DataPullMode", one_of("a data pull mode", DATA_PULL_MODES)),
    opt("ScheduleStartTime", Shape::Time),
    opt("ScheduleEndTime", Shape::Time),
    opt("Timezone", any(0, 256)),
    opt("ScheduleOffset", Shape::Long { min: 0, max: 36000 }),
    opt("FirstExecutionFrom", Shape::Time),
];

const BATCH: Shape = Shape::Struct(&[req("StartTime", Shape::Time), req("EndTime", Shape::Time)]);
