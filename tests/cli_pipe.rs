//! The scriptable CLI in a pipeline: a reader that stops early (`| head -1`) ends the
//! command quietly with 0 in every output format and asks for no page beyond the one
//! already on its way, and run tables name each run's flow, reading each flow's name once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use flowscope::emulator::{self, EmulatorConfig, EmulatorHandle, FaultConfig};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};

use crate::cli::{at, command, emu};

const RUNS: &str = "GET /data/foundation/flowservice/runs";
const FLOWS: &str = "GET /data/foundation/flowservice/flows";

async fn emu_with(cfg: EmulatorConfig) -> EmulatorHandle {
    emulator::start("127.0.0.1:0".parse().unwrap(), cfg)
        .await
        .unwrap()
}

/// What happened when the reader closed the pipe after the first line.
struct Closed {
    code: Option<i32>,
    stderr: String,
    /// Runs pages asked for when the pipe was closed, and by the end.
    pages_at_close: u64,
    pages_at_exit: u64,
    /// From closing the pipe to the process's end.
    took: Duration,
}

/// Runs the binary against `e`, reads one line of its output and closes the pipe.
async fn read_one_line_then_close(e: &EmulatorHandle, args: &[&str]) -> Closed {
    let url = e.base_url();
    let mut all = vec!["--endpoint", url.as_str()];
    all.extend_from_slice(args);
    let mut child = command(&all).spawn().unwrap();
    drop(child.stdin.take());
    let mut stderr = child.stderr.take().unwrap();
    let errors = tokio::spawn(async move {
        let mut text = String::new();
        stderr.read_to_string(&mut text).await.unwrap();
        text
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next_line().await.unwrap();
    assert!(
        first.is_some_and(|l| !l.is_empty()),
        "{args:?} wrote a line"
    );
    drop(lines);
    let closed = Instant::now();
    let pages_at_close = e.count(RUNS);
    let status = child.wait().await.unwrap();
    Closed {
        code: status.code(),
        stderr: errors.await.unwrap(),
        pages_at_close,
        pages_at_exit: e.count(RUNS),
        took: closed.elapsed(),
    }
}

#[tokio::test]
async fn a_closed_pipe_ends_every_format_quietly_and_no_page_is_read_after_it() {
    // Far more output than a pipe holds, so the command is still writing when the pipe
    // closes whatever the timing.
    let e = emu_with(EmulatorConfig {
        runs: Some(3000),
        ..EmulatorConfig::for_tests()
    })
    .await;
    let every_page = e.object_count("prod", "runs").unwrap() as u64 / 50;
    for format in ["table", "json", "ndjson", "csv"] {
        let c = read_one_line_then_close(
            &e,
            &["runs", "list", "--all", "--limit", "50", "-o", format],
        )
        .await;
        assert_eq!(c.code, Some(0), "{format}: {}", c.stderr);
        assert_eq!(c.stderr, "", "{format}: nothing said");
        // The next page is asked for while one is written: at the close one request may
        // be on its way, and one more was asked for as the write that meets the closed
        // pipe began. Nothing after that.
        let after = c.pages_at_exit - c.pages_at_close;
        assert!(after <= 2, "{format}: {after} pages read after the close");
        assert!(
            c.pages_at_exit < every_page / 2,
            "{format}: stopped early ({} of {every_page} pages)",
            c.pages_at_exit
        );
    }
    // One page larger than the pipe, without --all: the write itself meets the closed pipe.
    let flows = read_one_line_then_close(&e, &["runs", "list", "--limit", "1000"]).await;
    assert_eq!(flows.code, Some(0), "{}", flows.stderr);
    assert_eq!(flows.stderr, "");
}

#[tokio::test]
async fn the_page_on_its_way_when_the_pipe_closes_is_not_waited_for() {
    let slow = Duration::from_secs(3);
    let e = emu().await;
    e.set_faults(FaultConfig {
        latency_ms: slow.as_millis() as u64,
        ..FaultConfig::default()
    });
    // A page per line: when the first line is read, the second page is on its way.
    let c = read_one_line_then_close(
        &e,
        &["runs", "list", "--all", "--limit", "1", "-o", "ndjson"],
    )
    .await;
    assert_eq!(c.code, Some(0), "{}", c.stderr);
    assert_eq!(c.stderr, "");
    assert!(
        c.took < slow / 2,
        "ended {:?} after the close, not when the page came",
        c.took
    );
    assert!(c.pages_at_exit <= 2, "{} pages read", c.pages_at_exit);
}

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
