//! Marks and actions on marked rows, driven by keys through the whole app loop against
//! the emulator: a retry of marked runs (each failed one posted once, the others
//! skipped), its progress line held mid-way, a delete of connections one of which is in
//! use (FLOW-1418-400), a retry whose answers the emulator drops (unsure, yet each sent
//! once), AppFlow flows stopped together, and a read-only session that sends nothing;
//! with snapshots of the marked list, the question, the progress and the summary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use crate::support;

use flowscope::api::{Client, ClientConfig, ListQuery, collect_all};
use flowscope::app::overlay::Overlay;
use flowscope::app::shared::nav::ListKind;
use flowscope::app::view::View;
use flowscope::emulator::{EmulatorConfig, FaultConfig, Hold};
use insta::assert_snapshot;
use serde_json::Value;
use support::tui::{Opts, Tui, run_action};

const W: u16 = 120;
const H: u16 = 30;

fn client(t: &Tui) -> Client {
    Client::new(ClientConfig::for_emulator(&t.emu.base_url())).unwrap()
}

/// The Runs tab sorted by status, failed runs first.
async fn runs_by_status(t: &mut Tui) {
    t.keys("3");
    t.settle().await;
    t.keys("s<home>");
    let l = t.app().list().unwrap();
    assert_eq!(l.selected_row().unwrap().cell(0), "failed");
}

/// Ids and statuses of the marked rows of the list in view.
fn marked(t: &Tui) -> Vec<(String, String)> {
    t.app()
        .list()
        .unwrap()
        .marked_rows()
        .iter()
        .map(|r| (r.id().to_string(), r.cell(0).to_string()))
        .collect()
}

/// The summary in view: (end, object id, detail) per row.
fn summary(t: &Tui) -> Vec<(String, String, String)> {
    let l = t.app().list().expect("the summary is a list");
    assert_eq!(l.kind, ListKind::BulkEnds, "{}", t.screen());
    l.rows()
        .map(|r| {
            (
                r.cell(0).to_string(),
                r.id().to_string(),
                r.cell(2).to_string(),
            )
        })
        .collect()
}

/// The last line drawn: the status bar.
fn status_line(t: &Tui) -> String {
    t.screen().lines().last().unwrap_or_default().to_string()
}

#[tokio::test]
async fn three_failed_runs_and_one_that_succeeded_are_retried_once_each() {
    let mut t = Tui::start(W, H).await;
    runs_by_status(&mut t).await;
    t.keys("<space><space><space><end><space><home>");
    let marks = marked(&t);
    assert_eq!(marks.len(), 4);
    assert_eq!(
        marks.iter().filter(|(_, s)| s == "failed").count(),
        3,
        "{marks:?}"
    );
    let screen = t.screen();
    assert!(screen.contains("· 4 marked"), "{screen}");
    assert!(
        screen.contains("t run flow / retry run"),
        "the footer offers it: {screen}"
    );
    assert_snapshot!("marks_runs_marked", screen);

    t.keys("t");
    assert!(matches!(t.app().overlay, Some(Overlay::Ask(_))));
    let asked = t.screen();
    assert!(
        asked.contains("Retry 3 failed runs? 1 skipped (not failed)"),
        "{asked}"
    );
    assert_snapshot!("marks_retry_question", asked);
    assert_eq!(t.emu.count(&run_action(&marks[0].0)), 0, "asked, not sent");

    t.keys("y");
    t.wait_for("bulk finished").await;
    let ends = summary(&t);
    let done = ends.iter().filter(|e| e.0 == "done").count();
    let skipped = ends.iter().filter(|e| e.0 == "skipped").count();
    assert_eq!((done, skipped, ends.len()), (3, 1, 4), "{ends:?}");
    for (id, status) in &marks {
        let want = u64::from(status == "failed");
        assert_eq!(t.emu.count(&run_action(id)), want, "{id} ({status})");
    }
    let screen = t.screen();
    assert!(
        screen.contains("3 done, 0 refused, 0 unsure, 1 skipped"),
        "{screen}"
    );
    assert_snapshot!("marks_retry_summary", screen);
    // Each retried run is watched as a triggered one is; each has one journal entry.
    assert_eq!(t.app().runs.watches.len(), 3);
    let mut journaled: Vec<String> = t.journal().into_iter().map(|(_, id)| id).collect();
    journaled.sort();
    let mut retried: Vec<String> = marks
        .iter()
        .filter(|(_, s)| s == "failed")
        .map(|(id, _)| id.clone())
        .collect();
    retried.sort();
    assert_eq!(
        journaled, retried,
        "one entry per run sent, none for the skipped"
    );
    // Enter opens a row's run; esc comes back to the summary.
    t.keys("<enter>");
    assert!(
        matches!(t.app().view(), Some(View::Run(r)) if r.id == ends[0].1),
        "{}",
        t.screen()
    );
    t.wait_for("object").await;
    t.keys("<esc>");
    assert_eq!(t.app().list().unwrap().kind, ListKind::BulkEnds);
    // Esc: back to the runs, whose marks are gone (every one ended done or skipped).
    t.keys("<esc>");
    let l = t.app().list().unwrap();
    assert_eq!((l.kind, l.marked()), (ListKind::Runs, 0));
}

