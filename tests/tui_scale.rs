//! The explorer at scale, driven by keys against the emulator: every one of 200,000 runs
//! in the Runs tab exactly once, a row opened shows the whole run as the service has it,
//! and a list refreshed while the user scrolls keeps the selection on the same item.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use flowscope::api::{Client, ClientConfig, ListQuery};
use flowscope::app::view::View;
use flowscope::emulator::EmulatorConfig;
use flowscope::model::CreateRun;

use crate::support::tui::Tui;

const W: u16 = 120;
const H: u16 = 30;

fn client(t: &Tui) -> Client {
    Client::new(ClientConfig::for_emulator(&t.emu.base_url())).unwrap()
}

/// The ids of the rows of the list in view, in the service's order.
fn ids(t: &Tui) -> Vec<String> {
    let l = t.app().list().expect("a list in view");
    l.rows().map(|r| r.id().to_string()).collect()
}

fn selected_id(t: &Tui) -> String {
    let l = t.app().list().expect("a list in view");
    l.selected_row().expect("a selected row").id().to_string()
}

#[tokio::test]
async fn every_one_of_200_000_runs_is_listed_once_and_opens_whole() {
    // The demo's flows, with 200,000 runs among them.
    let cfg = EmulatorConfig {
        runs: Some(200_000),
        ..EmulatorConfig::for_tests()
    };
    let mut t = Tui::start_with(cfg, W, H).await;
    t.settle().await;
    let began = std::time::Instant::now();
    t.keys("3");
    t.settle().await;
    eprintln!("200,000 runs loaded in {:?}", began.elapsed());
    let service = client(&t).count_runs(&ListQuery::new()).await.unwrap();
    assert_eq!(service, 200_000);
    let listed = ids(&t);
    assert_eq!(listed.len(), 200_000, "no cap: every run is loaded");
    let unique: HashSet<&str> = listed.iter().map(String::as_str).collect();
    assert_eq!(unique.len(), listed.len(), "no run is listed twice");
    assert!(listed.iter().all(|id| !id.is_empty()));
    assert!(
        t.screen().contains("200000"),
        "the title counts them all:\n{}",
        t.screen()
    );

    // The last run, as a user gets there: G, then Enter. The list kept only its row; the
    // run pane shows the run read by id, field for field as the service sends it.
    t.keys("G");
    let last = selected_id(&t);
    assert_eq!(last, listed[listed.len() - 1]);
    t.keys("<enter>");
    t.wait_for("object").await;
    let whole = serde_json::to_value(client(&t).get_run(&last).await.unwrap()).unwrap();
    match t.app().view() {
        Some(View::Run(r)) => assert_eq!(r.value.as_ref(), Some(&whole)),
        other => panic!("the run pane, not {other:?}"),
    }
    // `d` on the row: the whole object in the JSON view too.
    t.keys("<esc>d");
    t.wait_for("object").await;
    let d = t.app().detail().expect("the run's JSON");
    assert_eq!(d.value.as_ref(), Some(&whole));
    assert!(whole["metrics"].is_object() && whole["activities"].is_array());
}

#[tokio::test]
async fn a_refresh_while_scrolling_keeps_the_selection_on_the_same_run() {
    let mut t = Tui::start(W, H).await;
    t.keys("3");
    t.settle().await;
    t.keys("jjjj");
    let before = ids(&t);
    // A run starts on the service while the list is on screen: the refresh brings it
    // first, so every row the user knows moves down by one. It is a run of a flow
    // scheduled once, the only kind the service runs on demand (aep-api-notes §6).
    let flow = crate::support::client::flow_to_run(&client(&t)).await;
    let now_s = t.emu.clock.now_ms() / 1000;
    let run = CreateRun::new(&flow, now_s, now_s - 3600, now_s);
    client(&t).create_run(&run).await.unwrap();
    t.keys("r");
    // Scrolls while the pages come in (the old rows stay on screen meanwhile).
    let mut expect = selected_id(&t);
    let mut keys = 0;
    while t.app().list().unwrap().is_refreshing() {
        if keys < 3 {
            t.keys("j");
            keys += 1;
            expect = selected_id(&t);
        }
        t.next().await;
    }
    assert!(keys > 0, "a key was pressed during the refresh");
    let now = ids(&t);
    assert_eq!(now.len(), before.len() + 1, "the new run is in");
    assert_eq!(now[1..], before[..], "the rest keep their order");
    assert_eq!(
        selected_id(&t),
        expect,
        "the selection follows its run, not its position"
    );
    let pos = t.app().list().unwrap().selected;
    assert_eq!(before[pos - 1], expect, "one row further down than it was");
}
