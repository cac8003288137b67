//! Retrying a failed run through the client (`POST /runs/{id}/action?op=RE_TRIGGER`): the
//! run is attempted again on the emulator's clock, and runs that did not fail, unknown
//! runs and lost answers end as the service and the network say, each sent once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use flowscope::api::{ApiError, ListQuery, collect_all};

use crate::support::client::{FS, plain};

#[tokio::test]
async fn a_failed_run_is_attempted_again_and_ends_afresh() {
    let (emu, client) = plain().await;
    let failed = collect_all(
        client.list_runs(&ListQuery::new().property("metrics.statusSummary.status==failed")),
    )
    .await
    .unwrap();
    let before = failed.first().expect("the demo has failed runs").clone();

    let retried = client.retry_run(&before.id).await.unwrap();
    assert_eq!(retried.id, before.id);
    assert_eq!(retried.status(), Some("inProgress"));
    assert_ne!(retried.etag, before.etag, "a retry changes the run's etag");
    assert_eq!(
        emu.count(&format!("POST {FS}/runs/{}/action", before.id)),
        1
    );

    // While it runs, a second retry is refused with the service's code.
    let again = client.retry_run(&before.id).await.unwrap_err();
    assert_eq!(again.code(), Some("FLOW-1422-400"), "{again}");

    emu.clock.advance(10 * 60_000);
    let done = client.get_run(&before.id).await.unwrap();
    let status = done.status().unwrap();
    assert!(status == "success" || status == "failed", "{status}");
    assert_eq!(done.flow_id, before.flow_id, "the run keeps its flow");
    assert_eq!(done.created_at, before.created_at, "and its creation");
}

#[tokio::test]
async fn a_run_that_did_not_fail_and_an_unknown_run_are_refused() {
    let (_emu, client) = plain().await;
    let ok = collect_all(
        client.list_runs(&ListQuery::new().property("metrics.statusSummary.status==success")),
    )
    .await
    .unwrap();
    let e = client.retry_run(&ok[0].id).await.unwrap_err();
    assert_eq!(e.code(), Some("FLOW-1422-400"), "{e}");
    assert!(
        e.to_string().contains("success"),
        "the refusal names the status: {e}"
    );
    assert!(!e.may_have_applied());

    let e = client
        .retry_run("00000000-0000-0000-0000-000000000000")
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert!(matches!(e, ApiError::Service { .. }));
}
