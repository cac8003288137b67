//! Changes are sent once whatever happens; StartFlow alone is retried, with one
//! clientToken on every attempt; reads keep the standard retry. Checked against the
//! scripted responder in `stub.rs`, which counts what reaches it.

use serde_json::json;

use super::*;
use crate::aws::stub::{Reply, Seen, Stub};
use crate::aws::{AwsErrorKind, AwsSettings};

fn server_error() -> Reply {
    (
        500,
        vec![("x-amzn-ErrorType", "InternalServerException".to_string())],
        json!({"message": "boom"}).to_string(),
    )
}

async fn client(stub: &Stub) -> AwsClient {
    AwsClient::connect(&AwsSettings::emulator(&stub.url))
        .await
        .unwrap()
}

#[tokio::test]
async fn no_change_is_retried_on_a_500() {
    let stub = Stub::start(|_: &Seen, _| server_error()).await;
    let c = client(&stub).await;

    let e = c.stop_flow("f").await.unwrap_err();
    assert_eq!(e.status, Some(500));
    assert_eq!(e.code.as_deref(), Some("InternalServerException"));
    assert_eq!(e.kind, AwsErrorKind::Service);
    assert_eq!(stub.seen().len(), 1);

    c.cancel_flow_executions("f", &["e-1".to_string()])
        .await
        .unwrap_err();
    assert_eq!(stub.seen().len(), 2);
    assert_eq!(stub.seen()[1].path, "/cancel-flow-executions");

    c.delete_workflow("d", "w").await.unwrap_err();
    assert_eq!(stub.seen().len(), 3);
    assert_eq!(stub.seen()[2].method, "DELETE");

    let body = crate::aws::create::tests::full_body();
    c.create_integration_workflow(&body).await.unwrap_err();
    let seen = stub.seen();
    assert_eq!(seen.len(), 4);
    assert_eq!(seen[3].path, "/domains/retail-prod/workflows/integrations");
    let sent: serde_json::Value = serde_json::from_str(&seen[3].body).unwrap();
    assert_eq!(sent["ObjectTypeName"], "Contact");
    assert_eq!(
        sent["IntegrationConfig"]["AppflowIntegration"]["FlowDefinition"]["Tasks"][1]["TaskProperties"],
        json!({"SOURCE_DATA_TYPE": "email"})
    );
    assert!(
        sent.get("DomainName").is_none(),
        "DomainName is in the path"
    );
}

#[tokio::test]
async fn a_dropped_connection_on_a_change_is_unsure_and_not_repeated() {
    let stub = Stub::start(|_: &Seen, _| (0, vec![], String::new())).await;
    let c = client(&stub).await;
    let e = c.stop_flow("f").await.unwrap_err();
    assert!(e.unsure(), "{e:?}");
    assert_eq!(stub.seen().len(), 1);
}

#[tokio::test]
async fn throttling_on_a_change_is_reported_not_retried() {
    let stub = Stub::start(|_: &Seen, _| {
        (
            429,
            vec![("x-amzn-ErrorType", "ThrottlingException".to_string())],
            json!({"message": "Rate exceeded"}).to_string(),
        )
    })
    .await;
    let c = client(&stub).await;
    let e = c.stop_flow("f").await.unwrap_err();
    assert_eq!(e.kind, AwsErrorKind::Throttled);
    assert_eq!(e.to_string(), "ThrottlingException: Rate exceeded");
    assert_eq!(stub.seen().len(), 1);
}

#[tokio::test]
async fn start_flow_is_retried_with_the_same_client_token() {
    let stub = Stub::start(|_: &Seen, i| {
        if i == 0 {
            server_error()
        } else {
            let answer = json!({"flowArn": "arn:f", "flowStatus": "Active", "executionId": "e-1"});
            (200, vec![], answer.to_string())
        }
    })
    .await;
    let c = client(&stub).await;
    let out = c.start_flow("f", "token-123").await.unwrap();
    assert_eq!(
        out,
        json!({"flowArn": "arn:f", "flowStatus": "Active", "executionId": "e-1"})
    );
    let seen = stub.seen();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        let body: serde_json::Value = serde_json::from_str(&s.body).unwrap();
        assert_eq!(body["clientToken"], "token-123");
        assert_eq!(body["flowName"], "f");
    }
}

#[tokio::test]
async fn reads_keep_the_standard_retry() {
    let stub = Stub::start(|_: &Seen, i| {
        if i == 0 {
            server_error()
        } else {
            (200, vec![], json!({"flowName": "f"}).to_string())
        }
    })
    .await;
    let c = client(&stub).await;
    assert_eq!(
        c.describe_flow("f").await.unwrap(),
        json!({"flowName": "f"})
    );
    assert_eq!(stub.seen().len(), 2);
}

#[tokio::test]
async fn a_bad_body_is_refused_before_sending() {
    let stub = Stub::empty().await;
    let c = client(&stub).await;
    let e = c
        .create_integration_workflow(&json!({"DomainName": "d"}))
        .await
        .unwrap_err();
    assert_eq!(e.kind, AwsErrorKind::Invalid);
    assert_eq!(e.to_string(), "WorkflowType: required member missing");
    assert!(stub.seen().is_empty());
}
