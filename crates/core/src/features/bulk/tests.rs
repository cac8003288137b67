//! The bulk feature's pure tests: marks driven by keys, the question built from marked
//! rows (what is sent, what is skipped and why), the job it starts, and how its ends
//! come back (the summary, the marks kept for what needs another try).

use serde_json::{Value, json};

use super::{BulkEnd, BulkMsg};
use crate::effect::{Effect, Msg};
use crate::overlay::Overlay;
use crate::shared::action::Action;
use crate::shared::effect::{BulkStep, Change};
use crate::shared::nav::{ListKind, Scope, Tab};
use crate::shared::pane::ErrorInfo;
use crate::state::App;
use crate::update::update;
use crate::view::View;

fn app_on(tab: Tab, items: Vec<Value>) -> App {
    let mut app = crate::testing::app(1_000);
    app.tab = tab;
    app.names.flows.insert("f-1".into(), "Orders".into());
    app.front_list(|l, names, fuzzy| {
        l.push_page(items, names, fuzzy);
        l.finish(1_000, names, fuzzy);
    });
    app
}

fn run(id: &str, status: &str) -> Value {
    json!({"id": id, "flowId": "f-1", "metrics": {"statusSummary": {"status": status}}})
}

fn flow(id: &str, state: &str, frequency: &str) -> Value {
    json!({"id": id, "name": format!("flow {id}"), "state": state,
           "scheduleParams": {"frequency": frequency}})
}

/// The question's text, one line each.
fn question(app: &App) -> Vec<String> {
    match &app.overlay {
        Some(Overlay::Ask(a)) => a.lines.iter().map(|(_, l)| l.clone()).collect(),
        other => panic!("no question: {other:?}"),
    }
}

