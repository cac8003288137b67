//! The scriptable CLI in a pipeline: run tables name each run's flow, reading each
//! flow's name once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};

use flowscope::emulator::EmulatorHandle;

use crate::cli::{at, emu};

const RUNS: &str = "GET /data/foundation/flowservice/runs";
const FLOWS: &str = "GET /data/foundation/flowservice/flows";

/// The flow ids asked for by name, one list per flows read since request `from`.
fn flow_reads(e: &EmulatorHandle, from: usize) -> Vec<Vec<String>> {
    e.requests()[from..]
        .iter()
        .filter_map(|r| r.strip_prefix(&format!("{FLOWS}?")))
        .map(|query| {
            url::form_urlencoded::parse(query.as_bytes())
                .filter(|(k, _)| k == "property")
                .filter_map(|(_, v)| v.strip_prefix("id==").map(String::from))
                .flat_map(|ids| ids.split(',').map(String::from).collect::<Vec<_>>())
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn run_tables_name_each_flow_and_read_each_name_once() {
    let e = emu().await;
    let flows: HashMap<String, String> = at(&e, &["flows", "list", "--all", "-o", "json"])
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_string(),
                f["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let runs = at(&e, &["runs", "list", "--limit", "5", "-o", "json"])
        .await
        .json();
    let runs = runs.as_array().unwrap();
    assert!(
        runs[0].get("flowId").is_some() && runs[0].get("flowName").is_none(),
        "JSON keeps the run as the service sent it"
    );
    let from = e.requests().len();
    let table = at(&e, &["runs", "list", "--limit", "5"]).await;
    assert_eq!(table.code, 0, "{}", table.stderr);
    let page_flows: HashSet<&str> = runs.iter().map(|r| r["flowId"].as_str().unwrap()).collect();
    let reads = flow_reads(&e, from);
    assert_eq!(reads.len(), 1, "one read names the page's flows: {reads:?}");
    assert_eq!(
        reads[0].iter().map(String::as_str).collect::<HashSet<_>>(),
        page_flows
    );
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert!(lines[0].starts_with("ID") && lines[0].contains("FLOW"));
    for (run, line) in runs.iter().zip(&lines[1..]) {
        let flow_id = run["flowId"].as_str().unwrap();
        let name = &flows[flow_id];
        assert!(
            line.contains(name.as_str()) && !line.contains(flow_id),
            "{flow_id} shown as {name}: {line}"
        );
    }

    // Every page of --all: each flow is asked for once, not once per page.
    let all_flows: HashSet<String> = at(&e, &["runs", "list", "--all", "-o", "ndjson"])
        .await
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["flowId"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let from = e.requests().len();
    let pages = e.count(RUNS);
    let all = at(&e, &["runs", "list", "--all", "--limit", "40"]).await;
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert!(e.count(RUNS) - pages > 5, "many pages");
    let asked: Vec<String> = flow_reads(&e, from).into_iter().flatten().collect();
    assert_eq!(
        asked.len(),
        all_flows.len(),
        "no flow asked for twice: {asked:?}"
    );
    assert_eq!(asked.into_iter().collect::<HashSet<_>>(), all_flows);
}
