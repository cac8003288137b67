//! Retrying one failed run, driven by keys through the whole app loop against the
//! emulator: from its row (`t`, the run read first so the question shows its flow,
//! status and first error) and from its detail (`ctrl-r`), then watched on the
//! emulator's clock until it ends; a run that did not fail sends nothing, and a
//! read-only session refuses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::effect::Msg;
use flowscope::app::overlay::Overlay;
use flowscope::app::view::View;
use flowscope::emulator::EmulatorConfig;
use insta::assert_snapshot;
use support::tui::{Opts, Tui, run_action};

const W: u16 = 120;
const H: u16 = 30;

/// The Runs tab under a status filter, the first run selected.
async fn runs_with_status(t: &mut Tui, status: &str) -> String {
    t.keys("3");
    t.settle().await;
    t.keys(&format!(":status {status}<enter>"));
    t.settle().await;
    let row = t.app().list().unwrap().selected_row().unwrap();
    assert_eq!(row.cell(0), status);
    row.id().to_string()
}

/// Moves both clocks until no run is watched: each poll that comes due is answered.
async fn watch_to_the_end(t: &mut Tui) {
    for _ in 0..40 {
        if t.app().runs.watches.is_empty() {
            return;
        }
        t.emu.clock.advance(30_000);
        let now = t.emu.clock.now_ms();
        t.message(Msg::Tick { now_ms: now });
        if t.app().runs.watches.iter().any(|w| w.in_flight) {
            t.wait_for("polled").await;
        }
    }
    panic!("the retried run never ended: {:?}", t.app().runs.watches);
}

#[tokio::test]
async fn t_on_a_failed_run_asks_retries_it_once_and_watches_it_to_its_end() {
    let mut t = Tui::start(W, H).await;
    let id = runs_with_status(&mut t, "failed").await;
    t.keys("t");
    t.wait_for("object").await;
    assert!(matches!(t.app().overlay, Some(Overlay::Ask(_))));
    let asked = t.screen();
    assert!(asked.contains("Retry run"), "{asked}");
    assert!(asked.contains(&format!("run     {id}")), "{asked}");
    assert!(asked.contains("status  failed"), "{asked}");
    assert!(asked.contains("error   "), "the first error: {asked}");
    assert!(asked.contains("op=RE_TRIGGER"), "{asked}");
    assert_snapshot!("retry_question", asked);
    assert_eq!(t.emu.count(&run_action(&id)), 0);
    t.keys("y");
    t.wait_for("submitted").await;
    assert_eq!(t.emu.count(&run_action(&id)), 1);
    let watch = t.app().runs.watches.first().expect("watched").clone();
    assert_eq!(watch.run_id, id);
    assert!(t.toasts().contains("retried: inProgress"), "{}", t.toasts());
    assert_eq!(
        t.app().list().unwrap().selected_row().unwrap().cell(0),
        "inProgress",
        "the row shows the run as it now is"
    );
    watch_to_the_end(&mut t).await;
    assert!(t.toasts().contains("ended:"), "{}", t.toasts());
    assert_eq!(
        t.emu.count(&run_action(&id)),
        1,
        "sent once, whatever happened"
    );
    assert_eq!(t.journal(), [("runs".to_string(), id)]);
}

#[tokio::test]
async fn ctrl_r_in_a_failed_run_retries_it_and_watches_it() {
    let mut t = Tui::start(W, H).await;
    let id = runs_with_status(&mut t, "failed").await;
    t.keys("<enter>");
    t.wait_for("object").await;
    assert!(matches!(t.app().view(), Some(View::Run(_))));
    t.keys("<c-r>");
    assert!(t.screen().contains("Retry run"), "{}", t.screen());
    t.keys("y");
    t.wait_for("submitted").await;
    assert_eq!(t.emu.count(&run_action(&id)), 1);
    let Some(View::Run(r)) = t.app().view() else {
        panic!("still in the run");
    };
    let status = r.value.as_ref().unwrap()["metrics"]["statusSummary"]["status"].clone();
    assert_eq!(status, "inProgress", "the detail shows the new attempt");
    watch_to_the_end(&mut t).await;
    assert!(t.toasts().contains("ended:"), "{}", t.toasts());
}

#[tokio::test]
async fn a_run_that_did_not_fail_is_not_retried() {
    let mut t = Tui::start(W, H).await;
    let id = runs_with_status(&mut t, "success").await;
    t.keys("t");
    t.wait_for("object").await;
    assert!(t.app().overlay.is_none(), "no question");
    assert!(
        t.toasts()
            .contains("is success: only a failed run is retried; nothing sent"),
        "{}",
        t.toasts()
    );
    assert_eq!(t.emu.count(&run_action(&id)), 0);
}

#[tokio::test]
async fn read_only_refuses_a_retry_before_reading_or_asking() {
    let opts = Opts {
        read_only: true,
        ..Opts::default()
    };
    let mut t = Tui::start_opts(EmulatorConfig::for_tests(), W, H, opts).await;
    let id = runs_with_status(&mut t, "failed").await;
    t.keys("t");
    assert!(t.app().overlay.is_none());
    assert!(t.toasts().contains("refused: read-only"), "{}", t.toasts());
    assert_eq!(t.emu.count(&run_action(&id)), 0);
}
