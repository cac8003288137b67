//! The dataflow wizard and the row actions through the whole app loop against the
//! emulator: the seed's workflow (a landing-zone file into the Data Lake) built, shown in
//! Flows with its graph and run; a third step that fails rolled back; a dataset export
//! to the landing zone; a flow cloned into another sandbox; a connection tested; a flow
//! deleted with its own connections, and a base connection in use refused with the
//! service's code. Each stage drawn as the loop draws it, and snapshotted.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::features::build::Stage;
use flowscope::app::overlay::Overlay;
use flowscope::app::shared::nav::Tab;
use flowscope::app::view::View;
use flowscope::emulator::EmulatorConfig;
use insta::assert_snapshot;
use serde_json::Value;
use support::tui::Tui;

const W: u16 = 110;
const H: u16 = 32;

fn stage(t: &Tui) -> Stage {
    match t.app().view() {
        Some(View::Build(b)) => b.stage,
        other => panic!("the wizard is not in front: {:?}", other.map(View::crumb)),
    }
}

/// The wizard's stage as drawn, once per test run (the rollback test walks the same
/// stages).
fn shot(t: &Tui, name: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("");
    if test.contains("seed_workflow") || test.contains("auth_form") {
        assert_snapshot!(name, t.screen());
    }
}

/// A question is open over the pane.
#[track_caller]
fn asks(t: &Tui) {
    assert!(
        matches!(t.app().overlay, Some(Overlay::Ask(_))),
        "{}",
        t.screen()
    );
}

fn posts(t: &Tui, path: &str) -> usize {
    let line = format!("POST /data/foundation/flowservice/{path}");
    t.emu.requests().iter().filter(|r| **r == line).count()
}

fn deletes(t: &Tui, path: &str) -> usize {
    let head = format!("DELETE /data/foundation/flowservice/{path}/");
    t.emu
        .requests()
        .iter()
        .filter(|r| r.starts_with(&head))
        .count()
}

/// Waits for the wizard's reads until it stops loading.
async fn loaded(t: &mut Tui) {
    while let Some(View::Build(b)) = t.app().view() {
        if !b.pane.load.is_loading() && !b.pick.loading {
            break;
        }
        t.wait_for("build loaded").await;
    }
}

/// Through the wizard from the Flows tab to the review of the seed's workflow: the
/// landing zone, `crm/contacts/contacts_us.csv`, the CRM Contacts dataset with a mapping,
/// scheduled once.
async fn to_review(t: &mut Tui, flow_name: &str) {
    t.keys("2");
    t.settle().await;
    t.press("n");
    loaded(t).await;
    assert_eq!(stage(t), Stage::Spec);
    shot(t, "build_spec");
    t.press("landing<enter>");
    loaded(t).await;
    assert_eq!(stage(t), Stage::Source);
    t.press("crm<enter>");
    loaded(t).await;
    t.press("contacts<enter>");
    loaded(t).await;
    shot(t, "build_source");
    t.press("contacts_us<enter>");
    loaded(t).await;
    assert_eq!(stage(t), Stage::Format);
    shot(t, "build_format");
    t.press("<enter>");
    loaded(t).await;
    assert_eq!(stage(t), Stage::Target);
    shot(t, "build_target");
    t.press("CRM Contacts<enter>");
    assert_eq!(stage(t), Stage::Flow, "{}", t.screen());
    t.press("<c-u>");
    t.press(flow_name);
    // A delimited file lands in an XDM dataset through a mapping.
    t.press("<tab><tab>0b090130b58b4819afc78b6dc98b484d");
    shot(t, "build_flow");
    t.press("<enter>");
    loaded(t).await;
    assert_eq!(stage(t), Stage::Review, "{}", t.screen());
}

/// Enter on the last form, then `y` in review: every request sent, the wizard done.
async fn review_and_send(t: &mut Tui) {
    t.press("<enter>");
    loaded(t).await;
    assert_eq!(stage(t), Stage::Review, "{}", t.screen());
    t.press("y");
    t.wait_for("applied").await;
    assert_eq!(stage(t), Stage::Done, "{}", t.screen());
}

