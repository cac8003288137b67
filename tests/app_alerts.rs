//! Pure update tests of the sandbox watch: `:watch` turns it on and off (remembered),
//! polls come due on the app's clock and never two at once, each failure is told once
//! with a toast and a row (a later failure of the same run replaces its row), trouble
//! shows or stops the watch, the watch pauses in the background and catches up on focus,
//! and `t` in the failures list asks before it retries (never under --read-only).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::effect::{Effect, Msg};
use flowscope::app::features::alerts::{AlertsEffect, AlertsMsg, BACKGROUND_MS, Trouble};
use flowscope::app::overlay::Overlay;
use flowscope::app::receive::receive;
use flowscope::app::shared::action::Action;
use flowscope::app::shared::command::Command;
use flowscope::app::shared::effect::{Change, Outcome};
use flowscope::app::shared::nav::ListKind;
use flowscope::app::shared::pane::ErrorInfo;
use flowscope::app::state::App;
use flowscope::app::update::update;
use flowscope::emulator::TEST_EPOCH_MS;
use serde_json::{Value, json};
use support::tui::{app_with_flows, keys, submits};

fn alerts(fx: &[Effect]) -> Vec<AlertsEffect> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Alerts(a) => Some(a.clone()),
            _ => None,
        })
        .collect()
}

fn polls(fx: &[Effect]) -> usize {
    alerts(fx)
        .iter()
        .filter(|e| matches!(e, AlertsEffect::Poll { .. }))
        .count()
}

fn tick(app: &mut App, at: i64) -> Vec<Effect> {
    receive(app, Msg::Tick { now_ms: at })
}

fn run(id: &str, status: &str, code: &str) -> Value {
    json!({"id": id, "flowId": "f1", "metrics": {
        "durationSummary": {"startedAtUTC": TEST_EPOCH_MS + 1_000, "completedAtUTC": TEST_EPOCH_MS + 61_000},
        "statusSummary": {"status": status, "errors": [{"code": code, "message": "it broke"}]}}})
}

fn answer(app: &mut App, runs: Vec<Value>, wait_ms: i64, trouble: Option<Trouble>) -> Vec<Effect> {
    let generation = app.alerts.generation;
    receive(
        app,
        Msg::Alerts(AlertsMsg::Polled {
            generation,
            runs,
            wait_ms,
            trouble,
        }),
    )
}

