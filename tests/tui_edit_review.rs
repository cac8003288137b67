//! The patch editor's review, driven through the whole app loop against the emulator:
//! what is sent is only the operations that change something (the template's others are
//! named as left out, in the status line and the review, and never reach the request or
//! the journal), the review lists those operations, and a changed secret shows as a
//! changed line, masked on both sides.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;
use crate::tui_edit::{
    FLOW, edit, fetch, flow_named, journal, masked, notice, on_flows, stage, type_text,
};

use flowscope::app::shared::editor::Stage;
use flowscope::app::shared::nav::Tab;
use flowscope::app::view::View;
use flowscope::model::MASK;
use insta::assert_snapshot;
use serde_json::{Value, json};
use support::tui::Opts;

/// The Salesforce connection spec, whose base connections carry `/auth/params/password`.
const SALESFORCE: &str = "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5";
const NEW_NAME: &str = "Web sessions (renamed)";

fn text(t: &support::tui::Tui) -> String {
    match t.app().view() {
        Some(View::Editor(e)) => e.value(),
        _ => panic!("the editor is in view"),
    }
}

#[tokio::test]
async fn only_the_operations_that_change_something_are_reviewed_sent_and_journaled() {
    let mut t = on_flows(Opts::default()).await;
    let before = flow_named(&t, FLOW).await;
    let id = before["id"].as_str().unwrap().to_string();
    edit(&mut t, FLOW);
    let template = text(&t);
    assert_eq!(
        template.matches("\"replace\"").count(),
        4,
        "the flow template: {template}"
    );
    // Untouched, every operation replaces a member by itself: nothing to send.
    t.keys("<c-s>");
    assert!(matches!(stage(&t), Stage::Editing));
    assert_eq!(
        notice(&t),
        "nothing to send: no changes (the 4 operations change nothing)"
    );
    // Only the name edited.
    type_text(&mut t, &template.replace(FLOW, NEW_NAME));
    let screen = t.screen();
    assert!(
        screen.contains("✓ 1 operation ready to send (3 that change nothing left out)"),
        "{screen}"
    );
    t.keys("<c-s>");
    assert!(matches!(stage(&t), Stage::Confirm { .. }));
    let screen = t.screen();
    assert!(
        screen.contains("1 operation on flow «DLZ web sessions full ingestion»:"),
        "{screen}"
    );
    assert!(
        screen.contains(&format!(r#"  replace /name "{NEW_NAME}""#)),
        "{screen}"
    );
    assert!(
        screen.contains("left out, not sent: 3 operations that change nothing"),
        "{screen}"
    );
    assert!(screen.contains("  replace /description "), "{screen}");
    assert_snapshot!("editor_confirm_left_out", masked(&screen));
    t.keys("y");
    t.wait_for("submitted").await;
    let after = fetch(&t, &id).await;
    assert_eq!(after["name"], NEW_NAME);
    for member in ["description", "scheduleParams", "transformations"] {
        assert_eq!(after[member], before[member], "{member}");
    }
    // The journal holds the one operation sent.
    let j = journal(&t);
    assert_eq!(j.len(), 1);
    assert_eq!(
        j[0].patch,
        json!([{"op": "replace", "path": "/name", "value": NEW_NAME}])
    );
}

#[tokio::test]
async fn a_changed_secret_is_a_changed_masked_line_in_the_review() {
    let mut t = on_flows(Opts::default()).await;
    t.keys("1");
    t.settle().await;
    let conn: Value = t
        .app()
        .root_list(Tab::Connections)
        .unwrap()
        .items()
        .iter()
        .find(|c| c["connectionSpec"]["id"] == SALESFORCE)
        .expect("the demo has a Salesforce connection")
        .clone();
    let name = conn["name"].as_str().unwrap().to_string();
    edit(&mut t, &name);
    type_text(
        &mut t,
        r#"[{"op": "replace", "path": "/auth/params/password", "value": "n3w-s3cret"}]"#,
    );
    t.keys("<c-s>");
    assert!(matches!(stage(&t), Stage::Confirm { .. }), "{}", notice(&t));
    let screen = t.screen();
    assert!(
        screen.contains(&format!(r#"replace /auth/params/password "{MASK}""#)),
        "{screen}"
    );
    assert!(
        screen.contains(&format!(r#"-       "password": "{MASK}","#)),
        "{screen}"
    );
    assert!(
        screen.contains(&format!(r#"+       "password": "{MASK}" (changed),"#)),
        "{screen}"
    );
    assert!(!screen.contains("n3w-s3cret"), "{screen}");
    assert_snapshot!("editor_confirm_secret", masked(&screen));
    t.keys("y");
    t.wait_for("submitted").await;
    let j = journal(&t);
    assert_eq!(
        j[0].patch,
        json!([{"op": "replace", "path": "/auth/params/password", "value": MASK}])
    );
    assert_eq!(j[0].result, "ok");
}