#[tokio::test]
async fn the_seed_workflow_is_built_shown_in_flows_with_its_graph_and_run() {
    let mut t = Tui::start(W, H).await;
    to_review(&mut t, "Contacts from the landing zone").await;
    assert_snapshot!("build_review", t.screen());
    let before = (
        posts(&t, "sourceConnections"),
        posts(&t, "targetConnections"),
        posts(&t, "flows"),
    );
    t.press("y");
    t.wait_for("applied").await;
    assert_eq!(stage(&t), Stage::Done, "{}", t.screen());
    assert_eq!(
        (
            posts(&t, "sourceConnections"),
            posts(&t, "targetConnections"),
            posts(&t, "flows")
        ),
        (before.0 + 1, before.1 + 1, before.2 + 1),
        "each request sent once"
    );
    assert_snapshot!("build_done", t.screen());
    // Enter opens the new flow; its graph draws; a run is triggered on it.
    t.press("<enter>");
    t.settle().await;
    t.assert_shows(&["Contacts from the landing zone"], &[]);
    t.press("g");
    t.settle().await;
    t.assert_shows(&["contacts_us.csv"], &[]);
    t.press("<esc>");
    t.press("<c-r>");
    assert!(
        matches!(t.app().overlay, Some(Overlay::Trigger(_))),
        "{}",
        t.screen()
    );
    t.press("<enter>");
    t.press("y");
    t.wait_for("submitted").await;
    t.settle().await;
    assert_eq!(posts(&t, "runs"), 1);
    let toasts: Vec<String> = t.app().toasts.iter().map(|x| x.text.clone()).collect();
    assert!(!toasts.iter().any(|x| x.contains("FLOW-")), "{toasts:?}");
    // The Flows list shows it.
    t.keys("2");
    t.settle().await;
    let flows = t.app().root_list(Tab::Flows).unwrap().items();
    assert!(
        flows
            .iter()
            .any(|f| f["name"] == "Contacts from the landing zone")
    );
}

#[tokio::test]
async fn a_third_step_that_fails_rolls_back_the_first_two() {
    let mut cfg = EmulatorConfig::for_tests();
    let hold = flowscope::emulator::Hold::new("POST", 3);
    cfg.faults.hold = Some(hold.clone());
    let mut t = Tui::start_with(cfg, W, H).await;
    to_review(&mut t, "Contacts, rolled back").await;
    t.press("y");
    hold.held().await;
    hold.release();
    t.wait_for("applied").await;
    assert_eq!(stage(&t), Stage::Failed, "{}", t.screen());
    // The rollback question comes at once.
    asks(&t);
    assert_snapshot!("build_rollback_question", t.screen());
    t.press("y");
    t.wait_for("applied").await;
    assert_eq!(deletes(&t, "sourceConnections"), 1);
    assert_eq!(deletes(&t, "targetConnections"), 1);
    assert_eq!(deletes(&t, "flows"), 0);
    t.assert_shows(&["rolled back"], &[]);
    assert_snapshot!("build_rolled_back", t.screen());
}

#[tokio::test]
async fn a_name_that_exists_is_marked_in_review_and_nothing_is_sent() {
    let mut t = Tui::start(W, H).await;
    let taken = t
        .app()
        .root_list(Tab::Flows)
        .map(|l| l.items())
        .unwrap_or_default();
    t.keys("2");
    t.settle().await;
    let name = t.app().root_list(Tab::Flows).unwrap().items()[0]["name"]
        .as_str()
        .unwrap()
        .to_string();
    drop(taken);
    to_review(&mut t, &name).await;
    t.assert_shows(&["exists already"], &[]);
    let before = t.emu.requests().len();
    t.press("y");
    assert_eq!(stage(&t), Stage::Review);
    let sent: Vec<String> = t.emu.requests()[before..]
        .iter()
        .filter(|r| r.starts_with("POST"))
        .cloned()
        .collect();
    assert!(sent.is_empty(), "{sent:?}");
}

