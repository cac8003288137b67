//! Runs driven through the whole app loop against the emulator, on its manual clock:
//! triggering a run and watching it to its end, disabling and enabling a flow, the
//! Runs pane's status and time filters as `property` queries, read-only refusals, and
//! one `POST /runs` per confirmed trigger even when the emulator injects faults; with
//! snapshots of run detail, the history chart, the sparkline column and the live view.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::api::{Client, ClientConfig, ListQuery};
use flowscope::app::effect::Msg;
use flowscope::app::overlay::Overlay;
use flowscope::app::shared::nav::Tab;
use flowscope::app::view::View;
use flowscope::emulator::{EmulatorConfig, FaultConfig, TEST_EPOCH_MS};
use insta::assert_snapshot;
use serde_json::Value;
use support::tui::{Opts, Tui};

const W: u16 = 120;
const H: u16 = 30;
const RUNS: &str = "POST /data/foundation/flowservice/runs";

async fn on_flows(cfg: EmulatorConfig, opts: Opts, width: u16) -> Tui {
    let mut t = Tui::start_opts(cfg, width, H, opts).await;
    t.keys("2");
    t.settle().await;
    t
}

fn client(t: &Tui) -> Client {
    Client::new(ClientConfig::for_emulator(&t.emu.base_url())).unwrap()
}

/// The first enabled flow of the demo, by name.
fn enabled_flow(t: &Tui) -> (String, String) {
    flow_where(t, |f| f["state"] == "enabled")
}

/// An enabled flow scheduled once: the kind the service runs on demand (aep-api-notes
/// §6), so triggering it succeeds.
fn flow_to_trigger(t: &Tui) -> (String, String) {
    flow_where(t, |f| {
        f["state"] == "enabled" && f["scheduleParams"]["frequency"] == "once"
    })
}

fn flow_where(t: &Tui, pred: impl Fn(&Value) -> bool) -> (String, String) {
    let list = t.app().root_list(Tab::Flows).unwrap();
    let f = list
        .items()
        .into_iter()
        .find(|f| pred(f))
        .expect("the demo has such a flow");
    (
        f["id"].as_str().unwrap().to_string(),
        f["name"].as_str().unwrap().to_string(),
    )
}

/// Selects the flow named `name` in the Flows list with the fuzzy filter.
fn select(t: &mut Tui, name: &str) {
    t.keys(&format!("/{name}<enter>"));
    let l = t.app().list().unwrap();
    assert_eq!(l.selected_row().map(|r| r.name()), Some(name));
}

/// Moves both clocks: the emulator's (runs advance) and the app's (polls come due).
async fn advance(t: &mut Tui, ms: i64) {
    t.emu.clock.advance(ms);
    let now = t.emu.clock.now_ms();
    t.message(Msg::Tick { now_ms: now });
}