#[tokio::test]
async fn the_progress_line_counts_while_a_retry_is_held() {
    let mut t = Tui::start(W, H).await;
    runs_by_status(&mut t).await;
    t.keys("<space><space><space>");
    let hold = Hold::new("POST", 3);
    t.emu.set_faults(FaultConfig {
        hold: Some(hold.clone()),
        ..FaultConfig::default()
    });
    t.keys("ty");
    tokio::time::timeout(std::time::Duration::from_secs(30), hold.held())
        .await
        .expect("the third retry reaches the service");
    for _ in 0..2 {
        t.wait_for("bulk ended").await;
    }
    let line = status_line(&t);
    assert!(line.contains("retrying 3 runs: 2/3 · 2 done"), "{line}");
    assert_snapshot!("marks_retry_progress", line);
    // Let go, the held request is answered 503 without being processed: refused.
    hold.release();
    t.wait_for("bulk finished").await;
    let ends = summary(&t);
    let refused: Vec<_> = ends.iter().filter(|e| e.0 == "refused").collect();
    assert_eq!(refused.len(), 1, "{ends:?}");
    assert!(!status_line(&t).contains("retrying"));
    // Back at the runs, the refused one is still marked to try again.
    t.keys("<esc>");
    let again: Vec<String> = marked(&t).into_iter().map(|(id, _)| id).collect();
    assert_eq!(again, [refused[0].1.clone()]);
}

/// Base connections no source or target connection uses, and one that is used.
async fn unused_and_used_connections(t: &Tui) -> (Vec<String>, String) {
    let c = client(t);
    let mut used = HashSet::new();
    for collection in ["sourceConnections", "targetConnections"] {
        let all: Vec<Value> = collect_all(c.pages(collection, &ListQuery::new()))
            .await
            .unwrap();
        used.extend(
            all.iter()
                .filter_map(|s| s["baseConnectionId"].as_str())
                .map(str::to_string),
        );
    }
    let l = t.app().list().unwrap();
    let ids: Vec<String> = l.rows().map(|r| r.id().to_string()).collect();
    let unused = ids.iter().filter(|i| !used.contains(*i)).cloned().collect();
    let used = ids
        .into_iter()
        .find(|i| used.contains(i))
        .expect("a connection in use");
    (unused, used)
}

#[tokio::test]
async fn a_delete_of_marked_connections_reports_the_one_in_use() {
    let mut t = Tui::start(W, H).await;
    t.keys("1");
    t.settle().await;
    let (unused, used) = unused_and_used_connections(&t).await;
    let free = unused.first().expect("a connection nothing uses").clone();
    for id in [&free, &used] {
        t.select_named(id);
        t.keys("<space>");
    }
    assert_eq!(t.app().list().unwrap().marked(), 2);
    t.keys("X");
    assert!(
        t.screen().contains("Delete 2 connections?"),
        "{}",
        t.screen()
    );
    t.keys("y");
    t.wait_for("bulk finished").await;
    let ends = summary(&t);
    let end_of = |id: &str| ends.iter().find(|e| e.1 == id).unwrap().clone();
    assert_eq!(end_of(&free).0, "done");
    let (word, _, detail) = end_of(&used);
    assert_eq!(word, "refused");
    assert!(detail.contains("FLOW-1418-400"), "{detail}");
    assert!(t.screen().contains("FLOW-1418-400"), "{}", t.screen());
    for id in [&free, &used] {
        let path = format!("DELETE /data/foundation/flowservice/connections/{id}");
        assert_eq!(t.emu.count(&path), 1, "one plain DELETE each");
    }
    assert!(
        client(&t).get_connection(&used).await.is_ok(),
        "still there"
    );
    // The deleted one left every list; the refused one is still marked.
    t.keys("<esc>");
    let l = t.app().list().unwrap();
    assert!(!l.has_id(&free));
    assert_eq!(
        marked(&t).into_iter().map(|m| m.0).collect::<Vec<_>>(),
        [used]
    );
}