#[tokio::test]
async fn a_dataset_export_to_the_landing_zone_is_created() {
    let mut t = Tui::start(W, H).await;
    t.keys("2");
    t.settle().await;
    t.press("N");
    loaded(&mut t).await;
    assert_eq!(stage(&t), Stage::Datasets, "{}", t.screen());
    t.press("<space><down><space>");
    assert_snapshot!("build_export_datasets", t.screen());
    t.press("<enter>");
    assert_eq!(stage(&t), Stage::Export);
    assert_snapshot!("build_export_form", t.screen());
    review_and_send(&mut t).await;
    assert_eq!(posts(&t, "connections"), 1);
    assert_eq!(posts(&t, "flows"), 1);
}

/// The id of the first flow whose source reads the landing zone.
fn landing_zone_flow(t: &Tui) -> Value {
    t.app()
        .root_list(Tab::Flows)
        .unwrap()
        .items()
        .into_iter()
        .find(|f| {
            f.pointer("/inheritedAttributes/sourceConnections/0/connectionSpec/id")
                .and_then(Value::as_str)
                == Some(flowscope::model::DLZ_CONNECTION_SPEC_ID)
        })
        .expect("the demo has a landing-zone flow")
}

/// Selects `flow`'s row by its id.
fn select(t: &mut Tui, flow: &Value) {
    let id = flow["id"].as_str().unwrap();
    t.keys(&format!("/{id}<enter>"));
    let l = t.app().list().unwrap();
    assert_eq!(
        l.selected_row().map(|r| r.id().to_string()).as_deref(),
        Some(id)
    );
}

#[tokio::test]
async fn a_flow_is_cloned_and_the_clone_is_created() {
    let mut t = Tui::start(W, H).await;
    t.keys("2");
    t.settle().await;
    let flow = landing_zone_flow(&t);
    select(&mut t, &flow);
    t.press("c");
    loaded(&mut t).await;
    assert_eq!(stage(&t), Stage::Clone, "{}", t.screen());
    assert_snapshot!("build_clone_form", t.screen());
    review_and_send(&mut t).await;
    assert_eq!(posts(&t, "flows"), 1);
}

#[tokio::test]
async fn a_base_connection_is_tested_from_its_row() {
    let mut t = Tui::start(W, H).await;
    t.keys("1");
    t.settle().await;
    t.press("t");
    asks(&t);
    assert_snapshot!("build_test_question", t.screen());
    t.press("y");
    t.wait_for("tested").await;
    let toasts: Vec<String> = t.app().toasts.iter().map(|x| x.text.clone()).collect();
    assert!(
        toasts
            .iter()
            .any(|x| x.contains("test passed") || x.contains("test failed")),
        "{toasts:?}"
    );
    assert!(t.emu.requests().iter().any(|r| r.ends_with("/test")));
}

#[tokio::test]
async fn a_flow_is_deleted_with_its_own_connections_and_a_base_in_use_is_refused() {
    let mut t = Tui::start(W, H).await;
    t.keys("2");
    t.settle().await;
    let flow = landing_zone_flow(&t);
    select(&mut t, &flow);
    t.press("X");
    t.wait_for("build loaded").await;
    asks(&t);
    assert_snapshot!("build_delete_question", t.screen());
    t.press("y");
    t.wait_for("applied").await;
    assert_eq!(deletes(&t, "flows"), 1);
    assert!(deletes(&t, "sourceConnections") + deletes(&t, "targetConnections") >= 1);
    // A base connection in use: the service refuses, with its code.
    t.keys("1");
    t.settle().await;
    t.press("X");
    t.wait_for("build loaded").await;
    t.press("y");
    t.wait_for("applied").await;
    let toasts: Vec<String> = t.app().toasts.iter().map(|x| x.text.clone()).collect();
    assert!(toasts.iter().any(|x| x.contains("FLOW-")), "{toasts:?}");
}

