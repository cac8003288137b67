//! The request's own shape: JSON syntax, required members at every level, types,
//! unknown and repeated members, and a long request checked in one pass.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use crate::features::aws::create::tests::*;

#[test]
fn syntax_errors_point_at_their_position() {
    let text = pretty(&salesforce()).replacen("\"WorkflowType\"", "\"WorkflowType\" 1,", 1);
    let v = validate(&text);
    assert_eq!(v.findings.len(), 1);
    assert!(
        v.findings[0]
            .message
            .starts_with("JSON syntax: expected `:`")
    );
    assert_eq!(v.findings[0].line, line_of(&text, "\"WorkflowType\""));
    assert_eq!(v.findings[0].column, 18, "at the 1");
    passes(&pretty(&salesforce()));
}

#[test]
fn an_empty_text_or_another_value_is_not_a_request() {
    let v = validate("  \n");
    assert_eq!(
        v.findings[0].message,
        "the request is empty: write the CreateIntegrationWorkflow body as a JSON object"
    );
    fails(
        "\n[1]",
        "[1]",
        "the request is a JSON object: {\"DomainName\": …, \"WorkflowType\": …}",
    );
}

#[test]
fn every_required_member_is_reported_on_its_parent() {
    let task0 = |text: &str| line_of(text, "\"Tasks\"") + 1;
    let batch0 = |text: &str| line_of(text, "\"Batches\"") + 1;
    let cases: &[(&str, &str, &str)] = &[
        ("/DomainName", "^{", "the request"),
        ("/WorkflowType", "^{", "the request"),
        ("/IntegrationConfig", "^{", "the request"),
        ("/ObjectTypeName", "^{", "the request"),
        ("/RoleArn", "^{", "the request"),
        (
            "/IntegrationConfig/AppflowIntegration",
            "\"IntegrationConfig\"",
            "IntegrationConfig",
        ),
        (
            "/IntegrationConfig/AppflowIntegration/FlowDefinition",
            "\"AppflowIntegration\"",
            "AppflowIntegration",
        ),
        (
            &format!("{FD}/FlowName"),
            "\"FlowDefinition\"",
            "FlowDefinition",
        ),
        (
            &format!("{FD}/KmsArn"),
            "\"FlowDefinition\"",
            "FlowDefinition",
        ),
        (
            &format!("{FD}/SourceFlowConfig"),
            "\"FlowDefinition\"",
            "FlowDefinition",
        ),
        (
            &format!("{FD}/Tasks"),
            "\"FlowDefinition\"",
            "FlowDefinition",
        ),
        (
            &format!("{FD}/TriggerConfig"),
            "\"FlowDefinition\"",
            "FlowDefinition",
        ),
        (
            &format!("{SFC}/ConnectorType"),
            "\"SourceFlowConfig\"",
            "SourceFlowConfig",
        ),
        (
            &format!("{SFC}/SourceConnectorProperties"),
            "\"SourceFlowConfig\"",
            "SourceFlowConfig",
        ),
        (
            &format!("{SFC}/SourceConnectorProperties/Salesforce/Object"),
            "\"Salesforce\": {",
            "SourceConnectorProperties Salesforce",
        ),
        (
            &format!("{TRIGGER}/TriggerType"),
            "\"TriggerConfig\"",
            "TriggerConfig",
        ),
        (
            &format!("{SCHED}/ScheduleExpression"),
            "\"Scheduled\": {",
            "Scheduled",
        ),
    ];
    for (ptr, needle, parent) in cases {
        let text = pretty(&drop(salesforce(), ptr));
        let member = split(ptr).1;
        fails(
            &text,
            needle,
            &format!("{parent} is missing {member}, which is required"),
        );
    }
    for member in ["SourceFields", "TaskType"] {
        let text = pretty(&drop(salesforce(), &format!("{FD}/Tasks/0/{member}")));
        let v = validate(&text);
        assert_eq!(
            errors(&v)[0].message,
            format!("Tasks[0] is missing {member}, which is required")
        );
        assert_eq!(errors(&v)[0].line, task0(&text));
    }
    for member in ["StartTime", "EndTime"] {
        let text = pretty(&drop(salesforce(), &format!("{BATCH}/{member}")));
        let v = validate(&text);
        assert_eq!(
            errors(&v)[0].message,
            format!("Batches[0] is missing {member}, which is required")
        );
        assert_eq!(errors(&v)[0].line, batch0(&text));
    }
    let s3 = drop(
        request(Connector::S3),
        &format!("{SFC}/SourceConnectorProperties/S3/BucketName"),
    );
    fails(
        &pretty(&s3),
        "\"S3\": {",
        "SourceConnectorProperties S3 is missing BucketName, which is required",
    );
    // The optional members may go.
    let mut lean = salesforce();
    for ptr in [
        "/Tags",
        "/IntegrationConfig/AppflowIntegration/Batches",
        &format!("{FD}/Description"),
        &format!("{SFC}/ConnectorProfileName"),
        &format!("{SFC}/IncrementalPullConfig"),
        &format!("{SCHED}/DataPullMode"),
        &format!("{SCHED}/ScheduleStartTime"),
        &format!("{FD}/Tasks/1/DestinationField"),
        &format!("{FD}/Tasks/1/ConnectorOperator"),
    ] {
        lean = drop(lean, ptr);
    }
    passes(&pretty(&lean));
}

