//! The sandbox watch through the whole app loop against the emulator, on its manual
//! clock: `:watch` on, runs made to fail (retried on the emulator, then its clock
//! advanced), the toast and the recent-failures list with their codes, `enter` on a
//! failure, `t` retrying it once; the polls' `property` filter on the start time and the
//! idle backoff counted from the emulator's request log over advanced time; pausing in
//! the background and catching up on focus; the setting kept for the next session.
//! Snapshots of the failures list (with rows, and empty) and of the status bar.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use crossterm::event::Event;
use flowscope::api::{Client, ClientConfig, ListQuery, collect_all};
use flowscope::app::effect::Msg;
use flowscope::app::features::alerts::AlertsMsg;
use flowscope::app::overlay::Overlay;
use flowscope::app::shared::action::Action;
use flowscope::app::shared::command::Command;
use flowscope::app::update::update;
use flowscope::app::view::View;
use flowscope::emulator::{EmulatorConfig, TEST_EPOCH_MS};
use insta::assert_snapshot;
use serde_json::{Value, json};
use support::tui::{Opts, Tui, app_with_flows, screen};

const W: u16 = 120;
const H: u16 = 24;
const FS: &str = "/data/foundation/flowservice";

fn client(t: &Tui) -> Client {
    Client::new(ClientConfig::for_emulator(&t.emu.base_url())).unwrap()
}

/// Moves both clocks by `ms` in steps of `step` (the app's ticks), each poll that comes
/// due answered before the next step.
async fn advance(t: &mut Tui, ms: i64, step: i64) {
    let mut gone = 0;
    while gone < ms {
        t.emu.clock.advance(step);
        gone += step;
        let now = t.emu.clock.now_ms();
        t.message(Msg::Tick { now_ms: now });
        if t.app().alerts.in_flight {
            t.wait_for("watch polled").await;
        }
    }
}

/// The watch's polls the emulator received: each `GET /runs` query, decoded.
fn polls(t: &Tui) -> Vec<String> {
    t.emu
        .requests()
        .into_iter()
        .filter_map(|r| {
            let q = r.strip_prefix(&format!("GET {FS}/runs?"))?.to_string();
            let decoded: Vec<String> = url::form_urlencoded::parse(q.as_bytes())
                .filter(|(k, _)| k == "property")
                .map(|(_, v)| v.into_owned())
                .collect();
            decoded
                .iter()
                .any(|p| p.starts_with("metrics.durationSummary.startedAtUTC"))
                .then(|| decoded.join("&"))
        })
        .collect()
}

/// Handles messages until one named `name` has been handled (perhaps already).
async fn seen(t: &mut Tui, name: &str) {
    if !t.seen.contains(&name) {
        t.wait_for(name).await;
    }
}

async fn watching(cfg: EmulatorConfig, opts: Opts) -> Tui {
    let mut t = Tui::start_opts(cfg, W, H, opts).await;
    t.keys("2");
    t.settle().await;
    t.keys(":watch<enter>");
    assert!(t.app().alerts.on);
    t.wait_for("watch polled").await;
    t
}

/// Retries `n` failed runs of the demo on the emulator (someone else's retries, as far
/// as the explorer knows): each starts again now and ends by a new seeded draw.
async fn retry_failed_runs(c: &Client, n: usize) -> Vec<String> {
    let failed = collect_all(
        c.list_runs(&ListQuery::new().property("metrics.statusSummary.status==failed")),
    )
    .await
    .unwrap();
    let mut ids = Vec::new();
    for r in failed.into_iter().take(n) {
        c.retry_run(&r.id).await.unwrap();
        ids.push(r.id);
    }
    ids
}

