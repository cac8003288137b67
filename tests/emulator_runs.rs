//! The run lifecycle on the emulator's manual clock: `POST /runs` schedules a run that
//! moves to inProgress and then to success or failure with metrics and activities. Runs
//! are asked only of flows scheduled once, as the service allows (aep-api-notes §6).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use serde_json::{Value, json};
use support::{Emu, FLOW};

async fn run(emu: &Emu, id: &str) -> Value {
    emu.get(&format!("{FLOW}/runs/{id}")).await.item().clone()
}

#[tokio::test]
async fn a_triggered_run_moves_through_its_lifecycle_as_the_clock_advances() {
    let emu = Emu::start().await;
    let flow = emu
        .first(&format!(
            "{FLOW}/flows?limit=1&property=state==enabled&property=scheduleParams.frequency==once"
        ))
        .await;
    let flow_id = flow["id"].as_str().unwrap();
    let body = json!({"flowId": flow_id, "status": "active",
        "params": {"startTime": "1793491200", "windowStartTime": "1793404800", "windowEndTime": "1793491200"}});
    let r = emu.post(&format!("{FLOW}/runs"), &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["items"][0]["id"], json!(id));
    assert!(r.body["etag"].as_str().unwrap().starts_with('"'));

    let scheduled = run(&emu, &id).await;
    assert_eq!(
        scheduled["metrics"]["statusSummary"]["status"],
        json!("scheduled")
    );
    assert_eq!(scheduled["flowId"], json!(flow_id));
    assert_eq!(
        scheduled["metrics"]["recordSummary"]["inputRecordCount"],
        json!(0)
    );

    emu.handle.clock.advance(6_000);
    let running = run(&emu, &id).await;
    assert_eq!(
        running["metrics"]["statusSummary"]["status"],
        json!("inProgress")
    );
    assert!(
        running["metrics"]["durationSummary"]
            .get("completedAtUTC")
            .is_none()
    );

    // The in-progress run shows in the live filter.
    let live = emu
        .list_all(&format!(
            "{FLOW}/runs?property=metrics.statusSummary.status==inProgress"
        ))
        .await;
    assert!(live.iter().any(|r| r["id"] == json!(id)));

    emu.handle.clock.advance(10 * 60_000);
    let done = run(&emu, &id).await;
    let status = done["metrics"]["statusSummary"]["status"].as_str().unwrap();
    assert!(
        matches!(status, "success" | "partialSuccess" | "failed"),
        "{status}"
    );
    let m = &done["metrics"];
    assert!(
        m["durationSummary"]["completedAtUTC"].as_i64().unwrap()
            > m["durationSummary"]["startedAtUTC"].as_i64().unwrap()
    );
    assert!(m["recordSummary"]["inputRecordCount"].as_u64().unwrap() > 0);
    assert!(m["sizeSummary"]["inputBytes"].as_u64().unwrap() > 0);
    let activities = done["activities"].as_array().unwrap();
    assert_eq!(activities[0]["id"], json!("copyActivity"));
    assert_eq!(activities[1]["id"], json!("promotionActivity"));
    assert!(
        activities[1]["targetInfo"][0]["reference"]["ids"][0].is_string(),
        "the batch id"
    );
    if status == "failed" {
        assert!(
            m["statusSummary"]["errors"][0]["code"]
                .as_str()
                .unwrap()
                .contains('-')
        );
    }
    // The flow now reports it as its last run.
    let f = emu
        .get(&format!("{FLOW}/flows/{flow_id}"))
        .await
        .item()
        .clone();
    assert_eq!(f["lastRunDetails"]["id"], json!(id));
    assert_eq!(f["lastRunDetails"]["state"], json!(status));
    // And it is the newest run of the flow.
    let of_flow = emu
        .get(&format!("{FLOW}/runs?limit=1&property=flowId=={flow_id}"))
        .await;
    assert_eq!(of_flow.item()["id"], json!(id));
}

#[tokio::test]
async fn runs_are_refused_for_disabled_or_unknown_flows() {
    let emu = Emu::start().await;
    let flow = emu
        .first(&format!("{FLOW}/flows?limit=1&property=state==disabled"))
        .await;
    let r = emu
        .post(&format!("{FLOW}/runs"), &json!({"flowId": flow["id"]}))
        .await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (400, "FLOW-1422-400".to_string())
    );
    let r = emu
        .post(&format!("{FLOW}/runs"), &json!({"flowId": "nope"}))
        .await;
    assert_eq!(r.code(), "FLOW-1101-404");
    let r = emu
        .post(&format!("{FLOW}/runs"), &json!({"params": {}}))
        .await;
    assert_eq!(r.code(), "FLOW-1455-400");
    assert_eq!(
        emu.handle.count("POST /data/foundation/flowservice/runs"),
        3
    );
}

#[tokio::test]
async fn runs_are_refused_for_flows_not_scheduled_once() {
    let emu = Emu::start().await;
    let flows = emu
        .list_all(&format!("{FLOW}/flows?limit=100&property=state==enabled"))
        .await;
    let periodic = flows
        .iter()
        .find(|f| f["scheduleParams"]["frequency"] == "day")
        .unwrap();
    let streaming = flows
        .iter()
        .find(|f| f.get("scheduleParams").is_none())
        .unwrap();
    let runs = emu.handle.object_count("prod", "runs").unwrap();
    for f in [periodic, streaming] {
        let r = emu
            .post(&format!("{FLOW}/runs"), &json!({"flowId": f["id"]}))
            .await;
        assert_eq!((r.status.as_u16(), r.code()), (400, "FLOW-1422-400".into()));
        let detail = r.body["report"]["detailed-message"].as_str().unwrap();
        assert!(
            detail.contains("must be scheduled for one-time ingestion"),
            "{detail}"
        );
    }
    assert_eq!(emu.handle.object_count("prod", "runs").unwrap(), runs);
    // One scheduled once does run.
    let once = flows
        .iter()
        .find(|f| f["scheduleParams"]["frequency"] == "once")
        .unwrap();
    let r = emu
        .post(&format!("{FLOW}/runs"), &json!({"flowId": once["id"]}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
}

#[tokio::test]
async fn seeded_runs_look_like_real_ones() {
    let emu = Emu::start().await;
    let runs = emu.list_all(&format!("{FLOW}/runs?limit=1000")).await;
    assert!(runs.len() >= 2000);
    let now = support_now(&emu);
    let oldest = runs
        .iter()
        .map(|r| r["createdAt"].as_i64().unwrap())
        .min()
        .unwrap();
    assert!(
        now - oldest <= 31 * 86_400_000,
        "runs span the last 30 days"
    );
    let failed: Vec<&Value> = runs
        .iter()
        .filter(|r| r["metrics"]["statusSummary"]["status"] == json!("failed"))
        .collect();
    let share = failed.len() as f64 / runs.len() as f64;
    assert!((0.03..0.3).contains(&share), "failure share {share}");
    assert!(
        failed
            .iter()
            .all(|r| r["metrics"]["statusSummary"]["errors"][0]["code"].is_string())
    );
    assert!(
        runs.iter()
            .any(|r| r["metrics"]["statusSummary"]["status"] == json!("inProgress"))
    );
}

fn support_now(emu: &Emu) -> i64 {
    emu.handle.clock.now_ms()
}