#[test]
fn members_have_their_types() {
    fails(
        &with(&format!("{FD}/FlowName"), json!(5)),
        "\"FlowName\"",
        "FlowName must be a string, not a number",
    );
    fails(
        &with(
            &format!("{SFC}/SourceConnectorProperties/Salesforce/IncludeDeletedRecords"),
            json!("yes"),
        ),
        "\"IncludeDeletedRecords\"",
        "IncludeDeletedRecords must be true or false, not a string",
    );
    fails(
        &with(&format!("{FD}/Tasks"), json!({})),
        "\"Tasks\"",
        "Tasks must be an array, not an object",
    );
    fails(
        &with(&format!("{SFC}/SourceConnectorProperties"), json!([])),
        "\"SourceConnectorProperties\"",
        "SourceConnectorProperties must be an object, not an array",
    );
    fails(
        &with(&format!("{SCHED}/ScheduleOffset"), json!("60")),
        "\"ScheduleOffset\"",
        "ScheduleOffset must be an integer, not a string",
    );
    fails(
        &with(&format!("{SCHED}/ScheduleOffset"), json!(40_000)),
        "\"ScheduleOffset\"",
        "ScheduleOffset: 40000 is not a whole number from 0 to 36000",
    );
    let text = with(&format!("{FD}/Tasks/1/SourceFields"), json!([7]));
    fails(
        &text,
        "=7",
        "SourceFields[0] must be a string, not a number",
    );
    let good = set(
        set(
            salesforce(),
            &format!("{SCHED}/ScheduleOffset"),
            json!(3600),
        ),
        &format!("{SFC}/SourceConnectorProperties/Salesforce/IncludeDeletedRecords"),
        json!(true),
    );
    passes(&pretty(&good));
}

#[test]
fn unknown_members_are_errors_with_a_hint() {
    fails(
        &with(&format!("{FD}/FlowNmae"), json!("x")),
        "\"FlowNmae\"",
        "unknown member `FlowNmae` in FlowDefinition: did you mean FlowName?",
    );
    fails(
        &with("/Tag", json!({})),
        "\"Tag\"",
        "unknown member `Tag` in the request: did you mean Tags?",
    );
    fails(
        &with(&format!("{TRIGGER}/Colour"), json!("red")),
        "\"Colour\"",
        "unknown member `Colour` in TriggerConfig (members: TriggerType, TriggerProperties)",
    );
}

#[test]
fn a_member_given_twice_is_a_warning() {
    let text = pretty(&salesforce()).replacen(
        "\"RoleArn\"",
        "\"RoleArn\": \"arn:aws:iam::123456789012:role/Old\",\n  \"RoleArn\"",
        1,
    );
    let v = validate(&text);
    assert_eq!(v.findings.len(), 1);
    assert_eq!(v.findings[0].severity, Severity::Warning);
    assert_eq!(
        v.findings[0].message,
        "RoleArn appears more than once in the request: only the last one counts"
    );
    assert_eq!(v.findings[0].line, line_of(&text, "role/Old"));
    assert!(v.body.is_some(), "a warning does not block sending");
}

#[test]
fn a_long_request_is_checked_in_one_pass() {
    // Thousands of tasks and tags: a pasted export must not make typing lag.
    let task = json!({"ConnectorOperator": {"Salesforce": "NO_OP"}, "DestinationField": "x",
                      "SourceFields": ["x"], "TaskType": "Map"});
    let mut tasks = vec![task; 3000];
    tasks[2999]["TaskType"] = json!("Nap");
    let tags: serde_json::Map<String, Value> =
        (0..50).map(|i| (format!("t{i}"), json!("v"))).collect();
    let v = set(
        set(salesforce(), &format!("{FD}/Tasks"), Value::Array(tasks)),
        "/Tags",
        Value::Object(tags),
    );
    let text = pretty(&v);
    fails(
        &text,
        "Nap",
        "TaskType: Nap is not a task type (allowed: Arithmetic, Filter, Map, Mask, Merge, \
         Truncate, Validate); did you mean Map?",
    );
}