#[tokio::test]
async fn runs_that_fail_are_told_listed_opened_and_retried() {
    let mut t = watching(EmulatorConfig::for_tests(), Opts::default()).await;
    let c = client(&t);
    let retried = retry_failed_runs(&c, 12).await;
    advance(&mut t, 240_000, 5_000).await;

    // Every retried run that ended failed or partially succeeded is listed, with its
    // first error code; nothing listed is anything else.
    let mut expected = Vec::new();
    for id in &retried {
        let run = c.get_run(id).await.unwrap();
        let status = run.status().unwrap().to_string();
        assert!(
            !matches!(status.as_str(), "inProgress" | "scheduled"),
            "{id} ended"
        );
        if matches!(status.as_str(), "failed" | "partialSuccess") {
            let code = run.first_error().and_then(|e| e.code.clone()).unwrap();
            expected.push((id.clone(), status, code));
        }
    }
    assert!(!expected.is_empty(), "some retries fail (seeded)");
    let listed = &t.app().alerts.failures;
    for (id, status, code) in &expected {
        let f = listed.iter().find(|f| &f.run_id == id).expect("listed");
        assert_eq!((&f.status, &f.code), (status, code));
    }
    for f in listed {
        let now = c.get_run(&f.run_id).await.unwrap();
        assert!(
            matches!(now.status(), Some("failed" | "partialSuccess")),
            "{} is {:?}",
            f.run_id,
            now.status()
        );
    }
    // Told once each: the count is the number of rows (no run failed twice here).
    let a = &t.app().alerts;
    assert_eq!(a.failed + a.partial, listed.len());
    let said: Vec<String> = t.app().messages.iter().map(|m| m.text.clone()).collect();
    assert!(
        said.iter()
            .any(|m| m.starts_with("run failed: ")
                || m.contains("runs failed or partially succeeded")),
        "{said:?}"
    );
    assert!(t.screen().contains("watch: "), "{}", t.screen());

    // The list, newest first, with the codes.
    t.keys("!");
    let shown = t.screen();
    assert!(shown.contains("recent failures"), "{shown}");
    let (first_failed, code) = expected
        .iter()
        .find(|(_, s, _)| s == "failed")
        .map(|(id, _, code)| (id.clone(), code.clone()))
        .expect("a retry failed outright (seeded)");
    assert!(shown.contains(&code), "{shown}");
    let l = t.app().list().unwrap();
    let times: Vec<i64> = l
        .visible
        .iter()
        .filter_map(|&i| l.row(i).and_then(|r| r.num(0)))
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );

    // enter opens the run, read as it is now.
    t.select_named(&first_failed);
    t.keys("<enter>");
    t.wait_for("object").await;
    assert!(matches!(t.app().view(), Some(View::Run(r)) if r.id == first_failed));
    t.keys("<esc>");

    // t retries it, after a question: one POST, then it is watched.
    let action = format!("POST {FS}/runs/{first_failed}/action");
    let before = t.emu.count(&action);
    t.keys("t");
    assert!(matches!(t.app().overlay, Some(Overlay::Ask(_))));
    assert!(t.screen().contains("op=RE_TRIGGER"), "{}", t.screen());
    assert_eq!(t.emu.count(&action), before, "nothing before the answer");
    t.keys("y");
    t.wait_for("submitted").await;
    assert_eq!(t.emu.count(&action), before + 1);
    assert!(
        t.app()
            .runs
            .watches
            .iter()
            .any(|w| w.run_id == first_failed)
    );
    assert!(t.screen().contains("failed, retried"), "{}", t.screen());
    // The retry's attempt is followed to its end from the failures list (an attempt
    // takes at most two minutes; the watch reads it at least every 30 s).
    advance(&mut t, 200_000, 5_000).await;
    for _ in 0..40 {
        if t.app().runs.watches.is_empty() {
            break;
        }
        if t.app().runs.watches.iter().any(|w| w.in_flight) {
            t.wait_for("polled").await;
        } else {
            advance(&mut t, 5_000, 5_000).await;
        }
    }
    assert!(t.app().runs.watches.is_empty(), "watched to its end");
}

