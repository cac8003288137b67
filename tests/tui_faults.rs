//! The fault suite: the whole explorer loop (keys, the effect executor, the clients, a
//! frame after each key) against an emulator that is slow, fails, throttles, drops
//! connections and cuts answers short.
//!
//! Each scenario tours every tab and the panes below them, typing keys while answers are
//! in flight, then triggers a run, toggles a flow, starts an AppFlow flow and creates a
//! workflow. It proves that:
//! - every pane ends loaded, or showing the service's error and the retry key (and the
//!   retry then loads it);
//! - the emulator's counters never saw a create, change or trigger twice;
//! - input stays responsive: each key is timed from its event to the end of the next
//!   frame, and the p50/p99/max go to `target/tmp/fault-suite/` (printed by `.ci/run`).
//!
//! Faults are drawn from the emulator's seeded generator; which request meets which fault
//! depends on the order requests arrive, so the assertions hold for any order.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use crate::support;

use flowscope::app::overlay::Overlay;
use flowscope::app::shared::pane::ErrorInfo;
use flowscope::app::view::View;
use flowscope::emulator::{EmulatorConfig, FaultConfig};
use serde_json::Value;
use support::tui::Tui;

const W: u16 = 120;
const H: u16 = 30;
/// Retries a failed pane gets before the test gives up on it.
const RETRIES: usize = 12;

