//! Pure update tests of runs: actions and messages in, state and effects out. A trigger
//! needs the form and a `y` and sends one `POST /runs`; read-only sends nothing; a
//! watched run is polled with backoff only while a runs pane is in view; a refused
//! disable puts the state back; the filters become `property` queries.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::api::FlowAction;
use flowscope::app::effect::{Effect, Msg};
use flowscope::app::overlay::Overlay;
use flowscope::app::receive::receive;
use flowscope::app::shared::action::Action;
use flowscope::app::shared::effect::{Change, Outcome, Request};
use flowscope::app::shared::pane::ErrorInfo;
use flowscope::app::state::App;
use flowscope::app::update::update;
use flowscope::emulator::TEST_EPOCH_MS;
use serde_json::{Value, json};
use support::tui::{app_with_flows, parse_keys, submits};

fn flow(state: &str) -> Value {
    json!({"id": "f1", "name": "Orders", "state": state,
           "scheduleParams": {"frequency": "once"}})
}

fn keys(app: &mut App, script: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for k in parse_keys(script) {
        if let Some(a) = flowscope::app::route::route_key(app, &flowscope::tui::input::key(&k)) {
            fx.extend(update(app, a));
        }
    }
    fx
}

fn polls(fx: &[Effect]) -> usize {
    fx.iter()
        .filter(|e| matches!(e, Effect::Poll { .. }))
        .count()
}

fn tick(app: &mut App, at: i64) -> Vec<Effect> {
    receive(app, Msg::Tick { now_ms: at })
}

fn run(status: &str) -> Value {
    json!({"id": "r1", "flowId": "f1", "metrics": {"statusSummary": {"status": status}}})
}

/// Triggers a run of the one flow and answers the POST with a scheduled run.
fn triggered() -> App {
    let mut app = app_with_flows(vec![flow("enabled")]);
    let fx = keys(&mut app, "t<enter>y");
    let sent = submits(&fx);
    assert_eq!(sent.len(), 1);
    receive(
        &mut app,
        Msg::Submitted {
            slot: sent[0].0,
            outcome: Outcome::Sent {
                object: Some(run("scheduled")),
                etag: None,
                journal: Ok(()),
            },
        },
    );
    app
}

#[test]
fn a_trigger_is_a_form_a_question_and_one_post() {
    let mut app = app_with_flows(vec![flow("enabled")]);
    assert!(keys(&mut app, "t").is_empty());
    assert!(matches!(app.overlay, Some(Overlay::Trigger(_))));
    // A field is edited as text; Enter reviews; nothing is sent before `y`.
    let fx = keys(&mut app, "<tab><tab><tab>updated_at<enter>");
    assert!(submits(&fx).is_empty());
    assert!(matches!(app.overlay, Some(Overlay::Ask(_))));
    // `n` goes back to the form as it was.
    keys(&mut app, "n");
    let Some(Overlay::Trigger(form)) = &app.overlay else {
        panic!("back to the form")
    };
    assert_eq!(form.value(3), "updated_at");
    let fx = keys(&mut app, "<enter>y");
    let sent = submits(&fx);
    assert_eq!(sent.len(), 1);
    let Change::CreateRun { flow_id, body } = &sent[0].1 else {
        panic!("{:?}", sent[0].1)
    };
    assert_eq!(flow_id, "f1");
    assert_eq!(body["params"]["deltaColumn"]["name"], "updated_at");
    assert_eq!(
        body["params"]["windowEndTime"],
        (TEST_EPOCH_MS / 1000).to_string()
    );
    // The runs of the flow are in front, the run at the top while it is sent.
    let l = app.list().unwrap();
    assert_eq!(l.row(l.visible[0]).unwrap().cell(0), "sending");
    // A second Enter never answers the question: only `y` sends.
    let mut app = app_with_flows(vec![flow("enabled")]);
    let fx = keys(&mut app, "t<enter><enter><enter>");
    assert!(submits(&fx).is_empty());
    assert!(matches!(app.overlay, Some(Overlay::Ask(_))));
}

