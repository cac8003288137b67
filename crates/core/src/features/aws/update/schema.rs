//! The shape of AppFlow's UpdateFlow input as data, in AppFlow's own JSON (camelCase
//! members, the connectors' keys in PascalCase): what the client's `update_input` maps,
//! with the members DescribeFlow adds (ARN, status, times, tags) skipped, as the client
//! skips them. Sources are the connectors a Customer Profiles integration reads;
//! destinations are Customer Profiles.

use crate::features::aws::create::rules::{
    self, CONNECTOR_TYPES, DATA_PULL_MODES, TASK_TYPES, TRIGGER_TYPES,
};
use crate::features::aws::create::schema::{
    CONNECTOR_OPERATOR, Member, Shape, TASK_PROPERTIES, any, one_of, opt, req, text,
};

/// What DescribeFlow answers and UpdateFlow does not take (the members of [`FLOW`] it
/// skips): left out when sent.
pub fn described_only() -> impl Iterator<Item = &'static str> {
    let members: &[Member] = match &FLOW {
        Shape::Struct(m) => m,
        _ => &[],
    };
    members
        .iter()
        .filter(|m| matches!(m.shape, Shape::Skipped))
        .map(|m| m.name)
}

pub static FLOW: Shape = Shape::Struct(&[
    opt("flowName", text(1, 256, rules::flow_name)),
    opt("description", text(0, 2048, rules::description)),
    req("triggerConfig", Shape::Struct(TRIGGER_CONFIG)),
    req("sourceFlowConfig", Shape::Struct(SOURCE_FLOW_CONFIG)),
    req("destinationFlowConfigList", Shape::List(&DESTINATION)),
    req("tasks", Shape::List(&TASK)),
    opt(
        "metadataCatalogConfig",
        Shape::Struct(&[opt(
            "glueDataCatalog",
            Shape::Struct(&[
                req("roleArn", text(1, 512, rules::role_arn)),
                req("databaseName", any(1, 255)),
                req("tablePrefix", any(1, 128)),
            ]),
        )]),
    ),
    opt("clientToken", any(1, 256)),
    opt("flowArn", Shape::Skipped),
    opt("kmsArn", Shape::Skipped),
    opt("flowStatus", Shape::Skipped),
    opt("flowStatusMessage", Shape::Skipped),
    opt("lastRunExecutionDetails", Shape::Skipped),
    opt("createdAt", Shape::Skipped),
    opt("lastUpdatedAt", Shape::Skipped),
    opt("createdBy", Shape::Skipped),
    opt("lastUpdatedBy", Shape::Skipped),
    opt("tags", Shape::Skipped),
    opt("lastRunMetadataCatalogDetails", Shape::Skipped),
    opt("schemaVersion", Shape::Skipped),
]);

const TRIGGER_CONFIG: &[Member] = &[
    req("triggerType", one_of("a trigger type", TRIGGER_TYPES)),
    opt(
        "triggerProperties",
        Shape::Struct(&[opt("Scheduled", Shape::Struct(SCHEDULED))]),
    ),
];

const SCHEDULED: &[Member] = &[
    req(
        "scheduleExpression",
        text(1, 256, rules::schedule_expression),
    ),
    opt("dataPullMode", one_of("a data pull mode", DATA_PULL_MODES)),
    opt("scheduleStartTime", Shape::Time),
    opt("scheduleEndTime", Shape::Time),
    opt("timezone", any(0, 256)),
    opt("scheduleOffset", Shape::Long { min: 0, max: 36000 }),
    opt("firstExecutionFrom", Shape::Time),
    opt(
        "flowErrorDeactivationThreshold",
        Shape::Long { min: 1, max: 100 },
    ),
];

const SOURCE_FLOW_CONFIG: &[Member] = &[
    req("connectorType", one_of("a connector type", CONNECTOR_TYPES)),
    opt("apiVersion", any(0, 256)),
    opt(
        "connectorProfileName",
        text(1, 256, rules::connector_profile_name),
    ),
    req(
        "sourceConnectorProperties",
        Shape::Union(&[
            opt("Marketo", Shape::Struct(OBJECT_ONLY)),
            opt(
                "S3",
                Shape::Struct(&[
                    req("bucketName", text(3, 63, rules::no_space)),
                    opt("bucketPrefix", any(0, 512)),
                ]),
            ),
            opt(
                "Salesforce",
                Shape::Struct(&[
                    req("object", text(1, 512, rules::no_space)),
                    opt("enableDynamicFieldUpdate", Shape::Bool),
                    opt("includeDeletedRecords", Shape::Bool),
                ]),
            ),
            opt("ServiceNow", Shape::Struct(OBJECT_ONLY)),
            opt("Zendesk", Shape::Struct(OBJECT_ONLY)),
        ]),
    ),
    opt(
        "incrementalPullConfig",
        Shape::Struct(&[opt("datetimeTypeFieldName", any(0, 256))]),
    ),
];

const OBJECT_ONLY: &[Member] = &[req("object", text(1, 512, rules::no_space))];

const DESTINATION: Shape = Shape::Struct(&[
    req(
        "connectorType",
        one_of("a destination of an integration", &["CustomerProfiles"]),
    ),
    opt("apiVersion", any(0, 256)),
    opt(
        "connectorProfileName",
        text(1, 256, rules::connector_profile_name),
    ),
    req(
        "destinationConnectorProperties",
        Shape::Struct(&[req(
            "CustomerProfiles",
            Shape::Struct(&[
                req("domainName", text(1, 64, rules::domain_name)),
                opt("objectTypeName", text(1, 255, rules::type_name)),
            ]),
        )]),
    ),
]);

const TASK: Shape = Shape::Struct(&[
    req("sourceFields", Shape::List(&any(0, 2048))),
    opt("connectorOperator", CONNECTOR_OPERATOR),
    opt("destinationField", any(0, 256)),
    req("taskType", one_of("a task type", TASK_TYPES)),
    opt("taskProperties", TASK_PROPERTIES),
]);
