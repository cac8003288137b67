//! Where the width goes, at 80×24, 120×30 and 150×40 on the seeded demo: list columns
//! give names, descriptions and messages the room and keep short values whole, a list
//! inside a parent leaves the parent's column out, and graph boxes grow until ids, paths
//! and schedules are whole.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::shared::nav::Tab;
use flowscope::app::view::View;
use insta::assert_snapshot;
use serde_json::Value;
use support::tui::Tui;

/// Line `n` of the screen (0 is the tab bar; 3 is a list's header inside its frame).
fn line(t: &Tui, n: usize) -> String {
    t.screen().lines().nth(n).unwrap_or_default().to_string()
}

/// Where `title` starts in the header row, in characters.
fn column_at(t: &Tui, title: &str) -> Option<usize> {
    let header = line(t, 3);
    header.find(title).map(|b| header[..b].chars().count())
}

fn items(t: &Tui) -> Vec<Value> {
    match t.app().view() {
        Some(View::List(l)) => l.items(),
        other => panic!("no list in view: {other:?}"),
    }
}

#[tokio::test]
async fn flow_names_get_the_room_at_80x24() {
    let mut t = Tui::start(80, 24).await;
    t.keys("2");
    t.settle().await;
    // The NAME column runs from after the frame to STATE, less one blank.
    let name = column_at(&t, "STATE").unwrap() - 2;
    assert!(name >= 26, "NAME is {name} wide:\n{}", t.screen());
    assert!(t.screen().contains("Outdoor enthusiasts to GCS "));
    // A last run is whole or absent, never "success 2026-10-3…".
    assert!(!t.screen().contains("2026-10-3…"), "{}", t.screen());
}

#[tokio::test]
async fn flows_at_150_columns_show_schedules_in_words() {
    let mut t = Tui::start(150, 40).await;
    t.keys("2");
    t.settle().await;
    let screen = t.screen();
    assert!(screen.contains("every 30 minutes "), "{screen}");
    assert!(screen.contains("every 1 day "), "{screen}");
    assert!(
        screen.contains("Profile Store → Google Cloud Storage"),
        "{screen}"
    );
    assert_snapshot!("flows_150x40", screen);
}

/// The first domain's workflows on a `w`×`h` terminal.
async fn workflows(w: u16, h: u16) -> Tui {
    let mut t = Tui::start(w, h).await;
    t.keys("6");
    t.settle().await;
    t.keys("<enter>");
    t.settle().await;
    t
}

#[tokio::test]
async fn a_domains_workflows_spend_no_column_on_the_domain() {
    let t = workflows(80, 24).await;
    assert!(column_at(&t, "DOMAIN").is_none(), "{}", t.screen());
    let desc = column_at(&t, "UPDATED").unwrap() - column_at(&t, "DESCRIPTION").unwrap() - 1;
    assert!(desc >= 30, "DESCRIPTION is {desc} wide:\n{}", t.screen());
    assert_snapshot!("aws_workflows_80x24", t.screen());

    let t = workflows(150, 40).await;
    assert!(column_at(&t, "DOMAIN").is_none());
    let screen = t.screen();
    assert!(
        screen.contains("Waiting to start; first step at 2026-11-01T00:09:30Z "),
        "{screen}"
    );
    assert!(
        screen.contains("Salesforce refused the session"),
        "{screen}"
    );
    assert_snapshot!("aws_workflows_150x40", screen);
}

#[tokio::test]
async fn step_messages_get_the_room_at_80x24() {
    let mut t = workflows(80, 24).await;
    let failed = items(&t)
        .into_iter()
        .find(|w| w["Status"] == "FAILED")
        .expect("the demo has a failed workflow");
    let id = failed["WorkflowId"].as_str().unwrap().to_string();
    t.keys(&format!("/{id}<enter><enter>"));
    t.settle().await;
    let screen = t.screen();
    assert!(screen.contains("FAILED loyalty-sf-contacts"), "{screen}");
    assert!(
        screen.contains("Salesforce refused the session (INVALID_SE"),
        "{screen}"
    );
    assert_snapshot!("aws_steps_80x24", screen);
}

