//! Deleting workflows in the explorer, against the test emulator: `X` on a workflow asks
//! (saying its integration and AppFlow flow go with it), `y` sends DeleteWorkflow once, the journal
//! has it and the reloaded list no longer shows it; marked workflows go through the bulk
//! job with one question and a summary; `--read-only` refuses before any question.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::view::View;
use flowscope::emulator::EmulatorConfig;
use insta::assert_snapshot;
use serde_json::Value;
use support::tui::{Opts, Tui};

const W: u16 = 130;
const H: u16 = 32;

fn ids(t: &Tui) -> Vec<String> {
    match t.app().view() {
        Some(View::List(l)) => l
            .items()
            .iter()
            .map(|w| w["WorkflowId"].as_str().unwrap_or_default().to_string())
            .collect(),
        other => panic!("no list in view: {other:?}"),
    }
}

/// The Workflows tab, in the first domain, workflows loaded.
async fn workflows(t: &mut Tui) {
    t.keys("6");
    t.settle().await;
    t.keys("<enter>");
    t.settle().await;
}

fn first_item(t: &Tui) -> Value {
    match t.app().view() {
        Some(View::List(l)) => l.selected_item().unwrap(),
        other => panic!("no list in view: {other:?}"),
    }
}

#[tokio::test]
async fn x_deletes_a_workflow_after_a_question_and_journals_it() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    workflows(&mut t).await;
    let before = ids(&t);
    let wf = first_item(&t);
    let id = wf["WorkflowId"].as_str().unwrap().to_string();
    t.keys("X");
    assert!(t.screen().contains("DELETE /domains/"), "{}", t.screen());
    assert!(
        t.screen().contains("and its AppFlow flow"),
        "{}",
        t.screen()
    );
    assert_snapshot!("aws_workflow_delete_question", t.screen());
    t.keys("y");
    t.wait_for("submitted").await;
    t.settle().await;
    assert!(t.toasts().contains(": done"), "{}", t.toasts());
    let after = ids(&t);
    assert_eq!(after.len() + 1, before.len(), "{after:?}");
    assert!(!after.contains(&id));
    assert!(
        t.journal()
            .iter()
            .any(|(r, i)| r == "aws-workflows" && *i == id),
        "{:?}",
        t.journal()
    );
}

#[tokio::test]
async fn marked_workflows_are_deleted_by_the_bulk_job() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    workflows(&mut t).await;
    let before = ids(&t);
    assert!(before.len() >= 2);
    t.keys("<space><space>X");
    assert!(t.screen().contains("2 workflows"), "{}", t.screen());
    assert!(
        t.screen().contains("workflows/{id}, one each"),
        "{}",
        t.screen()
    );
    assert!(
        t.screen().contains("its integration and its AppFlow flow"),
        "{}",
        t.screen()
    );
    t.keys("y");
    t.wait_for("bulk finished").await;
    t.settle().await;
    assert!(t.screen().contains("2 done"), "{}", t.screen());
    let entries: Vec<String> = t
        .journal()
        .into_iter()
        .filter(|(r, _)| r == "aws-workflows")
        .map(|(_, i)| i)
        .collect();
    assert_eq!(entries.len(), 2, "{entries:?}");
    for id in &before[..2] {
        assert!(entries.contains(id), "{id}: {entries:?}");
    }
}

#[tokio::test]
async fn read_only_refuses_a_workflow_delete_before_asking() {
    let opts = Opts {
        read_only: true,
        ..Opts::default()
    };
    let mut t = Tui::start_opts(EmulatorConfig::for_tests(), W, H, opts).await;
    t.settle().await;
    workflows(&mut t).await;
    t.keys("X");
    assert!(t.app().overlay.is_none());
    assert!(t.toasts().contains("refused"), "{}", t.toasts());
}
