//! The AWS tabs driven with keys against the test emulator (fixed clock, seeded data):
//! domains → workflows → steps, a workflow with failed steps, AppFlow flows and their
//! executions, the graph, the create form (an error marked at its line, then a valid
//! request sent once and the new workflow's steps progressing), StartFlow, and
//! read-only refusals.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::view::View;
use flowscope::emulator::EmulatorConfig;
use insta::assert_snapshot;
use serde_json::Value;
use support::tui::{Opts, Tui};

const W: u16 = 130;
const H: u16 = 32;

/// The items of the list in view.
pub(crate) fn items(t: &Tui) -> Vec<Value> {
    match t.app().view() {
        Some(View::List(l)) => l.items(),
        other => panic!("no list in view: {other:?}"),
    }
}

pub(crate) fn field(v: &Value, ptr: &str) -> String {
    v.pointer(ptr)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The Workflows tab, in the first domain, workflows loaded.
async fn workflows(t: &mut Tui) -> String {
    t.keys("6");
    t.settle().await;
    let domain = field(&items(t)[0], "/DomainName");
    t.keys("<enter>");
    t.settle().await;
    domain
}

#[tokio::test]
async fn workflows_of_a_domain_and_a_workflow_with_failed_steps() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    workflows(&mut t).await;
    let all = items(&t);
    assert!(!all.is_empty());
    assert_snapshot!("aws_workflow_list", t.screen());

    let failed = all
        .iter()
        .find(|w| field(w, "/Status") == "FAILED")
        .expect("the demo has a failed workflow");
    t.select_named(&field(failed, "/WorkflowId"));
    t.keys("<enter>");
    t.settle().await;
    let steps = items(&t);
    assert!(
        steps
            .iter()
            .any(|s| field(s, "/AppflowIntegration/Status") == "FAILED"),
        "{steps:?}"
    );
    assert_snapshot!("aws_workflow_failed_steps", t.screen());
}

#[tokio::test]
async fn the_workflow_filter_reaches_the_service() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    workflows(&mut t).await;
    t.keys("f");
    t.keys(&format!("{}status=complete<enter>", "<bs>".repeat(40)));
    t.settle().await;
    let shown = items(&t);
    assert!(!shown.is_empty());
    assert!(
        shown.iter().all(|w| field(w, "/Status") == "COMPLETE"),
        "{shown:?}"
    );
    // A bad filter is said before anything is sent, and the rows stay.
    t.keys("f");
    t.keys(&format!("{}status=done<enter>", "<bs>".repeat(40)));
    t.settle().await;
    assert!(
        t.screen().contains("not a workflow status"),
        "{}",
        t.screen()
    );
}

#[tokio::test]
async fn the_aws_graph_of_a_flow() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    t.keys("7");
    t.settle().await;
    let flows = items(&t);
    let scheduled = flows
        .iter()
        .find(|f| field(f, "/triggerType") == "Scheduled")
        .expect("a scheduled flow");
    t.select_named(&field(scheduled, "/flowName"));
    t.keys("g");
    t.settle().await;
    let screen = t.screen();
    assert!(screen.contains("connector profile"), "{screen}");
    assert!(screen.contains("object type"), "{screen}");
    assert_snapshot!("aws_graph", screen);
}

#[tokio::test]
async fn executions_of_a_flow_and_start_asks_then_sends_once() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    t.keys("7");
    t.settle().await;
    let flows = items(&t);
    let on_demand = field(
        flows
            .iter()
            .find(|f| field(f, "/triggerType") == "OnDemand" && field(f, "/flowStatus") == "Active")
            .expect("an active OnDemand flow"),
        "/flowName",
    );
    t.select_named(&on_demand);
    t.keys("<enter>");
    t.settle().await;
    let before = items(&t).len();
    t.keys("t");
    assert!(t.screen().contains("POST /start-flow"));
    t.keys("y");
    t.wait_for("submitted").await;
    t.settle().await;
    assert_eq!(
        t.emu.aws_executions_started(&on_demand),
        1,
        "{:?}",
        t.app().toasts
    );
    assert_eq!(items(&t).len(), before + 1, "the new execution is listed");
}