#[tokio::test]
async fn read_only_refuses_the_wizard_and_the_row_actions() {
    let mut t = Tui::start(W, H).await;
    t.d.app.read_only = true;
    t.keys("2");
    t.settle().await;
    for k in ["n", "N", "X", "c"] {
        t.press(k);
        assert!(!matches!(t.app().view(), Some(View::Build(_))));
    }
    let toasts: Vec<String> = t.app().toasts.iter().map(|x| x.text.clone()).collect();
    assert!(toasts.iter().any(|x| x.contains("read-only")), "{toasts:?}");
}

#[tokio::test]
async fn a_new_base_connection_is_created_from_its_auth_form_tested_and_deleted_when_the_wizard_is_left()
 {
    let mut t = Tui::start(W, H).await;
    t.keys("2");
    t.settle().await;
    t.press("n");
    loaded(&mut t).await;
    t.press("amazon-s3<enter>");
    loaded(&mut t).await;
    assert_eq!(stage(&t), Stage::Base);
    t.press("Access Key<enter>");
    assert_eq!(stage(&t), Stage::Auth);
    // A required secret left empty is marked where it is; nothing is asked or sent.
    t.press("<down>AKIAEXAMPLE<enter>");
    assert_eq!(stage(&t), Stage::Auth);
    assert!(t.app().overlay.is_none());
    // The wrong field has the focus.
    t.press("wJalrXUtnFEMI<enter>");
    shot(&t, "build_auth");
    asks(&t);
    assert!(
        !t.screen().contains("wJalrXUtnFEMI"),
        "the secret is masked in the question"
    );
    t.press("y");
    t.wait_for("applied").await;
    t.wait_for("tested").await;
    t.assert_shows(&["test passed"], &[]);
    assert_eq!(posts(&t, "connections"), 1);
    // Explore lists nothing behind a new connection: a typed path is read as typed.
    t.press("<enter>");
    loaded(&mut t).await;
    assert_eq!(stage(&t), Stage::Source);
    t.press("bucket/orders.csv<enter>");
    loaded(&mut t).await;
    assert_eq!(stage(&t), Stage::Format, "{}", t.screen());
    // Going back a stage keeps the connection; leaving asks to delete it.
    t.press("<esc>");
    assert_eq!(stage(&t), Stage::Source);
    assert!(t.app().overlay.is_none());
    t.press("<esc><esc><esc><esc>");
    asks(&t);
    t.press("y");
    t.wait_for("applied").await;
    assert_eq!(deletes(&t, "connections"), 1);
    assert!(!matches!(t.app().view(), Some(View::Build(_))));
}

#[tokio::test]
async fn the_reviewed_plan_is_saved_to_a_file_that_apply_reads() {
    let mut t = Tui::start(W, H).await;
    to_review(&mut t, "Contacts, saved").await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.json");
    t.press("<c-s>");
    t.press(&format!("<c-u>{}<enter>", path.display()));
    t.wait_for("plan saved").await;
    let text = std::fs::read_to_string(&path).unwrap();
    let plan: flowscope::model::plan::Plan = serde_json::from_str(&text).unwrap();
    assert!(plan.issues().is_empty(), "{:?}", plan.issues());
    assert_eq!(plan.steps.len(), 3);
    assert_eq!(
        plan.steps[2].body.as_ref().unwrap()["name"],
        "Contacts, saved"
    );
    // Nothing was sent by saving it.
    assert_eq!(posts(&t, "flows"), 0);
}