fn with(faults: FaultConfig) -> EmulatorConfig {
    EmulatorConfig {
        faults,
        ..EmulatorConfig::for_tests()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_service_two_seconds_an_answer() {
    run(
        "2 s latency",
        FaultConfig {
            latency_ms: 2_000,
            ..FaultConfig::default()
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_answer_in_five_a_server_error() {
    run(
        "20% 5xx",
        FaultConfig {
            error_rate: 0.2,
            ..FaultConfig::default()
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_of_429s() {
    run(
        "429 storm (60%)",
        FaultConfig {
            throttle_rate: 0.6,
            retry_after_s: 1,
            ..FaultConfig::default()
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_connections_and_truncated_bodies() {
    run(
        "dropped 10% + truncated 10%",
        FaultConfig {
            drop_rate: 0.1,
            truncate_rate: 0.1,
            ..FaultConfig::default()
        },
    )
    .await;
}

/// A service down for every read, then back: each tab shows the service's error and the
/// retry key while it is down (a page that never arrives must not look like an empty
/// list), and `R` loads it once the service answers again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_down_then_back_shows_the_error_and_retry_loads() {
    let down = FaultConfig {
        error_rate: 1.0,
        methods: vec!["GET".into()],
        ..FaultConfig::default()
    };
    let mut t = Tui::start_with(with(down), W, H).await;
    settle_pressing(&mut t).await;
    for tab in ["1", "2", "3", "4", "5"] {
        t.press(tab);
        settle_pressing(&mut t).await;
        // The landing zone's overview reads two things per zone and says, per line,
        // which failed; the other tabs fail as a whole.
        let screen = t.screen();
        assert!(screen.contains("press R to retry"), "tab {tab}:\n{screen}");
        assert!(
            screen.contains("FLOW-1000-5"),
            "tab {tab}: the service's code:\n{screen}"
        );
        if tab != "5" {
            let view = t.app().view().expect("a pane");
            let err = failure(view).cloned();
            assert!(
                err.as_ref()
                    .and_then(|e| e.code.as_deref())
                    .is_some_and(|c| c.starts_with("FLOW-1000-")),
                "tab {tab}: the pane failed with the service's code: {err:?}"
            );
        }
    }
    t.emu.set_faults(FaultConfig::default());
    let mut retried = 0;
    for tab in ["1", "2", "3", "4"] {
        t.press(tab);
        retried += ensure_loaded(&mut t, &format!("tab {tab} after the outage")).await;
    }
    assert_eq!(retried, 4, "each tab loaded with one press of R");
    t.press("5R");
    settle_pressing(&mut t).await;
    retried += 1;
    let screen = t.screen();
    assert!(
        !screen.contains("unreadable") && screen.contains("Azure Blob"),
        "the landing zones read again:\n{screen}"
    );
    report("down, then back", &t.key_to_frame, retried);
}

async fn run(name: &str, faults: FaultConfig) {
    let mut t = Tui::start_with(with(faults), W, H).await;
    let mut retried = 0;
    retried += tour(&mut t).await;
    changes(&mut t).await;
    no_write_sent_twice(&t);
    report(name, &t.key_to_frame, retried);
}

/// Every tab asked for at once, keys typed while the answers are in flight; then each
/// tab and a pane below it must end loaded (retrying what failed). Returns how many
/// retries the panes needed.
async fn tour(t: &mut Tui) -> usize {
    for tab in ["2", "1", "3", "4", "5", "6", "7", "8"] {
        t.press(tab);
        t.press("jk");
    }
    settle_pressing(t).await;
    let mut retried = 0;
    for tab in ["1", "2", "3", "4", "5", "6", "7", "8"] {
        t.press(tab);
        retried += ensure_loaded(t, &format!("tab {tab}")).await;
    }
    // Below the lists: a flow's runs, its detail and its graph; a zone's files; a
    // domain's workflows; an AppFlow flow's executions.
    for (tab, key, what) in [
        ("2", "<enter>", "a flow's runs"),
        ("2", "d", "a flow's detail"),
        ("5", "<enter>", "a landing zone's files"),
        ("6", "<enter>", "a domain's workflows"),
        ("7", "<enter>", "an AppFlow flow's executions"),
    ] {
        t.press(tab);
        t.press(key);
        retried += ensure_loaded(t, what).await;
        t.press("<esc>");
    }
    t.press("2g");
    settle_pressing(t).await;
    assert!(
        matches!(t.app().view(), Some(View::Graph(_))),
        "{}",
        t.screen()
    );
    t.press("<esc>");
    retried
}

/// Handles worker messages until nothing loads, typing a key after each one, as a user
/// scrolling while the answers come in.
async fn settle_pressing(t: &mut Tui) {
    let mut down = true;
    while t.loading() {
        t.next().await;
        t.press(if down { "j" } else { "k" });
        down = !down;
    }
}

/// The error a pane shows, if its load failed.
fn failure(v: &View) -> Option<&ErrorInfo> {
    match v {
        View::List(l) => l.load.error(),
        View::Detail(d) => d.load.error(),
        View::Run(r) => r.load.error(),
        View::History(h) => h.load.error(),
        View::Zones(z) => z.load.error(),
        View::Creds(c) => c.load.error(),
        View::Preview(p) => p.load.error(),
        View::Build(b) => b.pane.load.error(),
        View::Graph(_) | View::Editor(_) | View::Transfers(_) => None,
    }
}

/// Settles the pane in view; while it shows an error (which must say what failed and how
/// to retry), presses the retry key. Returns the retries it took.
async fn ensure_loaded(t: &mut Tui, what: &str) -> usize {
    for retries in 0..RETRIES {
        settle_pressing(t).await;
        let view = t.app().view().unwrap_or_else(|| panic!("{what}: no pane"));
        let Some(err) = failure(view).cloned() else {
            return retries;
        };
        let screen = t.screen();
        assert!(
            screen.contains("press R to retry"),
            "{what}: a failed pane says how to retry:\n{screen}"
        );
        let shown = err.code.as_deref().unwrap_or(&err.message);
        let first = shown.chars().take(20).collect::<String>();
        assert!(
            screen.contains(&first),
            "{what}: the pane shows the service's error ({shown}):\n{screen}"
        );
        t.press("R");
    }
    panic!("{what} never loaded in {RETRIES} retries:\n{}", t.screen());
}

/// Answers the question with `y` and waits for the outcome, which may already have been
/// handled while the frame after the key was drawn.
async fn confirm(t: &mut Tui) {
    let mark = t.seen.len();
    t.press("y");
    while !t.seen[mark..].contains(&"submitted") {
        t.next().await;
    }
}

/// Whether a question waits for `y` (a remote change about to be sent).
fn asking(t: &Tui) -> bool {
    matches!(t.app().overlay, Some(Overlay::Ask(_))) || t.screen().contains("send this change?")
}

fn items(t: &Tui) -> Vec<Value> {
    match t.app().view() {
        Some(View::List(l)) => l.items(),
        other => panic!("no list in view: {other:?}"),
    }
}

/// Selects the row whose text matches `name` with the fuzzy filter.
fn select(t: &mut Tui, name: &str) {
    t.press("/");
    for _ in 0..60 {
        t.press("<bs>");
    }
    t.press(&format!("{name}<enter>"));
}

/// A run triggered, a flow disabled, an AppFlow flow started and a workflow created,
/// each confirmed once; each outcome (sent or failed) is waited for.
async fn changes(t: &mut Tui) {
    t.press("<esc><esc>2");
    ensure_loaded(t, "flows").await;
    // Scheduled once: the only flows the service runs on demand (aep-api-notes §6).
    let flow = items(t)
        .into_iter()
        .find(|f| f["state"] == "enabled" && f["scheduleParams"]["frequency"] == "once")
        .expect("an enabled flow scheduled once");
    let name = flow["name"].as_str().unwrap().to_string();
    select(t, &name);
    t.press("t<enter>");
    assert!(asking(t), "the trigger asks first:\n{}", t.screen());
    confirm(t).await;
    settle_pressing(t).await;
    // Triggering opens the flow's runs to watch the new one; the toggle is asked from
    // the flows list.
    t.press("<esc><esc>2");
    ensure_loaded(t, "flows").await;
    select(t, &name);
    t.press("D");
    assert!(asking(t), "the toggle asks first:\n{}", t.screen());
    confirm(t).await;
    settle_pressing(t).await;

    t.press("7");
    ensure_loaded(t, "AppFlow flows").await;
    let on_demand = items(t)
        .into_iter()
        .find(|f| f["triggerType"] == "OnDemand" && f["flowStatus"] == "Active")
        .expect("an active OnDemand flow");
    let flow_name = on_demand["flowName"].as_str().unwrap().to_string();
    select(t, &flow_name);
    t.press("t");
    assert!(asking(t), "StartFlow asks first:\n{}", t.screen());
    confirm(t).await;
    settle_pressing(t).await;
    assert!(
        t.emu.aws_executions_started(&flow_name) <= 1,
        "StartFlow's retries carry one client token, so at most one execution starts"
    );

    t.press("8");
    ensure_loaded(t, "connector profiles").await;
    t.press("6");
    t.press("<esc><esc>");
    ensure_loaded(t, "domains").await;
    t.press("<enter>");
    ensure_loaded(t, "a domain's workflows").await;
    t.press("n<enter>");
    assert!(matches!(t.app().view(), Some(View::Editor(_))));
    t.press("<c-s>");
    assert!(asking(t), "the create asks first:\n{}", t.screen());
    confirm(t).await;
    settle_pressing(t).await;
    assert!(t.emu.aws_workflows_created() <= 1);
}

/// Whether a counted `METHOD /path` creates or changes something. On the platform every
/// method but GET does (IMS token requests aside); AWS's rest-json APIs read with POST
/// too, so there the writes are named by operation.
fn is_write(key: &str) -> bool {
    let Some((method, path)) = key.split_once(' ') else {
        return false;
    };
    if path.starts_with("/ims/") {
        return false;
    }
    if path.starts_with("/data/") {
        return method != "GET";
    }
    method == "DELETE"
        || [
            "/workflows/integrations",
            "/stop-flow",
            "/cancel-flow-executions",
        ]
        .iter()
        .any(|op| path.ends_with(op))
}

/// Every create, change or trigger the emulator counted arrived once. StartFlow is
/// checked by the executions it started instead: its retries carry the same client token.
fn no_write_sent_twice(t: &Tui) {
    let writes: Vec<(String, u64)> = t
        .emu
        .counters()
        .into_iter()
        .filter(|(k, _)| is_write(k))
        .collect();
    for op in [
        "POST /data/foundation/flowservice/runs",
        "/workflows/integrations",
    ] {
        assert!(
            writes.iter().any(|(k, _)| k.contains(op)),
            "{op} was sent: {writes:?}"
        );
    }
    for (k, n) in &writes {
        assert_eq!(*n, 1, "{k} was sent {n} times: {writes:?}");
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

/// Appends this scenario's key-to-frame figures to the suite's report.
fn report(name: &str, times: &[Duration], retried: usize) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let line = format!(
        "{name:<30} keys {:>5}  p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms  panes retried {retried}\n",
        sorted.len(),
        ms(percentile(&sorted, 0.5)),
        ms(percentile(&sorted, 0.99)),
        ms(sorted.last().copied().unwrap_or_default()),
    );
    print!("{line}");
    // One file a scenario, rewritten each run; `.ci/run` prints them all.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fault-suite");
    std::fs::create_dir_all(&dir).unwrap();
    let file: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    std::fs::write(dir.join(format!("{file}.txt")), line).unwrap();
}
