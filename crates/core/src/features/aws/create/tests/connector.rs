//! What ties members together: the source connector's properties and operators, the
//! enums, the trigger and its schedule, and times.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use crate::features::aws::create::tests::*;

#[test]
fn source_properties_match_the_connector_type() {
    let props = format!("{SFC}/SourceConnectorProperties");
    fails(
        &with(&props, json!({"Marketo": {"Object": "leads"}})),
        "\"Marketo\"",
        "SourceConnectorProperties `Marketo` does not match ConnectorType Salesforce: \
         SourceConnectorProperties holds only `Salesforce`",
    );
    fails(
        &with(
            &props,
            json!({"Salesforce": {"Object": "Account"}, "Zendesk": {"Object": "tickets"}}),
        ),
        "\"Zendesk\"",
        "SourceConnectorProperties `Zendesk` does not match ConnectorType Salesforce: \
         SourceConnectorProperties holds only `Salesforce`",
    );
    fails(
        &with(&props, json!({})),
        "\"SourceConnectorProperties\"",
        "SourceConnectorProperties is empty: it needs `Salesforce`, for ConnectorType \
         Salesforce",
    );
    // ServiceNow is spelled two ways.
    let sn = set(
        request(Connector::Servicenow),
        &props,
        json!({"Servicenow": {"Object": "incident"}}),
    );
    let sn = set(sn, &format!("{FD}/Tasks"), json!([]));
    fails(
        &pretty(&sn),
        "\"Servicenow\": {",
        "unknown member `Servicenow` in SourceConnectorProperties: for ConnectorType \
         Servicenow the key is `ServiceNow`",
    );
    let wrong_type = set(
        request(Connector::Servicenow),
        &format!("{SFC}/ConnectorType"),
        json!("ServiceNow"),
    );
    fails(
        &pretty(&wrong_type),
        "\"ConnectorType\"",
        "ConnectorType: ServiceNow is not a connector type (allowed: Salesforce, Marketo, \
         Zendesk, Servicenow, S3); did you mean Servicenow?",
    );
    passes(&template(Connector::Servicenow, "acme", None, NOW));
}

#[test]
fn task_operators_belong_to_the_source_connector() {
    let op = format!("{FD}/Tasks/1/ConnectorOperator");
    fails(
        &with(&op, json!({"Salesforce": "CONTAINS_X"})),
        "CONTAINS_X",
        "ConnectorOperator Salesforce: CONTAINS_X is not an operator for Salesforce \
         (allowed: PROJECTION, LESS_THAN, CONTAINS, GREATER_THAN, BETWEEN, \
         LESS_THAN_OR_EQUAL_TO, GREATER_THAN_OR_EQUAL_TO, EQUAL_TO, NOT_EQUAL_TO, ADDITION, \
         MULTIPLICATION, DIVISION, SUBTRACTION, MASK_ALL, MASK_FIRST_N, MASK_LAST_N, \
         VALIDATE_NON_NULL, VALIDATE_NON_ZERO, VALIDATE_NON_NEGATIVE, VALIDATE_NUMERIC, \
         NO_OP); did you mean CONTAINS?",
    );
    fails(
        &with(&op, json!({"Marketo": "NO_OP"})),
        "\"Marketo\"",
        "ConnectorOperator `Marketo` does not match ConnectorType Salesforce: \
         ConnectorOperator holds only `Salesforce`",
    );
    fails(
        &with(&op, json!({"Salesforce": "NO_OP", "S3": "NO_OP"})),
        "\"S3\"",
        "ConnectorOperator `S3` does not match ConnectorType Salesforce: ConnectorOperator \
         holds only `Salesforce`",
    );
    let text = with(&op, json!({}));
    let v = validate(&text);
    assert_eq!(
        errors(&v)[0].message,
        "ConnectorOperator is empty: it needs `Salesforce`, for ConnectorType Salesforce"
    );
    assert_eq!(
        errors(&v)[0].line,
        line_of(&text, "\"ConnectorOperator\": {}")
    );
    // CONTAINS is a Salesforce operator, not a Zendesk one.
    passes(&with(&op, json!({"Salesforce": "CONTAINS"})));
    let zendesk = set(
        request(Connector::Zendesk),
        &op,
        json!({"Zendesk": "CONTAINS"}),
    );
    let text = pretty(&zendesk);
    let v = validate(&text);
    assert!(
        errors(&v)[0]
            .message
            .starts_with("ConnectorOperator Zendesk: CONTAINS is not an operator for Zendesk")
    );
}

// ---- enums and the trigger ----

#[test]
fn enum_members_name_what_is_allowed() {
    fails(
        &with("/WorkflowType", json!("APPFLOW")),
        "\"WorkflowType\"",
        "WorkflowType: APPFLOW is not a workflow type (allowed: APPFLOW_INTEGRATION)",
    );
    fails(
        &with(&format!("{FD}/Tasks/1/TaskType"), json!("Mapp")),
        "Mapp",
        "TaskType: Mapp is not a task type (allowed: Arithmetic, Filter, Map, Mask, Merge, \
         Truncate, Validate); did you mean Map?",
    );
    fails(
        &with(&format!("{TRIGGER}/TriggerType"), json!("scheduled")),
        "\"TriggerType\"",
        "TriggerType: scheduled is not a trigger type (allowed: Scheduled, Event, OnDemand); \
         did you mean Scheduled?",
    );
    fails(
        &with(&format!("{SCHED}/DataPullMode"), json!("Full")),
        "\"DataPullMode\"",
        "DataPullMode: Full is not a data pull mode (allowed: Incremental, Complete)",
    );
    passes(&with(&format!("{SCHED}/DataPullMode"), json!("Complete")));
    passes(&with(&format!("{FD}/Tasks/1/TaskType"), json!("Truncate")));
}