fn toasts(app: &App) -> String {
    app.toasts
        .iter()
        .map(|t| t.text.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

fn watching() -> App {
    let mut app = app_with_flows(vec![json!({"id": "f1", "name": "Orders"})]);
    update(&mut app, Action::Command(Command::Watch));
    app
}

#[test]
fn watch_toggles_from_now_and_is_remembered_for_the_profile() {
    let mut app = app_with_flows(Vec::new());
    assert!(app.alerts.status().is_none(), "off by default");
    let fx = update(&mut app, Action::Command(Command::Watch));
    let a = alerts(&fx);
    assert_eq!(
        a,
        [
            AlertsEffect::Start {
                generation: 1,
                since_ms: TEST_EPOCH_MS
            },
            AlertsEffect::Poll { generation: 1 },
            AlertsEffect::Remember {
                profile: None,
                on: true
            },
        ]
    );
    assert_eq!(app.alerts.status().as_deref(), Some("watch: on"));
    assert!(
        toasts(&app).contains("watching sandbox prod"),
        "{}",
        toasts(&app)
    );
    let fx = update(&mut app, Action::Command(Command::Watch));
    assert_eq!(
        alerts(&fx),
        [
            AlertsEffect::Stop,
            AlertsEffect::Remember {
                profile: None,
                on: false
            }
        ]
    );
    assert!(app.alerts.status().is_none());
}

#[test]
fn the_setting_recalled_at_start_turns_the_watch_on_without_writing_it_again() {
    let mut app = app_with_flows(Vec::new());
    let other = receive(
        &mut app,
        Msg::Alerts(AlertsMsg::Recalled {
            profile: Some("work".into()),
            on: true,
        }),
    );
    assert!(other.is_empty() && !app.alerts.on, "another profile's");
    let fx = receive(
        &mut app,
        Msg::Alerts(AlertsMsg::Recalled {
            profile: None,
            on: true,
        }),
    );
    assert!(app.alerts.on);
    assert_eq!(polls(&fx), 1);
    assert!(
        !alerts(&fx)
            .iter()
            .any(|e| matches!(e, AlertsEffect::Remember { .. }))
    );
}

#[test]
fn polls_come_due_on_the_clock_one_at_a_time() {
    let mut app = watching();
    assert!(app.alerts.in_flight);
    let now = TEST_EPOCH_MS;
    assert_eq!(polls(&tick(&mut app, now)), 0, "one in flight");
    answer(&mut app, Vec::new(), 20_000, None);
    assert_eq!(app.alerts.due_ms, now + 20_000);
    assert_eq!(polls(&tick(&mut app, now + 19_999)), 0);
    assert_eq!(polls(&tick(&mut app, now + 20_000)), 1);
    // An answer of an earlier start is dropped.
    let stale = receive(
        &mut app,
        Msg::Alerts(AlertsMsg::Polled {
            generation: 0,
            runs: vec![run("r9", "failed", "X")],
            wait_ms: 0,
            trouble: None,
        }),
    );
    assert!(stale.is_empty() && app.alerts.failures.is_empty());
}

#[test]
fn each_failure_is_told_once_and_listed_newest_first() {
    let mut app = watching();
    answer(
        &mut app,
        vec![
            run("r1", "failed", "CONNECTOR-2001-500"),
            run("r2", "partialSuccess", "INGEST-1211-400"),
        ],
        10_000,
        None,
    );
    let said = toasts(&app);
    assert!(
        said.contains("run failed: Orders · r1 · CONNECTOR-2001-500"),
        "{said}"
    );
    assert!(
        said.contains("run partially succeeded: Orders · r2 · INGEST-1211-400"),
        "{said}"
    );
    assert_eq!(
        app.alerts.status().as_deref(),
        Some("watch: 1 failed, 1 partial")
    );
    let ids: Vec<&str> = app
        .alerts
        .failures
        .iter()
        .map(|f| f.run_id.as_str())
        .collect();
    assert_eq!(ids, ["r2", "r1"]);
    // The list shows them, newest first.
    keys(&mut app, "!");
    let l = app.list().unwrap();
    assert_eq!(l.kind, ListKind::Failures);
    assert_eq!(l.row(l.visible[0]).unwrap().id(), "r2");
    assert_eq!(l.row(l.visible[1]).unwrap().cell(4), "CONNECTOR-2001-500");
    // r1 fails again (retried by someone): one row, at the top; the list in view follows.
    answer(
        &mut app,
        vec![run("r1", "failed", "CONNECTOR-1001-500")],
        10_000,
        None,
    );
    assert_eq!(app.alerts.failures.len(), 2);
    let l = app.list().unwrap();
    assert_eq!(l.len(), 2);
    assert_eq!(l.row(l.visible[0]).unwrap().id(), "r1");
    assert_eq!(l.row(l.visible[0]).unwrap().cell(4), "CONNECTOR-1001-500");
    assert_eq!(app.alerts.failed, 2, "both attempts counted");
}

#[test]
fn many_failures_at_once_make_one_toast() {
    let mut app = watching();
    let runs = (0..5)
        .map(|i| run(&format!("r{i}"), "failed", "C-1"))
        .collect();
    answer(&mut app, runs, 10_000, None);
    assert_eq!(app.toasts.len(), 2, "the watch's own toast and one summary");
    assert!(toasts(&app).contains("5 runs failed or partially succeeded"));
}

#[test]
fn trouble_is_shown_and_an_error_waiting_cannot_cure_stops_the_watch() {
    let mut app = watching();
    let throttled = ErrorInfo {
        status: Some(429),
        code: None,
        message: "HTTP 429: slow down".into(),
        retry: true,
    };
    answer(
        &mut app,
        Vec::new(),
        90_000,
        Some(Trouble {
            error: throttled,
            fatal: false,
        }),
    );
    assert_eq!(
        app.alerts.status().as_deref(),
        Some("watch: on (retrying: HTTP 429)")
    );
    assert_eq!(app.alerts.due_ms, TEST_EPOCH_MS + 90_000);
    tick(&mut app, TEST_EPOCH_MS + 90_000);
    let forbidden = ErrorInfo {
        status: Some(403),
        code: Some("FLOW-2120-403".into()),
        message: "FLOW-2120-403: Forbidden (403)".into(),
        retry: false,
    };
    let fx = answer(
        &mut app,
        Vec::new(),
        60_000,
        Some(Trouble {
            error: forbidden,
            fatal: true,
        }),
    );
    assert!(!app.alerts.on);
    assert_eq!(
        alerts(&fx),
        [AlertsEffect::Stop],
        "the setting is left as it was"
    );
    assert!(toasts(&app).contains("watch stopped: FLOW-2120-403"));
}

#[test]
fn the_watch_stops_in_the_background_and_catches_up_on_focus() {
    let mut app = watching();
    answer(&mut app, Vec::new(), 10_000, None);
    let t0 = TEST_EPOCH_MS;
    update(&mut app, Action::Focus(false));
    // Still polled for a while in the background.
    assert_eq!(polls(&tick(&mut app, t0 + 10_000)), 1);
    answer(&mut app, Vec::new(), 10_000, None);
    // Then, five minutes on, no more.
    let late = t0 + BACKGROUND_MS + 1;
    assert_eq!(polls(&tick(&mut app, late)), 0);
    assert!(app.alerts.paused);
    assert!(app.alerts.status().unwrap().contains("paused"));
    assert_eq!(
        polls(&tick(&mut app, late + 3_600_000)),
        0,
        "an hour: still none"
    );
    // Focus again: one poll at once, from where it stopped.
    let fx = update(&mut app, Action::Focus(true));
    assert_eq!(alerts(&fx), [AlertsEffect::Poll { generation: 1 }]);
    assert!(!app.alerts.paused);
}

#[test]
fn focus_reaches_the_watch_under_a_question_too() {
    let mut app = watching();
    answer(&mut app, Vec::new(), 10_000, None);
    keys(&mut app, ":");
    assert!(matches!(app.overlay, Some(Overlay::Input(_))));
    update(&mut app, Action::Focus(false));
    assert!(app.alerts.unfocused_since.is_some());
}

fn on_failures(statuses: &[(&str, &str)]) -> App {
    let mut app = watching();
    let runs = statuses
        .iter()
        .map(|(id, st)| run(id, st, "CONNECTOR-2001-500"))
        .collect();
    answer(&mut app, runs, 10_000, None);
    keys(&mut app, "!");
    app
}

#[test]
fn t_asks_before_a_failed_run_is_retried_and_sends_it_once() {
    let mut app = on_failures(&[("r1", "failed")]);
    assert!(keys(&mut app, "t").is_empty());
    let Some(Overlay::Ask(ask)) = &app.overlay else {
        panic!("a question first")
    };
    let text: Vec<&str> = ask.lines.iter().map(|(_, l)| l.as_str()).collect();
    assert!(
        text.iter()
            .any(|l| l.contains("/runs/r1/action?op=RE_TRIGGER")),
        "{text:?}"
    );
    let sent = submits(&keys(&mut app, "y"));
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1, Change::RetryRun { id: "r1".into() });
    // Accepted: the row says so, and the run is watched as a triggered run is.
    receive(
        &mut app,
        Msg::Submitted {
            slot: sent[0].0,
            outcome: Outcome::Sent {
                object: Some(json!({"id": "r1", "flowId": "f1",
                    "metrics": {"statusSummary": {"status": "inProgress"}}})),
                etag: None,
                journal: Ok(()),
            },
        },
    );
    let l = app.list().unwrap();
    assert_eq!(l.row(l.visible[0]).unwrap().cell(3), "failed, retried");
    assert_eq!(app.runs.watches.len(), 1);
    assert_eq!(app.runs.watches[0].run_id, "r1");
    assert!(
        toasts(&app).contains("retried: inProgress"),
        "{}",
        toasts(&app)
    );
    // A second `t` on it says it is already retried, and sends nothing.
    assert!(keys(&mut app, "t").is_empty());
    assert!(app.overlay.is_none());
}

#[test]
fn a_refused_retry_says_the_services_code() {
    let mut app = on_failures(&[("r1", "failed")]);
    let slot = submits(&keys(&mut app, "ty"))[0].0;
    receive(
        &mut app,
        Msg::Submitted {
            slot,
            outcome: Outcome::Failed {
                error: ErrorInfo::local("FLOW-1422-400: run r1 is inProgress (400)"),
                unsure: false,
                journal: Ok(()),
            },
        },
    );
    assert!(
        toasts(&app).contains("refused: FLOW-1422-400"),
        "{}",
        toasts(&app)
    );
    assert!(app.runs.watches.is_empty());
}

#[test]
fn read_only_and_a_partial_success_retry_nothing() {
    let mut app = on_failures(&[("r1", "failed")]);
    app.read_only = true;
    assert!(keys(&mut app, "t").is_empty());
    assert!(app.overlay.is_none());
    assert!(toasts(&app).contains("refused: read-only session"));

    let mut app = on_failures(&[("r2", "partialSuccess")]);
    assert!(keys(&mut app, "t").is_empty());
    assert!(app.overlay.is_none());
    assert!(toasts(&app).contains("only a failed run can be retried"));
}

#[test]
fn enter_opens_the_run_and_f_its_flow() {
    let mut app = on_failures(&[("r1", "failed")]);
    let fx = keys(&mut app, "<enter>");
    assert!(
        matches!(app.view(), Some(flowscope::app::view::View::Run(r)) if r.id == "r1"),
        "the run's pane"
    );
    assert_eq!(support::tui::fetches(&fx).len(), 1, "read as it is now");
    keys(&mut app, "<esc>F");
    let d = app.detail().expect("the flow's detail");
    assert_eq!(d.id, "f1");
}

#[test]
fn a_new_sandbox_starts_the_watch_over_there() {
    let mut app = on_failures(&[("r1", "failed")]);
    let fx = update(&mut app, Action::Command(Command::Sandbox("dev".into())));
    assert!(app.alerts.failures.is_empty());
    let a = alerts(&fx);
    assert!(
        a.iter()
            .any(|e| matches!(e, AlertsEffect::Start { generation: 2, .. })),
        "{a:?}"
    );
    assert_eq!(app.alerts.status().as_deref(), Some("watch: on"));
}

#[test]
fn a_failure_a_run_watch_follows_or_told_is_toasted_once() {
    let mut app = watching();
    // r-watched is followed by a run watch (triggered or retried here); r-told ended
    // under one and was announced already.
    flowscope::app::features::runs::watch::start(
        &mut app,
        &json!({"id": "r-watched", "flowId": "f1", "metrics": {"statusSummary": {"status": "inProgress"}}}),
        "Orders",
    );
    app.runs.announced.push_back("r-told".into());
    let before = app.toasts.len();
    answer(
        &mut app,
        vec![
            run("r-watched", "failed", "CONNECTOR-2001-500"),
            run("r-told", "failed", "CONNECTOR-2001-500"),
        ],
        5_000,
        None,
    );
    assert_eq!(app.toasts.len(), before, "{}", toasts(&app));
    // Both are still listed among the failures, and counted.
    assert_eq!(app.alerts.failures.len(), 2);
    assert_eq!(app.alerts.failed, 2);
    // A failure nobody follows is toasted.
    answer(&mut app, vec![run("r-other", "failed", "X-1")], 5_000, None);
    assert!(toasts(&app).contains("run failed"), "{}", toasts(&app));
}
