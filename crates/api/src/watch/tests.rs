//! The poller against scripted answers: a fake service holding runs (changed by the test
//! between polls, as its clock would) that answers the three filters the poller sends,
//! and records them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{Value, json};

use super::*;

const T0: i64 = 1_793_491_200_000;
const S: Duration = Duration::from_secs(1);

#[derive(Default)]
struct Fake {
    runs: Mutex<Vec<Value>>,
    asked: Mutex<Vec<Vec<String>>>,
    errors: Mutex<VecDeque<ApiError>>,
}

impl RunSource for Fake {
    async fn runs(&self, property: Vec<String>) -> Result<Vec<Value>, ApiError> {
        self.asked.lock().unwrap().push(property.clone());
        if let Some(e) = self.errors.lock().unwrap().pop_front() {
            return Err(e);
        }
        let all = self.runs.lock().unwrap().clone();
        Ok(all.into_iter().filter(|r| matches(r, &property)).collect())
    }
}

fn matches(run: &Value, property: &[String]) -> bool {
    property.iter().all(|p| {
        if let Some(n) = p.strip_prefix(&format!("{STARTED_AT}>=")) {
            started(run).is_some_and(|s| s >= n.parse::<i64>().unwrap())
        } else if let Some(ids) = p.strip_prefix("id==") {
            ids.split(',').any(|i| text(run, "/id") == i)
        } else if let Some(st) = p.strip_prefix("metrics.statusSummary.status==") {
            text(run, "/metrics/statusSummary/status") == st
        } else {
            panic!("unexpected filter {p}")
        }
    })
}

impl Fake {
    fn put(&self, run: Value) {
        let mut runs = self.runs.lock().unwrap();
        runs.retain(|r| r["id"] != run["id"]);
        runs.push(run);
    }
    fn asked(&self) -> Vec<Vec<String>> {
        std::mem::take(&mut self.asked.lock().unwrap())
    }
}

fn run(id: &str, status: &str, started: i64) -> Value {
    let mut r = json!({
        "id": id,
        "flowId": format!("flow-{id}"),
        "metrics": {
            "durationSummary": {"startedAtUTC": started},
            "statusSummary": {"status": status},
        },
    });
    if !matches!(status, "scheduled" | "inProgress") {
        r["metrics"]["durationSummary"]["completedAtUTC"] = json!(started + 60_000);
    }
    if status == "failed" {
        r["metrics"]["statusSummary"]["errors"] = json!([{"code": "CONNECTOR-2001-500", "message": "Error occurred at promotion activity."}]);
    }
    r
}

fn service(status: u16, code: &str) -> ApiError {
    ApiError::Service {
        status,
        code: Some(code.to_string()),
        message: "refused".into(),
        body: Box::new(Value::Null),
        request_id: None,
    }
}

#[tokio::test]
async fn an_idle_watch_backs_off_to_the_cap_and_lists_only_from_its_start() {
    let fake = Fake::default();
    fake.put(run("old", "failed", T0 - 3_600_000));
    let mut p = Poller::new(T0);
    let mut waits = Vec::new();
    for _ in 0..6 {
        let r = p.poll(&fake).await;
        assert!(r.failures.is_empty() && r.error.is_none());
        waits.push(r.wait);
    }
    assert_eq!(
        waits,
        [20 * S, 40 * S, 60 * S, 60 * S, 60 * S, 60 * S],
        "nothing new: 10 s doubles to the 60 s cap"
    );
    let asked = fake.asked();
    assert_eq!(
        asked[0],
        ["metrics.statusSummary.status==inProgress"],
        "the first poll also follows runs already going"
    );
    assert_eq!(asked[1], [format!("{STARTED_AT}>={T0}")]);
    assert_eq!(asked.len(), 7, "one list a poll after the first");
}