#[tokio::test]
async fn going_back_keeps_what_was_typed_and_n_on_a_connection_starts_from_it() {
    let mut t = Tui::start(W, H).await;
    to_review(&mut t, "Contacts, edited").await;
    t.press("<esc>");
    assert_eq!(stage(&t), Stage::Flow);
    let form = match t.app().view() {
        Some(View::Build(b)) => b.form.as_ref().unwrap().get("name"),
        _ => unreachable!(),
    };
    assert_eq!(form, "Contacts, edited", "the typed name is kept");
    t.press("<esc>");
    assert_eq!(stage(&t), Stage::Target);
    t.assert_shows(&["CRM Contacts"], &["loading…"]);
    // Started on an S3 base connection: its spec chosen and it reused.
    t.press("<esc><esc><esc><esc><esc>");
    assert!(!matches!(t.app().view(), Some(View::Build(_))));
    t.keys("1");
    t.settle().await;
    t.keys("/Loyalty data drops<enter>");
    t.press("n");
    loaded(&mut t).await;
    assert_eq!(stage(&t), Stage::Source, "{}", t.screen());
    t.press("<esc>");
    loaded(&mut t).await;
    assert_eq!(stage(&t), Stage::Base);
    t.assert_shows(
        &[
            "+ new connection: Access Key Authentication",
            "Loyalty data drops",
        ],
        &[],
    );
    assert_eq!(posts(&t, "connections"), 0);
}

/// The plan in review, as the wizard holds it.
fn plan(t: &Tui) -> flowscope::model::plan::Plan {
    match t.app().view() {
        Some(View::Build(b)) => b.plan.clone().expect("a plan in review"),
        _ => panic!("the wizard is not in front"),
    }
}

#[tokio::test]
async fn a_table_source_and_a_stream_take_their_params_from_the_spec() {
    let mut t = Tui::start(W, H).await;
    t.keys("1");
    t.settle().await;
    // A CRM table, named as typed: the explore of a Salesforce connection lists nothing here.
    t.keys("/Salesforce Service Cloud<enter>");
    t.press("n");
    loaded(&mut t).await;
    assert_eq!(stage(&t), Stage::Source, "{}", t.screen());
    t.press("Account<enter>");
    assert_eq!(stage(&t), Stage::Format, "{}", t.screen());
    // The columns the spec requires are asked for, as JSON.
    t.press("<enter>");
    assert_eq!(stage(&t), Stage::Format);
    t.press(r#"[{"name":"Id","type":"string"},{"name":"Name","type":"string"}]<enter>"#);
    loaded(&mut t).await;
    assert_eq!(stage(&t), Stage::Target, "{}", t.screen());
    t.press("CRM Accounts<enter><c-u>Accounts from Salesforce<tab><tab>0b090130<enter>");
    loaded(&mut t).await;
    assert_eq!(stage(&t), Stage::Review, "{}", t.screen());
    let source = plan(&t).steps[1].body.clone().unwrap();
    assert_eq!(source["params"]["tableName"], "Account");
    assert_eq!(source["params"]["columns"][1]["name"], "Name");
    assert_eq!(source["data"]["format"], "tabular");
    assert!(source["params"].get("path").is_none());
    assert_eq!(source["baseConnectionId"], "${base}");
    // A Kinesis stream: no file to pick, the stream's params asked instead.
    for _ in 0..10 {
        if !matches!(t.app().view(), Some(View::Build(_))) {
            break;
        }
        t.press("<esc>");
    }
    t.settle().await;
    t.keys("/<c-u>Kinesis<enter>");
    let row = t
        .app()
        .list()
        .and_then(|l| l.selected_row())
        .map(|r| r.name().to_string());
    assert!(
        row.as_deref().is_some_and(|n| n.contains("Kinesis")),
        "{row:?}\n{}",
        t.screen()
    );
    t.press("n");
    loaded(&mut t).await;
    assert_eq!(stage(&t), Stage::Format, "{}", t.screen());
    t.press("<enter>");
    assert_eq!(stage(&t), Stage::Format, "the stream name is required");
    t.press("clickstream<enter>");
    loaded(&mut t).await;
    assert_eq!(stage(&t), Stage::Target, "{}", t.screen());
}