#[tokio::test]
async fn a_retry_whose_answers_are_lost_sends_each_once_and_says_which_are_unsure() {
    let mut t = Tui::start(W, H).await;
    t.keys("3");
    t.settle().await;
    t.keys(":status failed<enter>");
    t.settle().await;
    for _ in 0..100 {
        t.keys("<space>");
    }
    let marks: Vec<String> = marked(&t).into_iter().map(|m| m.0).collect();
    assert_eq!(marks.len(), 100);
    // From now on a fifth of the POSTs' answers are lost or fail; reads stay clean.
    t.emu.set_faults(FaultConfig {
        drop_rate: 0.1,
        error_rate: 0.1,
        methods: vec!["POST".into()],
        ..FaultConfig::default()
    });
    t.keys("ty");
    t.wait_for("bulk finished").await;
    let ends = summary(&t);
    assert_eq!(ends.len(), 100);
    for id in &marks {
        assert_eq!(t.emu.count(&run_action(id)), 1, "{id} sent once");
    }
    let unsure: Vec<_> = ends.iter().filter(|e| e.0 == "unsure").collect();
    assert!(!unsure.is_empty(), "{ends:?}");
    for (_, _, detail) in &unsure {
        assert!(detail.contains("the answer was lost"), "{detail}");
    }
    // A dropped answer hid a retry that happened: the service has it in progress.
    let c = client(&t);
    let mut applied = 0;
    for (_, id, _) in &unsure {
        if c.get_run(id).await.unwrap().status() == Some("inProgress") {
            applied += 1;
        }
    }
    assert!(applied > 0, "some unsure retries were applied");
    let done = ends.iter().filter(|e| e.0 == "done").count();
    assert!(done > 50, "{done} done");
    assert!(
        t.toasts().contains(&format!("{done} done")),
        "{}",
        t.toasts()
    );
}

#[tokio::test]
async fn marked_appflow_flows_are_stopped_together() {
    let mut t = Tui::start(W, H).await;
    t.keys("7");
    t.settle().await;
    for name in ["retail-sf-accounts-history", "retail-sf-contacts-2024"] {
        t.select_named(name);
        t.keys("<space>");
    }
    t.keys("D");
    let asked = t.screen();
    assert!(asked.contains("Stop 2 AppFlow flows?"), "{asked}");
    t.keys("y");
    t.wait_for("bulk finished").await;
    let ends = summary(&t);
    assert!(ends.iter().all(|e| e.0 == "done"), "{ends:?}");
    assert_eq!(t.emu.count("POST /stop-flow"), 2);
}

#[tokio::test]
async fn read_only_refuses_an_action_on_marked_rows_before_asking() {
    let opts = Opts {
        read_only: true,
        ..Opts::default()
    };
    let mut t = Tui::start_opts(EmulatorConfig::for_tests(), W, H, opts).await;
    t.keys("2");
    t.settle().await;
    t.keys("<c-a>");
    assert!(t.app().list().unwrap().marked() > 0);
    for key in ["t", "D", "X"] {
        t.keys(key);
        assert!(t.app().overlay.is_none(), "{key}: no question");
        assert!(t.toasts().contains("read-only"), "{key}: {}", t.toasts());
    }
    let posted = t
        .emu
        .requests()
        .into_iter()
        .filter(|r| r.starts_with("POST /data") || r.starts_with("DELETE"))
        .count();
    assert_eq!(posted, 0);
}