#[tokio::test]
async fn a_run_that_starts_after_the_watch_and_fails_later_is_reported_once() {
    let fake = Fake::default();
    let mut p = Poller::new(T0);
    p.poll(&fake).await;
    fake.put(run("r1", "inProgress", T0 + 5_000));
    let r = p.poll(&fake).await;
    assert!(r.failures.is_empty());
    assert_eq!(r.wait, FIRST_INTERVAL, "a new run is news: back to 10 s");
    assert_eq!(p.running(), 1);
    // Its start is now the window's reference.
    assert_eq!(p.window_start(), T0.max(T0 + 5_000 - OVERLAP_MS));

    fake.put(run("r1", "failed", T0 + 5_000));
    let r = p.poll(&fake).await;
    assert_eq!(r.failures.len(), 1);
    let f = &r.failures[0];
    assert_eq!(
        (f.run_id.as_str(), f.flow_id.as_str(), f.status.as_str()),
        ("r1", "flow-r1", "failed")
    );
    assert_eq!(f.error_code.as_deref(), Some("CONNECTOR-2001-500"));
    assert_eq!(
        f.error_message.as_deref(),
        Some("Error occurred at promotion activity.")
    );
    assert_eq!(
        (f.started_at, f.completed_at),
        (Some(T0 + 5_000), Some(T0 + 65_000))
    );
    assert_eq!(r.wait, FIRST_INTERVAL, "an end is news too");
    assert_eq!(p.running(), 0);
    for _ in 0..3 {
        assert!(p.poll(&fake).await.failures.is_empty(), "reported once");
    }
}

#[tokio::test]
async fn runs_going_when_the_watch_starts_are_followed_by_id_until_they_end() {
    let fake = Fake::default();
    fake.put(run("early", "inProgress", T0 - 600_000));
    fake.put(run("done", "success", T0 - 600_000));
    let mut p = Poller::new(T0);
    assert!(p.poll(&fake).await.failures.is_empty());
    assert_eq!(p.running(), 1);
    fake.asked();
    let mut partial = run("early", "partialSuccess", T0 - 600_000);
    partial["activities"] = json!([{"id": "copyActivity", "statusSummary": {"status": "success"}},
        {"id": "promotionActivity", "statusSummary": {"status": "success",
         "extensions": {"errors": [{"code": "INGEST-1211-400", "message": "12 records failed XDM validation and were skipped."}]}}}]);
    fake.put(partial);
    let r = p.poll(&fake).await;
    assert_eq!(
        fake.asked(),
        [
            vec![format!("{STARTED_AT}>={T0}")],
            vec!["id==early".to_string()]
        ]
    );
    assert_eq!(r.failures.len(), 1);
    assert_eq!(r.failures[0].status, "partialSuccess");
    assert_eq!(
        r.failures[0].error_code.as_deref(),
        Some("INGEST-1211-400"),
        "a partial success's code comes from its activity"
    );
}

#[tokio::test]
async fn a_retried_run_that_fails_again_is_a_new_failure() {
    let fake = Fake::default();
    let mut p = Poller::new(T0);
    fake.put(run("r1", "failed", T0 + 1_000));
    assert_eq!(p.poll(&fake).await.failures.len(), 1);
    // Retried: the same run starts again, later, and fails again.
    fake.put(run("r1", "inProgress", T0 + 300_000));
    assert!(p.poll(&fake).await.failures.is_empty());
    fake.put(run("r1", "failed", T0 + 300_000));
    let r = p.poll(&fake).await;
    assert_eq!(r.failures.len(), 1);
    assert_eq!(r.failures[0].started_at, Some(T0 + 300_000));
}

#[tokio::test]
async fn a_scheduled_run_does_not_move_the_window_past_runs_that_start_before_it() {
    let fake = Fake::default();
    let mut p = Poller::new(T0);
    fake.put(run("later", "scheduled", T0 + 900_000));
    p.poll(&fake).await;
    assert_eq!(p.window_start(), T0);
    fake.put(run("sooner", "failed", T0 + 60_000));
    let r = p.poll(&fake).await;
    assert_eq!(r.failures.len(), 1, "caught: {:?}", r.failures);
    assert_eq!(r.failures[0].run_id, "sooner");
}