#[test]
fn a_schedule_goes_with_a_scheduled_trigger_only() {
    fails(
        &with(&format!("{TRIGGER}/TriggerType"), json!("OnDemand")),
        "\"Scheduled\"",
        "TriggerProperties.Scheduled goes only with TriggerType Scheduled (this trigger is \
         OnDemand): remove it, or make the trigger Scheduled",
    );
    fails(
        &pretty(&drop(salesforce(), &format!("{TRIGGER}/TriggerProperties"))),
        "\"TriggerConfig\"",
        "TriggerType Scheduled needs TriggerProperties.Scheduled with a ScheduleExpression, \
         such as rate(1hours)",
    );
    fails(
        &with(&format!("{TRIGGER}/TriggerProperties"), json!({})),
        "\"TriggerProperties\"",
        "TriggerType Scheduled needs TriggerProperties.Scheduled with a ScheduleExpression, \
         such as rate(1hours)",
    );
    let on_demand = set(
        drop(salesforce(), &format!("{TRIGGER}/TriggerProperties")),
        &format!("{TRIGGER}/TriggerType"),
        json!("Event"),
    );
    passes(&pretty(&on_demand));
}

#[test]
fn schedule_expressions_are_rates_or_crons() {
    let ptr = format!("{SCHED}/ScheduleExpression");
    let shape = "write rate(1hours), rate(5minutes), rate(1days) or a six-field cron(0 * * * ? *)";
    for (bad, message) in [
        (
            "every hour",
            format!("`every hour` is not a schedule expression: {shape}"),
        ),
        (
            "rate(0hours)",
            format!("`rate(0hours)`: a rate is at least 1; {shape}"),
        ),
        (
            "rate(5 weeks)",
            format!("`rate(5 weeks)` is not a rate: a number and minutes, hours or days; {shape}"),
        ),
        (
            "cron(0 * * *)",
            "`cron(0 * * *)` has 4 fields; a cron expression has six (minutes hours \
             day-of-month month day-of-week year)"
                .to_string(),
        ),
    ] {
        fails(
            &with(&ptr, json!(bad)),
            "\"ScheduleExpression\"",
            &format!("ScheduleExpression: {message}"),
        );
    }
    for good in ["rate(5minutes)", "rate(1 day)", "cron(0 12 * * ? *)"] {
        passes(&with(&ptr, json!(good)));
    }
}

#[test]
fn times_are_epoch_seconds_or_rfc3339() {
    let shape = "give epoch seconds (1700000000) or RFC 3339 (2024-01-01T00:00:00Z)";
    fails(
        &with(&format!("{SCHED}/ScheduleStartTime"), json!("tomorrow")),
        "\"ScheduleStartTime\"",
        &format!("ScheduleStartTime: `tomorrow` is not a time: {shape}"),
    );
    fails(
        &with(&format!("{SCHED}/FirstExecutionFrom"), json!(-5)),
        "\"FirstExecutionFrom\"",
        &format!("FirstExecutionFrom: -5 is not a time: {shape}"),
    );
    fails(
        &with(&format!("{BATCH}/StartTime"), json!(true)),
        "\"StartTime\"",
        "StartTime must be a time (epoch seconds, or an RFC 3339 string), not true or false",
    );
    // RFC 3339 is sent as epoch seconds.
    let text = with(
        &format!("{SCHED}/ScheduleStartTime"),
        json!("2023-11-14T23:00:00+01:00"),
    );
    let body = passes(&text);
    assert_eq!(
        body.pointer(&format!("{SCHED}/ScheduleStartTime")).unwrap(),
        &json!(1_699_999_200)
    );
    let body = passes(&with(&format!("{SCHED}/FirstExecutionFrom"), json!(1.5e9)));
    assert_eq!(
        body.pointer(&format!("{SCHED}/FirstExecutionFrom"))
            .unwrap(),
        &json!(1.5e9)
    );
}

#[test]
fn ends_come_after_starts() {
    let start = NOW / 3600 * 3600 + 3600;
    fails(
        &with(&format!("{SCHED}/ScheduleEndTime"), json!(start - 60)),
        "\"ScheduleEndTime\"",
        "ScheduleEndTime (2023-11-14T22:59:00Z) must be after ScheduleStartTime \
         (2023-11-14T23:00:00Z)",
    );
    passes(&with(
        &format!("{SCHED}/ScheduleEndTime"),
        json!(start + 86_400),
    ));
    let end = NOW / 3600 * 3600;
    let text = with(&format!("{BATCH}/StartTime"), json!("2023-11-14T22:00:00Z"));
    fails(
        &text,
        "\"EndTime\"",
        "Batches[0]: EndTime (2023-11-14T22:00:00Z) must be after StartTime \
         (2023-11-14T22:00:00Z)",
    );
    assert_eq!(end, 1_699_999_200);
    passes(&with(
        &format!("{BATCH}/StartTime"),
        json!("2023-11-14T21:00:00Z"),
    ));
}