#[tokio::test]
async fn polls_filter_on_the_start_time_back_off_when_idle_and_stop_in_the_background() {
    let cfg = EmulatorConfig {
        empty_sandboxes: vec!["quiet".into()],
        ..EmulatorConfig::for_tests()
    };
    let mut t = Tui::start_with(cfg, W, H).await;
    t.settle().await;
    t.keys(":sandbox quiet<enter>");
    t.settle().await;
    t.keys(":watch<enter>");
    t.wait_for("watch polled").await;
    let since = t.app().now_ms;
    assert_eq!(since, TEST_EPOCH_MS);

    // Five idle minutes, a second at a time: 10 s doubling to 60 s.
    advance(&mut t, 300_000, 1_000).await;
    let seen = polls(&t);
    assert_eq!(
        seen.len(),
        7,
        "polls at 0, 20, 60, 120, 180, 240 and 300 s: {seen:#?}"
    );
    for p in &seen {
        assert_eq!(p, &format!("metrics.durationSummary.startedAtUTC>={since}"));
    }
    assert_eq!(t.app().alerts.polls, 7);

    // In the background: polled for five minutes more, then not at all.
    t.event(&Event::FocusLost);
    advance(&mut t, 900_000, 1_000).await;
    let background = polls(&t).len() - 7;
    assert_eq!(
        background, 4,
        "a minute apart (at 6, 7, 8 and 9 min) until five minutes without focus"
    );
    assert!(t.app().alerts.paused);
    // Focus again: one poll at once, from where it stopped.
    t.event(&Event::FocusGained);
    assert!(t.app().alerts.in_flight);
    t.wait_for("watch polled").await;
    assert_eq!(polls(&t).len(), 7 + background + 1);
    assert!(t.screen().contains("watch: on"), "{}", t.screen());
}

#[tokio::test]
async fn the_watch_stays_on_for_the_profile_in_the_next_session() {
    let dir = tempfile::tempdir().unwrap();
    let opts = || Opts {
        data: Some(dir.path().to_path_buf()),
        ..Opts::default()
    };
    let mut t = watching(EmulatorConfig::for_tests(), opts()).await;
    seen(&mut t, "remembered").await;
    drop(t);

    let mut t = Tui::start_opts(EmulatorConfig::for_tests(), W, H, opts()).await;
    seen(&mut t, "recalled").await;
    assert!(t.app().alerts.on, "on again at start");
    seen(&mut t, "watch polled").await;
    assert!(t.screen().contains("watch: on"), "{}", t.screen());
    // Off is kept too.
    t.keys(":watch<enter>");
    t.seen.clear();
    seen(&mut t, "remembered").await;
    drop(t);
    let mut t = Tui::start_opts(EmulatorConfig::for_tests(), W, H, opts()).await;
    seen(&mut t, "recalled").await;
    assert!(!t.app().alerts.on);
}

fn failed_run(id: &str, flow: &str, status: &str, code: &str, ended: i64) -> Value {
    json!({"id": id, "flowId": flow, "metrics": {
        "durationSummary": {"startedAtUTC": ended - 95_000, "completedAtUTC": ended},
        "statusSummary": {"status": status,
            "errors": [{"code": code, "message": "Error occurred at promotion activity."}]}}})
}

#[test]
fn snapshots_of_the_failures_list_and_the_status_bar() {
    let flows = vec![
        json!({"id": "9d1f2c3e-0000-4000-8000-000000000001", "name": "CRM accounts to profiles"}),
        json!({"id": "9d1f2c3e-0000-4000-8000-000000000002", "name": "Orders (daily export)"}),
    ];
    let mut app = app_with_flows(flows);
    update(&mut app, Action::Failures);
    assert_snapshot!("failures_empty_watch_off", screen(&app, W, H));
    update(&mut app, Action::Command(Command::Watch));
    assert_snapshot!("failures_empty_watch_on", screen(&app, W, H));

    let generation = app.alerts.generation;
    flowscope::app::receive::receive(
        &mut app,
        Msg::Alerts(AlertsMsg::Polled {
            generation,
            runs: vec![
                failed_run(
                    "4c0a1e52-7d3b-4f6e-9a21-5b8c0d7e3f11",
                    "9d1f2c3e-0000-4000-8000-000000000001",
                    "failed",
                    "CONNECTOR-2001-500",
                    TEST_EPOCH_MS - 120_000,
                ),
                failed_run(
                    "7e2b9f04-1c6d-4a8e-b3f5-2d9a6c1e0b47",
                    "9d1f2c3e-0000-4000-8000-000000000002",
                    "partialSuccess",
                    "INGEST-1211-400",
                    TEST_EPOCH_MS - 60_000,
                ),
            ],
            wait_ms: 10_000,
            trouble: None,
        }),
    );
    // The toasts would cover the rows: the list as it stays.
    app.toasts.clear();
    assert_snapshot!("failures_with_rows", screen(&app, W, H));
    let status = screen(&app, W, H)
        .lines()
        .find(|l| l.contains("sandbox prod"))
        .unwrap()
        .to_string();
    assert!(status.contains("watch: 1 failed, 1 partial"), "{status}");
    assert_snapshot!("status_bar_watch_on", status);
}