#[tokio::test]
async fn many_runs_going_are_read_forty_at_a_time_and_a_deleted_one_is_dropped() {
    let fake = Fake::default();
    for i in 0..45 {
        fake.put(run(&format!("r{i:02}"), "inProgress", T0 - 1_000));
    }
    let mut p = Poller::new(T0);
    p.poll(&fake).await;
    assert_eq!(p.running(), 45);
    fake.asked();
    fake.runs.lock().unwrap().retain(|r| r["id"] != "r44");
    p.poll(&fake).await;
    let asked = fake.asked();
    assert_eq!(asked.len(), 3, "the window, then two reads by id");
    assert_eq!(asked[1][0].matches(',').count(), IDS_PER_READ - 1);
    assert_eq!(asked[2], ["id==r40,r41,r42,r43,r44"]);
    assert_eq!(p.running(), 44);
}

#[tokio::test]
async fn throttling_slows_the_watch_to_what_the_service_asks_and_errors_are_sorted() {
    let fake = Fake::default();
    let mut p = Poller::new(T0);
    p.poll(&fake).await;
    fake.errors.lock().unwrap().push_back(ApiError::Throttled {
        retry_after: Some(90 * S),
        code: None,
        message: "Too many requests".into(),
        body: Box::new(Value::Null),
    });
    let r = p.poll(&fake).await;
    let e = r.error.expect("the poll failed");
    assert!(!e.fatal);
    assert_eq!(r.wait, 90 * S, "Retry-After is honoured beyond the cap");
    fake.errors
        .lock()
        .unwrap()
        .push_back(service(503, "FLOW-1500-503"));
    let r = p.poll(&fake).await;
    assert!(!r.error.unwrap().fatal);
    assert_eq!(r.wait, 60 * S);
    fake.errors
        .lock()
        .unwrap()
        .push_back(service(403, "FLOW-2120-403"));
    let r = p.poll(&fake).await;
    let e = r.error.unwrap();
    assert!(e.fatal, "a 403 does not pass by waiting");
    assert_eq!(e.error.code(), Some("FLOW-2120-403"));
    // A poll that works again after trouble finds what it missed.
    fake.put(run("r1", "failed", T0 + 10_000));
    let r = p.poll(&fake).await;
    assert_eq!(r.failures.len(), 1);
    assert_eq!(r.wait, FIRST_INTERVAL);
}

#[tokio::test]
async fn a_base_interval_sets_the_pace_and_backs_off_to_at_least_a_minute() {
    let fake = Fake::default();
    let mut p = Poller::with_interval(T0, 2 * S);
    let waits: Vec<Duration> = {
        let mut w = Vec::new();
        for _ in 0..7 {
            w.push(p.poll(&fake).await.wait);
        }
        w
    };
    assert_eq!(
        waits,
        [4 * S, 8 * S, 16 * S, 32 * S, 60 * S, 60 * S, 60 * S]
    );
    let mut slow = Poller::with_interval(T0, 120 * S);
    assert_eq!(slow.poll(&fake).await.wait, 120 * S);
}

#[test]
fn a_failure_is_written_with_the_fields_scripts_read() {
    let f = Failure::of(&run("r1", "failed", T0)).unwrap();
    let v = serde_json::to_value(&f).unwrap();
    for k in [
        "flowId",
        "runId",
        "status",
        "errorCode",
        "errorMessage",
        "startedAt",
        "completedAt",
    ] {
        assert!(v.get(k).is_some(), "{k} in {v}");
    }
    assert!(Failure::of(&run("r2", "success", T0)).is_none());
    assert!(Failure::of(&run("r3", "inProgress", T0)).is_none());
}

#[tokio::test]
async fn a_watch_from_the_past_reports_what_failed_before_the_runs_now_going() {
    let fake = Fake::default();
    // Started an hour ago by `--since`; a run failed half an hour ago, one runs now.
    fake.put(run("old", "failed", T0 - 1_800_000));
    fake.put(run("now", "inProgress", T0));
    let mut p = Poller::new(T0 - 3_600_000);
    let r = p.poll(&fake).await;
    let ids: Vec<&str> = r.failures.iter().map(|f| f.run_id.as_str()).collect();
    assert_eq!(
        ids,
        ["old"],
        "the run going now does not move the first window"
    );
    assert_eq!(p.running(), 1);
}