fn toasts(app: &App) -> String {
    app.toasts
        .iter()
        .map(|t| t.text.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

fn mark(app: &mut App, rows: usize) {
    for _ in 0..rows {
        update(app, Action::ToggleMark);
    }
}

#[test]
fn esc_clears_the_marks_first_then_goes_back() {
    let mut app = app_on(Tab::Runs, vec![run("r1", "failed"), run("r2", "failed")]);
    crate::nav::push_list(
        &mut app,
        ListKind::Runs,
        Scope::OfFlow {
            id: "f-1".into(),
            name: "Orders".into(),
        },
    );
    app.front_list(|l, names, fuzzy| {
        l.push_page(vec![run("r1", "failed")], names, fuzzy);
        l.finish(1, names, fuzzy);
    });
    update(&mut app, Action::MarkAll);
    assert_eq!(app.list().unwrap().marked(), 1);
    assert!(toasts(&app).contains("1 marked"), "{}", toasts(&app));
    update(&mut app, Action::ClearMarks);
    assert_eq!(app.list().unwrap().marked(), 0);
    assert_eq!(app.stack().len(), 2, "the first esc only clears");
    update(&mut app, Action::ClearMarks);
    assert_eq!(app.stack().len(), 1, "the second goes back");
}

#[test]
fn a_retry_of_marked_runs_asks_once_naming_what_is_skipped() {
    let mut app = app_on(
        Tab::Runs,
        vec![
            run("r-a", "failed"),
            run("r-b", "success"),
            run("r-c", "failed"),
            run("r-d", "inProgress"),
        ],
    );
    mark(&mut app, 4);
    assert_eq!(app.list().unwrap().marked(), 4);
    let fx = update(&mut app, Action::TriggerRun);
    assert!(fx.is_empty(), "nothing is sent before the answer");
    let q = question(&app);
    assert_eq!(q[0], "Retry 2 failed runs? 2 skipped (not failed)");
    assert!(q.iter().any(|l| l.contains("op=RE_TRIGGER")), "{q:#?}");
    assert!(q.iter().any(|l| l.trim() == "run r-a of Orders"), "{q:#?}");
    assert!(
        q.iter()
            .any(|l| l.trim() == "run r-b of Orders — not failed: success"),
        "{q:#?}"
    );
    let fx = update(&mut app, Action::Confirm);
    let [Effect::Bulk { job, steps, .. }] = fx.as_slice() else {
        panic!("one bulk job: {fx:?}");
    };
    assert_eq!(
        steps,
        &[
            BulkStep::Send(Change::RetryRun { id: "r-a".into() }),
            BulkStep::Skip("not failed: success".into()),
            BulkStep::Send(Change::RetryRun { id: "r-c".into() }),
            BulkStep::Skip("not failed: inProgress".into()),
        ]
    );
    assert_eq!(
        app.bulk.progress().unwrap(),
        "retrying 2 runs: 0/2 · 0 done"
    );
    let job = *job;
    // The ends come back: one done, one refused with the service's code.
    let refused = ErrorInfo {
        status: Some(400),
        code: Some("FLOW-1422-400".into()),
        message: "FLOW-1422-400: run r-c is success".into(),
        retry: false,
    };
    let ends = [
        (1, BulkEnd::Skipped("not failed: success".into())),
        (3, BulkEnd::Skipped("not failed: inProgress".into())),
        (0, BulkEnd::Done(Some(run("r-a", "inProgress")))),
        (2, BulkEnd::Refused(refused)),
    ];
    for (index, end) in ends {
        crate::receive::receive(
            &mut app,
            Msg::Bulk(BulkMsg::Ended {
                job,
                index,
                end,
                journal: None,
            }),
        );
    }
    assert_eq!(
        app.bulk.progress().unwrap(),
        "retrying 2 runs: 2/2 · 1 done · 1 refused"
    );
    assert_eq!(app.runs.watches.len(), 1, "the retried run is watched");
    crate::receive::receive(
        &mut app,
        Msg::Bulk(BulkMsg::Finished {
            job,
            counts: "1 done, 1 refused, 0 unsure, 2 skipped".into(),
        }),
    );
    assert!(app.bulk.progress().is_none());
    // The summary is in view, one row per object.
    let l = app.list().unwrap();
    assert_eq!(l.kind, ListKind::BulkEnds);
    let ends: Vec<(String, String)> = l
        .rows()
        .map(|r| (r.cell(0).to_string(), r.cell(2).to_string()))
        .collect();
    assert_eq!(ends[0], ("done".into(), "now inProgress".into()));
    assert_eq!(ends[1], ("skipped".into(), "not failed: success".into()));
    assert_eq!(ends[2].0, "refused");
    assert!(ends[2].1.contains("FLOW-1422-400"));
    // Back at the runs: only the refused one is still marked.
    update(&mut app, Action::ClearMarks);
    let l = app.list().unwrap();
    assert_eq!(l.kind, ListKind::Runs);
    assert_eq!(
        l.marked_rows().iter().map(|r| r.id()).collect::<Vec<_>>(),
        ["r-c"]
    );
}

#[test]
fn many_marked_runs_are_named_up_to_a_few() {
    let runs: Vec<Value> = (0..10).map(|i| run(&format!("r{i}"), "failed")).collect();
    let mut app = app_on(Tab::Runs, runs);
    update(&mut app, Action::MarkAll);
    update(&mut app, Action::TriggerRun);
    let q = question(&app);
    assert_eq!(q[0], "Retry 10 failed runs?");
    assert!(q.iter().any(|l| l.trim() == "… and 4 more"), "{q:#?}");
}

#[test]
fn only_skipped_runs_send_nothing_and_say_why() {
    let mut app = app_on(Tab::Runs, vec![run("r1", "success")]);
    mark(&mut app, 1);
    let fx = update(&mut app, Action::TriggerRun);
    assert!(fx.is_empty() && app.overlay.is_none());
    assert!(
        toasts(&app).contains("nothing to retry"),
        "{}",
        toasts(&app)
    );
}

#[test]
fn read_only_refuses_before_asking() {
    let mut app = app_on(Tab::Runs, vec![run("r1", "failed")]);
    app.read_only = true;
    mark(&mut app, 1);
    assert!(update(&mut app, Action::TriggerRun).is_empty());
    assert!(app.overlay.is_none());
    assert!(toasts(&app).contains("read-only"), "{}", toasts(&app));
}

#[test]
fn flows_are_brought_to_one_state_and_mixed_ones_asked_which() {
    let mut app = app_on(
        Tab::Flows,
        vec![
            flow("a", "enabled", "once"),
            flow("b", "disabled", "hour"),
            flow("c", "enabled", "day"),
        ],
    );
    mark(&mut app, 1);
    update(&mut app, Action::ToggleFlow);
    assert_eq!(question(&app)[0], "Disable 1 flow?");
    update(&mut app, Action::Cancel);
    mark(&mut app, 2);
    update(&mut app, Action::ToggleFlow);
    assert!(
        matches!(&app.overlay, Some(Overlay::Input(_))),
        "both states: which one?"
    );
    let fx = crate::reply::typed(&mut app, "enable");
    assert!(fx.is_empty());
    assert_eq!(
        question(&app)[0],
        "Enable 1 flow? 2 skipped (already enabled)"
    );
    // A trigger skips what POST /runs would refuse.
    update(&mut app, Action::Cancel);
    update(&mut app, Action::TriggerRun);
    let q = question(&app);
    assert_eq!(
        q[0],
        "Trigger 1 flow? 2 skipped (not enabled, not scheduled once)"
    );
    assert!(
        q.iter()
            .any(|l| l.contains("flow c — not scheduled once: day")),
        "{q:#?}"
    );
    // Delete is one plain DELETE each.
    update(&mut app, Action::Cancel);
    update(&mut app, Action::Remove);
    let q = question(&app);
    assert_eq!(q[0], "Delete 3 flows?");
    assert!(q.iter().any(|l| l.contains("no cascade")), "{q:#?}");
}

#[test]
fn keys_that_mean_nothing_for_marked_rows_say_so() {
    let mut app = app_on(Tab::Specs, vec![json!({"id": "s1", "name": "S3"})]);
    mark(&mut app, 1);
    update(&mut app, Action::Remove);
    assert!(app.overlay.is_none());
    assert!(toasts(&app).contains("does nothing to marked specs"));
    assert!(matches!(app.view(), Some(View::List(_))));
}