#[tokio::test]
async fn read_only_refuses_aws_changes() {
    let mut t = Tui::start_opts(
        EmulatorConfig::for_tests(),
        W,
        H,
        Opts {
            read_only: true,
            ..Default::default()
        },
    )
    .await;
    t.settle().await;
    t.keys("7");
    t.settle().await;
    t.keys("ty");
    assert!(t.screen().contains("refused"), "{}", t.screen());
    let writes: u64 = t
        .emu
        .counters()
        .iter()
        .filter(|(k, _)| k.starts_with("POST /start-flow") || k.starts_with("POST /stop-flow"))
        .map(|(_, n)| *n)
        .sum();
    assert_eq!(writes, 0);
}

#[tokio::test]
async fn create_form_marks_an_error_then_a_valid_workflow_is_created_and_progresses() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    // With the connector profiles loaded, the template names a real one.
    t.keys("8");
    t.settle().await;
    let domain = workflows(&mut t).await;
    t.keys("n");
    assert!(t.screen().contains("new workflow from"));
    t.keys("<enter>");
    assert!(matches!(t.app().view(), Some(View::Editor(_))));
    // A space in FlowName: marked at its line before anything is sent.
    let View::Editor(e) = t.app().view().unwrap() else {
        unreachable!()
    };
    let good = e.value();
    let name_line = good
        .lines()
        .find(|l| l.contains("\"FlowName\""))
        .expect("the template names the flow")
        .to_string();
    let bad = good.replacen(&name_line, &name_line.replacen("\": \"", "\": \"my ", 1), 1);
    t.keys("<a-a>");
    t.keys(&bad);
    t.settle().await;
    let screen = t.screen();
    assert!(screen.contains("FlowName"), "{screen}");
    assert_snapshot!("aws_create_form_error", screen);
    // Put it back and send.
    t.keys("<a-a>");
    t.keys(&good);
    t.keys("<c-s>");
    assert!(
        t.screen().contains("/workflows/integrations"),
        "{}",
        t.screen()
    );
    t.keys("y");
    t.wait_for("submitted").await;
    t.settle().await;
    assert_eq!(t.emu.aws_workflows_created(), 1, "{}", t.screen());
    let notice = match t.app().view() {
        Some(View::Editor(e)) => e
            .notice
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default(),
        _ => panic!("the form stays open for another"),
    };
    let id = notice
        .split("WorkflowId ")
        .nth(1)
        .and_then(|rest| rest.split([' ', ')', ',']).next())
        .unwrap_or_else(|| panic!("the notice names the new workflow: {notice}"))
        .to_string();
    assert_eq!(id.len(), 32, "{notice}");

    // It is listed in its domain, and its steps progress as the emulator's clock runs.
    t.keys("<esc>r");
    t.settle().await;
    if !matches!(t.app().view().map(View::crumb), Some(c) if c.contains(&domain)) {
        t.keys("6");
        t.settle().await;
        t.select_named(&domain);
        t.keys("<enter>");
        t.settle().await;
    }
    let status = |t: &Tui| {
        items(t)
            .iter()
            .find(|w| field(w, "/WorkflowId") == id)
            .map(|w| field(w, "/Status"))
    };
    let first = status(&t).expect("the new workflow is listed");
    assert_ne!(first, "COMPLETE", "a new workflow has work to do");
    t.emu.clock.advance(86_400_000);
    t.keys("r");
    t.settle().await;
    assert_eq!(status(&t).as_deref(), Some("COMPLETE"));
    t.select_named(&id);
    t.keys("<enter>");
    t.settle().await;
    let steps = items(&t);
    assert!(!steps.is_empty());
    assert!(
        steps
            .iter()
            .all(|s| field(s, "/AppflowIntegration/Status") == "COMPLETE"),
        "{steps:?}"
    );
}
