//! Full-loop tests: the app, the effect executor and the emulator, driven with scripted
//! keys. Each step waits for the messages it causes (by name), never for time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use base64::Engine;
use flowscope::app::shared::nav::Tab;
use flowscope::app::view::View;
use serde_json::Value;
use support::tui::Tui;

fn crumbs(t: &Tui) -> Vec<String> {
    t.app().breadcrumbs()
}

fn list_names(t: &Tui) -> Vec<String> {
    match t.app().view() {
        Some(View::List(l)) => l
            .visible
            .iter()
            .map(|&i| l.row(i).unwrap().name().to_string())
            .collect(),
        _ => Vec::new(),
    }
}

#[tokio::test]
async fn connection_to_flows_to_runs_to_run_detail_and_back() {
    let mut t = Tui::start(120, 30).await;
    t.settle().await;
    // A flow's source base connection, taken from the flows the app loaded.
    let flows = t.app().root_list(Tab::Flows).unwrap();
    let flow = flows
        .items()
        .iter()
        .find(|f| {
            f.pointer("/inheritedAttributes/sourceConnections/0/baseConnection/id")
                .is_some()
                && f["lastRunDetails"].is_object()
        })
        .expect("a source flow that has run")
        .clone();
    let base_id = flow
        .pointer("/inheritedAttributes/sourceConnections/0/baseConnection/id")
        .and_then(Value::as_str)
        .unwrap()
        .to_string();
    let flow_name = flow["name"].as_str().unwrap().to_string();

    t.keys("1");
    t.wait_for("last page").await;
    let conns = t.app().list().unwrap();
    let pos = conns
        .visible
        .iter()
        .position(|&i| conns.row(i).unwrap().id() == base_id)
        .expect("the base connection is listed");
    let conn_name = conns.row(conns.visible[pos]).unwrap().name().to_string();
    // Walk down to it with j, as a user would.
    t.keys(&"j".repeat(pos));
    t.keys("<enter>");
    assert!(t.app().list().unwrap().load.is_loading());
    t.wait_for("last page").await;
    assert_eq!(crumbs(&t), ["Connections", &format!("{conn_name} › flows")]);
    let names = list_names(&t);
    assert!(names.contains(&flow_name), "{names:?}");
    assert!(t.screen().contains(&format!("flows of {conn_name}")));

    // Pick the flow with the fuzzy filter, then open its runs.
    t.keys(&format!("/{flow_name}<enter>"));
    assert_eq!(list_names(&t)[0], flow_name);
    t.keys("<enter>");
    t.wait_for("last page").await;
    let runs = t.app().list().unwrap();
    assert!(!runs.is_empty(), "the flow has runs");
    assert!(
        runs.rows().all(|r| r.parent() == flow["id"]),
        "only this flow's runs"
    );
    assert_eq!(crumbs(&t).len(), 3);

    // A run opens read for people; `d` shows its JSON; `F` follows it to its flow. The
    // list keeps rows only: the run is read by id.
    t.keys("<enter>");
    t.wait_for("object").await;
    let screen = t.screen();
    assert!(screen.contains(" run "), "{screen}");
    assert!(screen.contains("references"), "{screen}");
    t.keys("d");
    assert!(t.screen().contains("\"flowId\""), "{}", t.screen());
    t.keys("<esc>F");
    t.wait_for("object").await;
    assert_eq!(t.app().detail().unwrap().title, flow_name);
    assert_eq!(crumbs(&t).len(), 5);

    // Esc walks back up, one level at a time.
    t.keys("<esc><esc><esc>");
    assert_eq!(crumbs(&t), ["Connections", &format!("{conn_name} › flows")]);
    t.keys("<esc><esc>");
    assert_eq!(crumbs(&t), ["Connections"]);
}

#[tokio::test]
async fn fuzzy_filter_narrows_on_each_key_and_esc_restores() {
    let mut t = Tui::start(120, 30).await;
    t.settle().await;
    let all = list_names(&t).len();
    t.keys("/s3");
    let some = list_names(&t);
    assert!(
        !some.is_empty() && some.len() < all,
        "{} of {all}",
        some.len()
    );
    t.keys("zzzz");
    assert!(list_names(&t).is_empty());
    assert!(t.screen().contains("no flows match"));
    t.keys("<esc>");
    assert_eq!(list_names(&t).len(), all);
}

