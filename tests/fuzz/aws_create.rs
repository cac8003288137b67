//! The new-workflow form's validator (`app::aws::create::validate`): each connector's
//! template, then changed member by member or character by character, or arbitrary text.
//! It never panics; every finding points inside the text; a template as it comes passes;
//! and a request the form calls sendable is one the SDK mapping (`api::aws::create`, the
//! last gate before sending) accepts too, so "ready" in the editor never fails on send.

use proptest::prelude::*;
use serde_json::Value;

use flowscope::api::aws::create::workflow_input;
use flowscope::app::features::aws::create::{Connector, template, validate};

use super::inputs::{
    JsonEdit, TextEdit, any_text, edit_json, edit_text, errors, findings_are_sound, json_edits,
    text_edits,
};

const WORDS: &[&str] = &[
    "DomainName",
    "WorkflowType",
    "APPFLOW_INTEGRATION",
    "IntegrationConfig",
    "AppflowIntegration",
    "FlowDefinition",
    "FlowName",
    "Description",
    "KmsArn",
    "SourceFlowConfig",
    "ConnectorType",
    "ConnectorProfileName",
    "SourceConnectorProperties",
    "Salesforce",
    "Marketo",
    "Zendesk",
    "Servicenow",
    "ServiceNow",
    "S3",
    "Object",
    "BucketName",
    "BucketPrefix",
    "EnableDynamicFieldUpdate",
    "IncrementalPullConfig",
    "DatetimeTypeFieldName",
    "Tasks",
    "TaskType",
    "Map",
    "Filter",
    "Mask",
    "SourceFields",
    "DestinationField",
    "ConnectorOperator",
    "PROJECTION",
    "NO_OP",
    "CONTAINS",
    "TaskProperties",
    "VALUE",
    "MASK_VALUE",
    "TriggerConfig",
    "TriggerType",
    "Scheduled",
    "OnDemand",
    "Event",
    "TriggerProperties",
    "ScheduleExpression",
    "rate(1hours)",
    "cron(0 * * * ? *)",
    "DataPullMode",
    "Incremental",
    "Complete",
    "ScheduleStartTime",
    "ScheduleEndTime",
    "ScheduleOffset",
    "Timezone",
    "FirstExecutionFrom",
    "Batches",
    "StartTime",
    "EndTime",
    "2026-11-01T00:00:00Z",
    "ObjectTypeName",
    "RoleArn",
    "Tags",
];

#[derive(Clone, Debug)]
enum Change {
    None,
    Json(Vec<JsonEdit>),
    Text(Vec<TextEdit>),
    Arbitrary(String),
}

#[derive(Clone, Debug)]
struct Case {
    connector: usize,
    domain: String,
    profile: Option<String>,
    now_s: i64,
    change: Change,
}

fn case() -> impl Strategy<Value = Case> {
    let change = prop_oneof![
        1 => Just(Change::None),
        4 => json_edits(WORDS, 3).prop_map(Change::Json),
        2 => text_edits(3).prop_map(Change::Text),
        1 => any_text(80).prop_map(Change::Arbitrary),
    ];
    (
        0..Connector::ALL.len(),
        "[a-zA-Z0-9_-]{1,20}",
        prop::option::of("[a-zA-Z0-9_-]{1,12}"),
        1_000_000_000i64..4_000_000_000,
        change,
    )
        .prop_map(|(connector, domain, profile, now_s, change)| Case {
            connector,
            domain,
            profile,
            now_s,
            change,
        })
}

fn check(case: Case) -> Result<(), TestCaseError> {
    let connector = Connector::ALL[case.connector];
    let start = template(connector, &case.domain, case.profile.as_deref(), case.now_s);
    let text = match &case.change {
        Change::None => start.clone(),
        Change::Json(edits) => {
            let v: Value = serde_json::from_str(&start).unwrap_or(Value::Null);
            serde_json::to_string_pretty(&edit_json(&v, edits)).unwrap_or_default()
        }
        Change::Text(edits) => edit_text(&start, edits),
        Change::Arbitrary(s) => s.clone(),
    };
    let v = validate(&text);
    findings_are_sound(&text, &v.findings)?;
    if matches!(case.change, Change::None) {
        let errors = errors(&v.findings);
        prop_assert!(
            errors.is_empty(),
            "the template fails its own form: {errors:?}"
        );
    }
    match &v.body {
        Some(body) => {
            prop_assert_eq!(v.errors(), 0);
            if let Err(e) = workflow_input(body) {
                return Err(TestCaseError::fail(format!(
                    "the form would send it, the SDK mapping refuses it: {e}\n{text}"
                )));
            }
        }
        None => prop_assert!(v.errors() > 0, "not sendable, yet no error says why"),
    }
    Ok(())
}

#[test]
fn create_workflow_validator() {
    super::fuzz(
        "aws_create::create_workflow_validator",
        super::CASES,
        case(),
        check,
    );
}