fn toasts(t: &Tui) -> String {
    t.app()
        .toasts
        .iter()
        .map(|x| x.text.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The status of the run shown first in the list in view.
fn first_status(t: &Tui) -> String {
    let l = t.app().list().expect("a list in view");
    l.row(l.visible[0]).unwrap().cell(0).to_string()
}

#[tokio::test]
async fn a_triggered_run_shows_at_once_is_watched_and_announced_when_it_ends() {
    let mut t = on_flows(EmulatorConfig::for_tests(), Opts::default(), W).await;
    let (flow_id, name) = flow_to_trigger(&t);
    select(&mut t, &name);
    t.keys("t");
    assert!(matches!(t.app().overlay, Some(Overlay::Trigger(_))));
    let form = t.screen();
    assert!(form.contains("trigger a run of"), "{form}");
    assert!(form.contains("\"flowId\""), "the body is previewed: {form}");
    t.keys("<enter>");
    assert!(matches!(t.app().overlay, Some(Overlay::Ask(_))));
    assert!(
        t.screen()
            .contains("POST /data/foundation/flowservice/runs")
    );
    assert_eq!(t.emu.count(RUNS), 0, "nothing is sent before the answer");
    t.keys("y");
    // At once: the flow's runs, with the new run on top while it is sent.
    assert!(t.app().overlay.is_none());
    assert_eq!(
        t.app().breadcrumbs().last().unwrap(),
        &format!("{name} › runs")
    );
    assert_eq!(first_status(&t), "sending");
    t.wait_for("submitted").await;
    assert_eq!(t.emu.count(RUNS), 1);
    assert_eq!(first_status(&t), "scheduled");
    let watch = t
        .app()
        .runs
        .watches
        .first()
        .expect("the run is watched")
        .clone();
    assert_eq!(watch.flow_id, flow_id);
    assert!(toasts(&t).contains("created: scheduled"), "{}", toasts(&t));

    // The run starts: the next poll sees it in progress.
    advance(&mut t, 6_000).await;
    t.wait_for("polled").await;
    assert_eq!(first_status(&t), "inProgress");
    // No poll is due yet: backoff.
    t.message(Msg::Tick {
        now_ms: t.emu.clock.now_ms() + 500,
    });
    assert!(!t.app().runs.watches[0].in_flight);

    // It ends: a toast says how, and watching stops.
    advance(&mut t, 200_000).await;
    t.wait_for("polled").await;
    let end = first_status(&t);
    assert!(
        matches!(end.as_str(), "success" | "partialSuccess" | "failed"),
        "{end}"
    );
    assert!(t.app().runs.watches.is_empty());
    let said = toasts(&t);
    assert!(said.contains(&format!("of {name} ended: {end}")), "{said}");
    assert!(t.screen().contains("ended:"), "the toast is on screen");
    let run = client(&t).get_run(&watch.run_id).await.unwrap();
    assert_eq!(run.status(), Some(end.as_str()));
    // The journal has the run request.
    let j = flowscope::store::Store::at(&t.data)
        .journal
        .read()
        .unwrap()
        .0;
    assert_eq!(j.len(), 1);
    assert_eq!(
        (j[0].resource.as_str(), j[0].id.as_str()),
        ("runs", watch.run_id.as_str())
    );
}

#[tokio::test]
async fn polling_waits_while_no_runs_pane_is_in_view() {
    let mut t = on_flows(EmulatorConfig::for_tests(), Opts::default(), W).await;
    let (_, name) = flow_to_trigger(&t);
    select(&mut t, &name);
    t.keys("t<enter>y");
    t.wait_for("submitted").await;
    t.keys("4");
    t.settle().await;
    advance(&mut t, 6_000).await;
    assert!(!t.app().runs.watches[0].in_flight, "hidden: not polled");
    t.keys("2");
    t.message(Msg::Tick {
        now_ms: t.emu.clock.now_ms(),
    });
    assert!(t.app().runs.watches[0].in_flight, "in view again: polled");
}

#[tokio::test]
async fn disabling_then_enabling_a_flow_shows_at_once_and_settles_on_the_answer() {
    let mut t = on_flows(EmulatorConfig::for_tests(), Opts::default(), W).await;
    let (id, name) = enabled_flow(&t);
    select(&mut t, &name);
    let state = |t: &Tui| {
        t.app().root_list(Tab::Flows).unwrap().item(&id).unwrap()["state"]
            .as_str()
            .unwrap()
            .to_string()
    };
    t.keys("D");
    let ask = t.screen();
    assert!(
        ask.contains(&format!("flows/{id}/action?op=disable")),
        "{ask}"
    );
    t.keys("y");
    assert_eq!(state(&t), "disabled", "shown before the answer");
    t.wait_for("submitted").await;
    assert_eq!(state(&t), "disabled");
    assert_eq!(
        client(&t).get_flow(&id).await.unwrap().state.as_deref(),
        Some("disabled")
    );
    assert!(toasts(&t).contains("is disabled"), "{}", toasts(&t));

    // A disabled flow's trigger form says the service will refuse.
    t.keys("t");
    assert!(
        t.screen().contains("the flow is disabled"),
        "{}",
        t.screen()
    );
    t.keys("<esc>");

    t.keys("Dy");
    assert_eq!(state(&t), "enabled");
    t.wait_for("submitted").await;
    assert_eq!(
        client(&t).get_flow(&id).await.unwrap().state.as_deref(),
        Some("enabled")
    );
    let asked: Vec<String> = t
        .emu
        .requests()
        .into_iter()
        .filter(|r| r.contains("/action?op="))
        .collect();
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert!(asked[0].ends_with("op=disable") && asked[1].ends_with("op=enable"));
}

#[tokio::test]
async fn a_refused_action_puts_the_state_back_and_shows_the_code() {
    let mut t = on_flows(EmulatorConfig::for_tests(), Opts::default(), W).await;
    let (id, name) = enabled_flow(&t);
    select(&mut t, &name);
    // Someone disables it first: the service refuses a second disable.
    client(&t)
        .flow_action(&id, flowscope::api::FlowAction::Disable)
        .await
        .unwrap();
    t.keys("Dy");
    t.wait_for("submitted").await;
    let item = t
        .app()
        .root_list(Tab::Flows)
        .unwrap()
        .item(&id)
        .unwrap()
        .clone();
    assert_eq!(item["state"], "enabled", "the state shown before is back");
    let said = toasts(&t);
    assert!(said.contains("refused") && said.contains("FLOW-"), "{said}");
}

/// The property filters of the last runs list request.
fn last_runs_query(t: &Tui) -> Vec<String> {
    let line = t
        .emu
        .requests()
        .into_iter()
        .rev()
        // The pane's own first page: not the Flows pane's sparkline reads (by flowId),
        // not the pages after the first (their token carries the filters).
        .find(|r| {
            let list = "GET /data/foundation/flowservice/runs";
            (r == list || r.starts_with(&format!("{list}?")))
                && !r.contains("flowId")
                && !r.contains("continuationToken")
        })
        .expect("a runs list request");
    let query = line.split_once('?').map_or("", |(_, q)| q);
    url::form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == "property")
        .map(|(_, v)| v.to_string())
        .collect()
}

async fn count(t: &Tui, props: &[String]) -> u64 {
    let q = props
        .iter()
        .fold(ListQuery::new(), |q, p| q.property(p.clone()));
    client(t).count_runs(&q).await.unwrap()
}

#[tokio::test]
async fn status_and_time_filters_ask_the_service_and_show_its_rows() {
    let mut t = Tui::start(W, H).await;
    t.keys("3");
    t.settle().await;
    let all = t.app().list().unwrap().len();
    assert!(all > 0);

    t.keys("v");
    t.settle().await;
    let status = "metrics.statusSummary.status==failed".to_string();
    assert_eq!(last_runs_query(&t), std::slice::from_ref(&status));
    let l = t.app().list().unwrap();
    assert!(!l.is_empty() && l.rows().all(|r| r.cell(0) == "failed"));
    assert_eq!(
        l.len() as u64,
        count(&t, std::slice::from_ref(&status)).await
    );
    assert!(t.screen().contains("[failed]"), "{}", t.screen());

    t.keys("V");
    t.settle().await;
    let since = format!(
        "metrics.durationSummary.startedAtUTC>={}",
        TEST_EPOCH_MS - 86_400_000
    );
    assert_eq!(last_runs_query(&t), [status.clone(), since.clone()]);
    let l = t.app().list().unwrap();
    assert_eq!(l.len() as u64, count(&t, &[status.clone(), since]).await);
    assert!(
        l.rows()
            .all(|r| r.num(2).unwrap() >= TEST_EPOCH_MS - 86_400_000)
    );
    assert!(t.screen().contains("[failed · last 1d]"), "{}", t.screen());

    t.keys(":status success<enter>:window 2026-10-20..2026-10-21<enter>");
    t.settle().await;
    let from = TEST_EPOCH_MS - 12 * 86_400_000;
    let to = from + 2 * 86_400_000;
    let want = [
        "metrics.statusSummary.status==success".to_string(),
        format!("metrics.durationSummary.startedAtUTC>={from}"),
        format!("metrics.durationSummary.startedAtUTC<{to}"),
    ];
    assert_eq!(last_runs_query(&t), want);
    let l = t.app().list().unwrap();
    assert_eq!(l.len() as u64, count(&t, &want).await);
    assert!(!l.is_empty());
    assert!(l.rows().all(|r| {
        let s = r.num(2).unwrap();
        r.cell(0) == "success" && s >= from && s < to
    }));

    // Back to everything: no property filter at all.
    t.keys(":status all<enter>:window all<enter>");
    t.settle().await;
    assert!(last_runs_query(&t).is_empty());
    assert_eq!(t.app().list().unwrap().len(), all);

    // A window that cannot be read says how to write one and changes nothing.
    t.keys(":window yesterday<enter>");
    let shown = t.screen();
    assert!(shown.contains("12h"), "{shown}");
}

#[tokio::test]
async fn read_only_refuses_triggering_enabling_and_disabling() {
    let opts = Opts {
        read_only: true,
        ..Opts::default()
    };
    let mut t = on_flows(EmulatorConfig::for_tests(), opts, W).await;
    let (_, name) = enabled_flow(&t);
    select(&mut t, &name);
    for key in ["t", "D"] {
        t.keys(key);
        assert!(t.app().overlay.is_none(), "{key}: no form, no question");
        let said = toasts(&t);
        assert!(said.contains("refused: read-only session"), "{key}: {said}");
    }
    // From the flow's runs too.
    t.keys("<enter>");
    t.settle().await;
    t.keys("t");
    assert!(t.app().overlay.is_none());
    assert_eq!(t.emu.count(RUNS), 0);
    assert!(!t.emu.requests().iter().any(|r| r.starts_with("POST /data")));
}

#[tokio::test]
async fn each_confirmed_trigger_posts_once_even_when_answers_fail_or_are_lost() {
    let cfg = EmulatorConfig {
        // Writes only, so the lists load; half the answers are lost, a third refused.
        faults: FaultConfig {
            error_rate: 0.3,
            throttle_rate: 0.1,
            drop_rate: 0.25,
            truncate_rate: 0.25,
            retry_after_s: 0,
            latency_ms: 0,
            methods: vec!["POST".into()],
            hold: None,
        },
        ..EmulatorConfig::for_tests()
    };
    let mut t = on_flows(cfg, Opts::default(), W).await;
    let (_, name) = flow_to_trigger(&t);
    let runs_before = t.emu.object_count("prod", "runs").unwrap();
    let mut outcomes = Vec::new();
    for i in 0..6 {
        t.keys("<esc><esc>2");
        t.settle().await;
        select(&mut t, &name);
        t.keys("t<enter>y");
        let Msg::Submitted { outcome, .. } = t.wait_for("submitted").await else {
            unreachable!()
        };
        outcomes.push(format!("{outcome:?}"));
        assert_eq!(t.emu.count(RUNS), i + 1, "one POST per confirmed trigger");
    }
    // The faults really hit (the seed and the order of the POSTs make this the same
    // every time): answers lost after the run was made, and refusals before.
    let made = t.emu.object_count("prod", "runs").unwrap() - runs_before;
    let sent = outcomes.iter().filter(|o| o.starts_with("Sent")).count();
    let lost = outcomes
        .iter()
        .filter(|o| o.starts_with("Failed") && o.contains("unsure: true"))
        .count();
    assert!(lost > 0 && sent + lost < 6, "{outcomes:#?}");
    assert_eq!(
        made,
        sent + lost,
        "a lost answer hides a run made: {outcomes:#?}"
    );
}

/// The run list of failures, then the first failed run's detail.
#[tokio::test]
async fn run_detail_shows_metrics_timeline_errors_and_copyable_references() {
    let mut t = Tui::start(W, 40).await;
    t.keys("3");
    t.settle().await;
    t.keys(":status failed<enter>");
    t.settle().await;
    t.keys("<enter>");
    assert!(matches!(t.app().view(), Some(View::Run(_))));
    t.wait_for("object").await;
    let screen = t.screen();
    assert!(screen.contains("errors ("), "{screen}");
    assert!(
        screen.contains("CONNECTOR-") || screen.contains("-400"),
        "{screen}"
    );
    assert_snapshot!("run_detail_failed", screen);
    // y copies the selected reference: the run id first, then down to the flow.
    let run_id = match t.app().view() {
        Some(View::Run(r)) => r.id.clone(),
        _ => unreachable!(),
    };
    t.keys("jy");
    t.wait_for("copied").await;
    let flow_id = match t.app().view() {
        Some(View::Run(r)) => r.summary.flow_id.clone(),
        _ => unreachable!(),
    };
    assert!(toasts(&t).contains("copied flow id"), "{}", toasts(&t));
    let copied = t.copied();
    let b64 = copied
        .rsplit(';')
        .next()
        .unwrap()
        .trim_end_matches('\u{7}')
        .trim_end_matches("\u{1b}\\");
    use base64::Engine;
    let text = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    assert_eq!(String::from_utf8(text).unwrap(), flow_id);
    assert_ne!(flow_id, run_id);
    // Enter opens the flow.
    t.keys("<enter>");
    t.settle().await;
    assert!(matches!(t.app().view(), Some(View::Detail(d)) if d.id == flow_id));
}

#[tokio::test]
async fn history_chart_of_a_flow() {
    let mut t = on_flows(EmulatorConfig::for_tests(), Opts::default(), W).await;
    let (id, name) = enabled_flow(&t);
    select(&mut t, &name);
    t.keys("H");
    t.wait_for("last page").await;
    let Some(View::History(h)) = t.app().view() else {
        panic!("the history is in view");
    };
    assert!(!h.history.points.is_empty());
    let asked = t.emu.requests();
    assert!(
        asked
            .iter()
            .any(|r| r.contains("/runs?") && r.contains(&id) && r.contains("limit=40")),
        "one page of the newest 40 runs of the flow: {asked:#?}"
    );
    assert_snapshot!("history_chart", t.screen());
}

#[tokio::test]
async fn flows_show_a_sparkline_of_recent_runs() {
    // `settle` waits for the sparklines of the rows in view too.
    let t = on_flows(EmulatorConfig::for_tests(), Opts::default(), 170).await;
    assert!(!t.app().runs.recent.is_pending());
    let screen = t.screen();
    assert!(screen.contains("RECENT"), "{screen}");
    let l = t.app().list().unwrap();
    let sparks = l.rows().filter(|r| !r.cell(5).is_empty()).count();
    assert!(sparks > 0, "rows in view have their sparkline");
    assert_snapshot!("flows_sparkline", screen);
}

#[tokio::test]
async fn live_view_follows_runs_in_progress() {
    let mut t = on_flows(EmulatorConfig::for_tests(), Opts::default(), W).await;
    let (_, name) = flow_to_trigger(&t);
    select(&mut t, &name);
    t.keys("t<enter>y");
    t.wait_for("submitted").await;
    t.emu.clock.advance(20_000);
    t.keys("L");
    t.settle().await;
    let l = t.app().list().unwrap();
    assert!(l.rows().any(|r| r.cell(0) == "inProgress"));
    // The clock moves: elapsed times count up, and the list is read again.
    let before = t.emu.count("GET /data/foundation/flowservice/runs");
    t.message(Msg::Tick {
        now_ms: t.emu.clock.now_ms() + 4_000,
    });
    t.emu.clock.advance(4_000);
    t.settle().await;
    assert!(t.emu.count("GET /data/foundation/flowservice/runs") > before);
    assert_snapshot!("live_view", t.screen());
    let v: Vec<Value> = t.app().list().unwrap().items();
    assert!(v.iter().all(|r| matches!(
        r["metrics"]["statusSummary"]["status"].as_str(),
        Some("inProgress" | "scheduled")
    )));
}
