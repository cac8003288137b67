//! The UpdateFlow editor's check: a described flow opens without its read-only members
//! and checks clean; a wrong trigger type, an operator of another connector and a missing
//! member are marked at their lines; the flow keeps its name.

use serde_json::{Value, json};

use super::UpdateFlowSpec;
use crate::shared::editor::spec::{EditSpec, Mode};
use crate::shared::effect::Change;

fn described() -> Value {
    json!({
        "flowArn": "arn:aws:appflow:us-east-1:123456789012:flow/tickets",
        "flowName": "tickets",
        "description": "Zendesk tickets",
        "flowStatus": "Active",
        "createdAt": "2026-10-01T00:00:00Z",
        "tags": {"team": "crm"},
        "triggerConfig": {"triggerType": "OnDemand"},
        "sourceFlowConfig": {
            "connectorType": "Zendesk",
            "connectorProfileName": "zendesk-support",
            "sourceConnectorProperties": {"Zendesk": {"object": "tickets"}}
        },
        "destinationFlowConfigList": [{
            "connectorType": "CustomerProfiles",
            "destinationConnectorProperties": {
                "CustomerProfiles": {"domainName": "retail-prod", "objectTypeName": "Zendesk-tickets"}
            }
        }],
        "tasks": [{
            "sourceFields": ["id"],
            "connectorOperator": {"Zendesk": "PROJECTION"},
            "taskType": "Filter"
        }]
    })
}

fn spec() -> UpdateFlowSpec {
    UpdateFlowSpec::new("tickets", described())
}

fn errors(text: &str) -> Vec<(usize, String)> {
    spec()
        .check(Mode::Patch, text)
        .findings
        .into_iter()
        .map(|f| (f.line, f.message))
        .collect()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or(0) + 1
}

#[test]
fn a_described_flow_opens_without_its_read_only_members_and_is_sendable() {
    let text = spec().initial(Mode::Patch);
    for k in ["flowArn", "flowStatus", "createdAt", "tags"] {
        assert!(!text.contains(k), "{k} in {text}");
    }
    let checked = spec().check(Mode::Patch, &text);
    assert!(checked.findings.is_empty(), "{:?}", checked.findings);
    let body = checked.payload.clone().unwrap_or_default();
    assert!(
        checked
            .summary
            .starts_with("UpdateFlow · Zendesk tickets → "),
        "{}",
        checked.summary
    );
    match spec().submit(&body) {
        Change::Aws(crate::features::aws::AwsChange::UpdateFlow { flow, body: b }) => {
            assert_eq!(flow, "tickets");
            assert_eq!(b, body);
        }
        other => panic!("an update: {other:?}"),
    }
}

#[test]
fn the_whole_described_flow_pasted_back_is_accepted() {
    let text = serde_json::to_string_pretty(&described()).unwrap_or_default();
    let checked = spec().check(Mode::Patch, &text);
    assert!(checked.findings.is_empty(), "{:?}", checked.findings);
    let body = checked.payload.unwrap_or_default();
    assert!(body.get("flowArn").is_none(), "{body}");
}

#[test]
fn wrong_trigger_operator_and_missing_tasks_are_marked_at_their_lines() {
    let good = spec().initial(Mode::Patch);
    let bad = good.replacen("\"OnDemand\"", "\"Hourly\"", 1);
    let found = errors(&bad);
    assert!(
        found
            .iter()
            .any(|(l, m)| *l == line_of(&bad, "Hourly") && m.contains("not a trigger type")),
        "{found:?}"
    );
    let bad = good.replacen(
        "\"Zendesk\": \"PROJECTION\"",
        "\"Salesforce\": \"PROJECTION\"",
        1,
    );
    let found = errors(&bad);
    assert!(
        found
            .iter()
            .any(|(_, m)| m.contains("does not match ConnectorType Zendesk")),
        "{found:?}"
    );
    let mut v: Value = serde_json::from_str(&good).unwrap_or_default();
    if let Some(m) = v.as_object_mut() {
        m.remove("tasks");
    }
    let found = errors(&serde_json::to_string_pretty(&v).unwrap_or_default());
    assert!(
        found.iter().any(|(_, m)| m.contains("missing tasks")),
        "{found:?}"
    );
    assert!(spec().check(Mode::Patch, &bad).payload.is_none());
}

#[test]
fn the_flow_keeps_its_name() {
    let good = spec().initial(Mode::Patch);
    let bad = good.replacen("\"flowName\": \"tickets\"", "\"flowName\": \"other\"", 1);
    let found = errors(&bad);
    assert!(
        found
            .iter()
            .any(|(_, m)| m.contains("flowName must stay tickets")),
        "{found:?}"
    );
}

#[test]
fn the_editor_skips_exactly_what_the_client_leaves_out() {
    let mut skipped: Vec<&str> = crate::features::aws::update::schema::described_only().collect();
    let mut model: Vec<&str> = flowscope_model::aws::DESCRIBE_FLOW_ONLY.to_vec();
    skipped.sort_unstable();
    model.sort_unstable();
    assert_eq!(skipped, model);
}