#[tokio::test]
async fn server_filter_reloads_with_the_property_and_shows_errors() {
    let mut t = Tui::start(120, 30).await;
    t.settle().await;
    t.keys("fstate==disabled<enter>");
    t.wait_for("last page").await;
    let l = t.app().list().unwrap();
    assert!(!l.items().is_empty());
    assert!(l.items().iter().all(|f| f["state"] == "disabled"));
    assert!(t.screen().contains("property state==disabled"));
    // A bad filter: the service's code reaches the screen and the list says failed.
    // The box opens with the filter in force; clear it first.
    t.keys("f");
    t.keys(&"<bs>".repeat("state==disabled".len()));
    t.keys("state~~x<enter>");
    t.wait_for("failed").await;
    assert!(t.screen().contains("FLOW-1450-400"), "{}", t.screen());
    // R retries the same request (and fails the same way).
    t.keys("R");
    t.wait_for("failed").await;
}

#[tokio::test]
async fn switching_sandbox_reloads_everything_from_the_other_sandbox() {
    let mut t = Tui::start(120, 30).await;
    t.settle().await;
    let prod = list_names(&t);
    t.keys(":sa<tab>");
    // Tab completes the verb; a second tab offers the sandboxes.
    t.keys(" d<tab><enter>");
    assert_eq!(t.app().target.sandbox, "dev");
    t.settle().await;
    let dev = list_names(&t);
    assert_eq!(dev.len(), 40, "dev holds 40 flows");
    assert_ne!(prod, dev);
    assert!(t.screen().contains("sandbox dev"));
    // `x` opens the switcher with the command prefilled.
    t.keys("xprod<enter>");
    t.settle().await;
    assert_eq!(list_names(&t), prod);
}

#[tokio::test]
async fn copy_sends_the_id_and_masks_secrets_unless_asked() {
    let mut t = Tui::start(120, 30).await;
    t.settle().await;
    let id = t
        .app()
        .list()
        .unwrap()
        .selected_row()
        .unwrap()
        .id()
        .to_string();
    t.keys("y");
    t.wait_for("copied").await;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&id);
    assert!(t.copied().contains(&b64), "OSC 52 carries the id");
    assert!(t.screen().contains("copied id"));
}

#[tokio::test]
async fn tabs_mouse_and_quit() {
    let mut t = Tui::start(120, 30).await;
    t.settle().await;
    t.keys("<tab>");
    assert_eq!(t.app().tab, Tab::Runs);
    t.keys("<s-tab><s-tab>");
    assert_eq!(t.app().tab, Tab::Connections);
    // A click on a tab label switches to it.
    let specs = flowscope::app::shared::layout::tab_spans(120)[3];
    t.action(flowscope::app::shared::action::Action::Click {
        column: specs.1 + 1,
        row: 0,
    });
    assert_eq!(t.app().tab, Tab::Specs);
    t.settle().await;
    assert!(!t.app().quit);
    t.keys("q");
    assert!(t.app().quit);
}

#[tokio::test]
async fn command_line_reports_unknown_commands_and_quits() {
    let mut t = Tui::start(120, 30).await;
    t.keys(":launch<enter>");
    assert!(t.screen().contains("unknown command"));
    t.keys("<esc>:runs<enter>");
    assert_eq!(t.app().tab, Tab::Runs);
    t.keys(":q<enter>");
    assert!(t.app().quit);
}

#[tokio::test]
async fn profile_switch_points_the_app_at_the_profiles_client() {
    use flowscope::api::{Client, ClientConfig};
    use flowscope::app::shared::effect::Target;
    let mut t = Tui::start(120, 30).await;
    t.settle().await;
    let base = t.emu.base_url();
    // A stand-in for the config files: "staging" is the emulator's dev sandbox.
    t.d.exec.set_profiles(Box::new(move |name: &str| {
        if name != "staging" {
            return Err(format!("no profile named `{name}`"));
        }
        let mut cfg = ClientConfig::for_emulator(&base);
        cfg.sandbox = "dev".into();
        let client = Client::new(cfg).map_err(|e| e.to_string())?;
        let target = Target {
            demo: false,
            endpoint: "https://platform.example".into(),
            sandbox: "dev".into(),
            profile: Some("staging".into()),
        };
        Ok((client, target))
    }));
    t.keys(":profile nope<enter>");
    t.wait_for("profile switched").await;
    assert!(t.screen().contains("no profile named"), "{}", t.screen());
    assert!(t.screen().contains("sandbox prod"));
    t.keys(":profile staging<enter>");
    t.wait_for("profile switched").await;
    t.settle().await;
    assert_eq!(list_names(&t).len(), 40, "dev's flows");
    let screen = t.screen();
    assert!(
        screen.contains("profile staging") && screen.contains("sandbox dev"),
        "{screen}"
    );
}