#[test]
fn read_only_sends_nothing() {
    let mut app = app_with_flows(vec![flow("enabled")]);
    app.read_only = true;
    for key in ["t", "D"] {
        let fx = keys(&mut app, key);
        assert!(fx.is_empty() && app.overlay.is_none(), "{key}");
        assert!(app.toasts.last().unwrap().text.contains("read-only"));
    }
}

#[test]
fn a_watched_run_is_polled_with_backoff_while_in_view_until_it_ends() {
    let mut app = triggered();
    assert_eq!(app.runs.watches.len(), 1);
    assert_eq!(polls(&tick(&mut app, TEST_EPOCH_MS + 500)), 0, "not due");
    assert_eq!(polls(&tick(&mut app, TEST_EPOCH_MS + 1_000)), 1);
    assert_eq!(
        polls(&tick(&mut app, TEST_EPOCH_MS + 1_100)),
        0,
        "one at a time"
    );
    receive(
        &mut app,
        Msg::Polled {
            run_id: "r1".into(),
            result: Ok(run("inProgress")),
        },
    );
    // Backoff doubles: the next read is 2 s after the tick that saw it (1.1 s), not 1 s.
    assert_eq!(polls(&tick(&mut app, TEST_EPOCH_MS + 2_500)), 0);
    assert_eq!(polls(&tick(&mut app, TEST_EPOCH_MS + 3_100)), 1);
    receive(
        &mut app,
        Msg::Polled {
            run_id: "r1".into(),
            result: Ok(run("inProgress")),
        },
    );
    // Then 4 s.
    assert_eq!(polls(&tick(&mut app, TEST_EPOCH_MS + 6_500)), 0);
    // Hidden (another tab): nothing, even when due.
    update(
        &mut app,
        Action::GoTab(flowscope::app::shared::nav::Tab::Specs),
    );
    assert_eq!(polls(&tick(&mut app, TEST_EPOCH_MS + 12_000)), 0);
    update(
        &mut app,
        Action::GoTab(flowscope::app::shared::nav::Tab::Flows),
    );
    assert_eq!(polls(&tick(&mut app, TEST_EPOCH_MS + 12_000)), 1);
    app.runs.bell = true;
    let fx = receive(
        &mut app,
        Msg::Polled {
            run_id: "r1".into(),
            result: Ok(run("failed")),
        },
    );
    assert!(fx.contains(&Effect::Bell));
    assert!(app.runs.watches.is_empty());
    let toast = &app.toasts.last().unwrap();
    assert!(
        toast.error && toast.text.contains("ended: failed"),
        "{toast:?}"
    );
}

#[test]
fn a_refused_disable_puts_the_state_back() {
    let mut app = app_with_flows(vec![flow("enabled")]);
    let fx = keys(&mut app, "Dy");
    let sent = submits(&fx);
    assert_eq!(
        sent[0].1,
        Change::FlowAction {
            id: "f1".into(),
            action: FlowAction::Disable
        }
    );
    let state = |app: &App| app.list().unwrap().items()[0]["state"].clone();
    assert_eq!(state(&app), "disabled", "shown at once");
    receive(
        &mut app,
        Msg::Submitted {
            slot: sent[0].0,
            outcome: Outcome::Failed {
                error: ErrorInfo {
                    status: Some(400),
                    code: Some("FLOW-1422-400".into()),
                    message: "FLOW-1422-400: illegal transition".into(),
                    retry: false,
                },
                unsure: false,
                journal: Ok(()),
            },
        },
    );
    assert_eq!(state(&app), "enabled");
    assert!(app.toasts.last().unwrap().text.contains("FLOW-1422-400"));
}

#[test]
fn runs_filters_are_sent_as_property_filters() {
    let mut app = app_with_flows(vec![flow("enabled")]);
    update(
        &mut app,
        Action::GoTab(flowscope::app::shared::nav::Tab::Runs),
    );
    update(&mut app, Action::StatusFilter);
    let fx = update(&mut app, Action::WindowFilter);
    let props = fx
        .iter()
        .find_map(|e| match e {
            Effect::Fetch {
                request: Request::List { property, .. },
                ..
            } => Some(property.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        props,
        [
            "metrics.statusSummary.status==failed".to_string(),
            format!(
                "metrics.durationSummary.startedAtUTC>={}",
                TEST_EPOCH_MS - 86_400_000
            )
        ]
    );
}
