//! flowscope's AWS client against the emulator, edits: UpdateFlow from a described flow
//! (and a definition refused before it is sent), DeleteFlow of a flow in use (refused,
//! then forced) and of one with a run in progress, GetIntegration by the flow's ARN, and
//! GetProfileObjectType with its fields and keys. Changes are sent once each.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use crate::aws_client::start;
use flowscope::api::aws::{AwsErrorKind, collect_pages};

/// An event-triggered flow with no run in progress, fed into an integration.
const IDLE: &str = "retail-salesforce-contact-events";
const ON_DEMAND: &str = "retail-zendesk-tickets-export";

#[tokio::test]
async fn a_described_flow_is_edited_and_sent_back_once() {
    let (emu, c) = start().await;
    let mut flow = c.describe_flow(IDLE).await.unwrap();
    flow["description"] = json!("Contacts from Salesforce edited");
    let tasks = flow["tasks"].as_array().unwrap().len();
    flow["tasks"].as_array_mut().unwrap().truncate(tasks - 1);
    let out = c.update_flow(IDLE, &flow).await.unwrap();
    assert_eq!(out["flowStatus"], flow["flowStatus"]);
    assert_eq!(emu.count("POST /update-flow"), 1);
    let after = c.describe_flow(IDLE).await.unwrap();
    assert_eq!(after["description"], "Contacts from Salesforce edited");
    assert_eq!(after["tasks"].as_array().unwrap().len(), tasks - 1);

    // Refused before sending: a member UpdateFlow does not take, a missing one, an
    // operator of another connector.
    let mut typo = flow.clone();
    typo["trigerConfig"] = json!({});
    let e = c.update_flow(IDLE, &typo).await.unwrap_err();
    assert_eq!(e.kind, AwsErrorKind::Invalid);
    assert!(e.message.contains("trigerConfig"), "{e}");
    let mut missing = flow.clone();
    missing.as_object_mut().unwrap().remove("tasks");
    let e = c.update_flow(IDLE, &missing).await.unwrap_err();
    assert!(e.message.contains("tasks"), "{e}");
    assert_eq!(emu.count("POST /update-flow"), 1, "nothing more was sent");

    // The service's own refusal: the operator names another connector.
    let mut other = flow.clone();
    other["tasks"][0]["connectorOperator"] = json!({"Zendesk": "PROJECTION"});
    let e = c.update_flow(IDLE, &other).await.unwrap_err();
    assert_eq!(e.code.as_deref(), Some("ValidationException"));
    assert!(e.message.contains("tasks[0].connectorOperator"), "{e}");
    flow.as_object_mut().unwrap().remove("flowName");
    let e = c.update_flow("no-such-flow", &flow).await.unwrap_err();
    assert!(e.is_not_found(), "{e}");
}

#[tokio::test]
async fn a_flow_in_use_is_deleted_only_when_forced_and_never_while_it_runs() {
    let (emu, c) = start().await;
    let flow = c.describe_flow(IDLE).await.unwrap();
    let arn = flow["flowArn"].as_str().unwrap();
    let integration = c.integration("retail-prod", arn).await.unwrap();
    assert_eq!(integration["ObjectTypeName"], "Salesforce-Contact");
    assert_eq!(integration["Uri"], arn);

    let e = c.delete_flow(IDLE, false).await.unwrap_err();
    assert_eq!(e.code.as_deref(), Some("ConflictException"));
    assert!(e.message.contains("forceDelete"), "{e}");
    c.delete_flow(IDLE, true).await.unwrap();
    assert!(c.describe_flow(IDLE).await.unwrap_err().is_not_found());
    assert!(
        c.integration("retail-prod", arn)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(emu.count("POST /delete-flow"), 2, "each sent once");

    c.start_flow(ON_DEMAND, "edits-token").await.unwrap();
    let e = c.delete_flow(ON_DEMAND, true).await.unwrap_err();
    assert_eq!(e.code.as_deref(), Some("ConflictException"));
    assert!(e.message.contains("in progress"), "{e}");
    let described = c.describe_flow(ON_DEMAND).await.unwrap();
    let e = c.update_flow(ON_DEMAND, &described).await.unwrap_err();
    assert_eq!(e.code.as_deref(), Some("ConflictException"));
    assert!(
        c.delete_flow("no-such-flow", true)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn object_types_come_with_their_fields_and_keys() {
    let (_emu, c) = start().await;
    let types = collect_pages(c.object_types("retail-prod")).await.unwrap();
    assert!(!types.is_empty());
    for t in &types {
        let name = t["ObjectTypeName"].as_str().unwrap();
        let o = c.object_type("retail-prod", name).await.unwrap();
        assert_eq!(o["ObjectTypeName"], name);
        let fields = o["Fields"].as_object().unwrap();
        let keys = o["Keys"].as_object().unwrap();
        for k in keys.values().flat_map(|k| k.as_array().unwrap()) {
            for f in k["FieldNames"].as_array().unwrap() {
                assert!(
                    fields.contains_key(f.as_str().unwrap()),
                    "{name}: key on {f}"
                );
            }
        }
        let unique: Vec<&Value> = keys
            .values()
            .flat_map(|k| k.as_array().unwrap())
            .filter(|k| k["StandardIdentifiers"].to_string().contains("UNIQUE"))
            .collect();
        assert_eq!(unique.len(), 1, "{name}");
    }
    let e = c
        .object_type("retail-prod", "No-such-type")
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let e = c
        .object_type("no-such-domain", "S3-orders")
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
}
