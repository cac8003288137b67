//! `flowscope runs watch` as a process against an emulator started in the test: runs
//! made to fail on the emulator come out as JSON lines with the fields scripts read,
//! `--max` ends it with 0, `--for` ends an idle watch with 0, and an error waiting cannot
//! cure ends it with 1 and the service's code.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use flowscope::api::{Client, ClientConfig, ListQuery, collect_all};
use flowscope::emulator::TEST_EPOCH_MS;
use serde_json::Value;

use crate::cli::{at, emu};

#[tokio::test]
async fn runs_watch_prints_each_failure_as_a_json_line_and_stops_at_max() {
    let e = emu().await;
    let c = Client::new(ClientConfig::for_emulator(&e.base_url())).unwrap();
    // Make runs fail: retry failed runs (each starts again now, by a seeded draw), and
    // let the emulator's clock carry them to their end.
    let failed = collect_all(
        c.list_runs(&ListQuery::new().property("metrics.statusSummary.status==failed")),
    )
    .await
    .unwrap();
    for r in failed.iter().take(15) {
        c.retry_run(&r.id).await.unwrap();
    }
    e.clock.advance(10 * 60_000);

    let since = TEST_EPOCH_MS.to_string();
    let out = at(&e, &["runs", "watch", "--since", &since, "--max", "2"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|err| panic!("{err}: {l}")))
        .collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    for l in &lines {
        for k in [
            "time",
            "sandbox",
            "flowId",
            "flowName",
            "runId",
            "status",
            "errorCode",
            "errorMessage",
            "startedAt",
            "completedAt",
        ] {
            assert!(l.get(k).is_some(), "{k} missing: {l}");
        }
        assert_eq!(l["sandbox"], "prod");
        let run = c.get_run(l["runId"].as_str().unwrap()).await.unwrap();
        assert_eq!(run.status(), l["status"].as_str(), "{l}");
        assert!(matches!(run.status(), Some("failed" | "partialSuccess")));
        assert_eq!(
            run.first_error().and_then(|e| e.code.as_deref()),
            l["errorCode"].as_str()
        );
        assert_eq!(run.flow_id.as_deref(), l["flowId"].as_str());
        assert!(l["flowName"].is_string(), "the flow's name is read: {l}");
        let started = chrono::DateTime::parse_from_rfc3339(l["startedAt"].as_str().unwrap())
            .unwrap()
            .timestamp_millis();
        assert!(started >= TEST_EPOCH_MS, "started since --since: {l}");
        assert_eq!(Some(started), run.started_at());
    }
    // The watch lists by start time: every poll it sent filtered on it.
    let polls: Vec<String> = e
        .requests()
        .into_iter()
        .filter(|r| r.starts_with("GET /data/foundation/flowservice/runs?"))
        .collect();
    assert!(
        polls
            .iter()
            .any(|r| r.contains("metrics.durationSummary.startedAtUTC%3E%3D1793491200000")),
        "{polls:#?}"
    );
}

#[tokio::test]
async fn an_idle_watch_ends_after_for_and_an_unknown_sandbox_is_an_error_with_its_code() {
    let e = emu().await;
    // From a day after the emulator's clock: nothing can have failed since.
    let since = (TEST_EPOCH_MS + 86_400_000).to_string();
    let out = at(
        &e,
        &[
            "runs",
            "watch",
            "--since",
            &since,
            "--for",
            "1s",
            "--interval",
            "1",
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "", "nothing failed");

    let out = at(&e, &["--sandbox", "nosuch", "runs", "watch"]).await;
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stderr.contains("FLOW-2100-404"), "{}", out.stderr);

    let out = at(&e, &["runs", "watch", "--since", "yesterday"]).await;
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--since"), "{}", out.stderr);
}