#[tokio::test]
async fn runs_of_a_flow_leave_the_flow_out() {
    let mut t = Tui::start(120, 30).await;
    t.keys("2");
    t.settle().await;
    t.keys("<enter>");
    t.settle().await;
    assert!(line(&t, 2).contains("runs of "), "{}", t.screen());
    assert!(column_at(&t, "FLOW").is_none(), "{}", t.screen());
    assert!(column_at(&t, "STARTED").is_some());
    // The Runs tab, across flows, still names each run's flow.
    t.keys("3");
    t.settle().await;
    assert!(column_at(&t, "FLOW").is_some(), "{}", t.screen());
}

#[tokio::test]
async fn storage_types_are_whole_at_80x24() {
    let mut t = Tui::start(80, 24).await;
    t.keys("5b");
    t.settle().await;
    t.keys("/products<enter><enter>");
    t.settle().await;
    let screen = t.screen();
    assert!(screen.contains("catalog.parquet parquet "), "{screen}");
    assert!(!screen.contains("parqu…"), "{screen}");
    assert_snapshot!("dlz_storage_products_80x24", screen);
}

/// Opens the graph of the flow named `name` on a `w`×`h` terminal.
async fn graph(name: &str, w: u16, h: u16) -> Tui {
    let mut t = Tui::start(w, h).await;
    t.keys("2");
    t.settle().await;
    let flows = t.app().root_list(Tab::Flows).unwrap().items();
    let id = flows.iter().find(|f| f["name"] == name).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    t.keys(&format!(":graph {id}<enter>"));
    t.settle().await;
    t
}

#[tokio::test]
async fn graph_boxes_grow_until_ids_paths_and_schedules_are_whole() {
    let t = graph("Outdoor enthusiasts to GCS", 150, 40).await;
    let screen = t.screen();
    for whole in [
        "path exports/orders/ ",
        "bucket acme-prod-ads-audiences-gcs ",
        "auth Google Cloud Storage authentication ",
        "every 1 day ",
        "last run success · 11h ago ",
    ] {
        assert!(screen.contains(whole), "{whole}:\n{screen}");
    }
    assert_snapshot!("graph_flow_destination_150x40", screen);

    let t = graph("DLZ web sessions full ingestion", 150, 40).await;
    let screen = t.screen();
    for whole in [
        "dataset 332eafe66f7b7896712be3ff ",
        "schema 6caaef8a7ce0e3e50e9f44e579d374fd ",
        "mapping e803149c81cda9818b49586eaff86508 v1 ",
        "every 1 hour ",
    ] {
        assert!(screen.contains(whole), "{whole}:\n{screen}");
    }
    assert_snapshot!("graph_flow_dlz_150x40", screen);

    // At 120 columns the same boxes are narrower, but as wide as the width allows.
    let t = graph("DLZ web sessions full ingestion", 120, 30).await;
    let canvas = &t.app().graph().unwrap().layout;
    assert!(canvas.width >= 116, "{}", t.screen());
}

/// The sorted column's arrow is drawn even when every cell in view is narrower than the
/// title with it: ascending by status, a screen of "failed" under STATUS.
#[tokio::test]
async fn the_sort_arrow_has_room_when_the_cells_are_narrow() {
    let mut t = Tui::start(130, 12).await;
    t.settle().await;
    t.keys("3");
    t.wait_for("last page").await;
    t.keys("s");
    let header = t.screen().lines().nth(3).unwrap_or_default().to_string();
    assert!(header.contains("STATUS▲"), "{}", t.screen());
    t.keys("S");
    let header = t.screen().lines().nth(3).unwrap_or_default().to_string();
    assert!(header.contains("STATUS▼"), "{}", t.screen());
}
