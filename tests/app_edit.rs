//! Pure update tests of the editor: actions and messages in, state and effects out, no
//! network and no terminal. Sending needs a confirmation and happens once; a read-only
//! session never produces a send; outcomes move the editor where they should.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::app::effect::{Effect, Msg};
use flowscope::app::load::start;
use flowscope::app::receive::receive;
use flowscope::app::shared::action::Action;
use flowscope::app::shared::editor::Stage;
use flowscope::app::shared::effect::{Change, Outcome};
use flowscope::app::shared::pane::ErrorInfo;
use flowscope::app::state::App;
use flowscope::app::update::update;
use flowscope::app::view::View;
use serde_json::{Value, json};
use support::tui::{app_with_flows, parse_keys, test_app};

fn flow(etag: &str, name: &str) -> Value {
    json!({
        "id": "f1", "name": name, "etag": etag, "state": "enabled",
        "flowSpec": {"id": "s", "version": "1.0"},
        "sourceConnectionIds": ["sc"], "targetConnectionIds": ["tc"],
    })
}

/// An app on the Flows tab with one flow loaded and the editor open on it.
fn editing(read_only: bool) -> App {
    let mut app = app_with_flows(vec![flow("\"e1\"", "Orders")]);
    app.read_only = read_only;
    let fx = update(&mut app, Action::Edit);
    assert!(fx.is_empty(), "opening reads nothing: {fx:?}");
    assert!(matches!(app.view(), Some(View::Editor(_))));
    app
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

fn paste(app: &mut App, text: &str) {
    keys(app, "<a-a>");
    update(app, Action::Paste(text.into()));
}

fn stage(app: &App) -> &Stage {
    match app.view() {
        Some(View::Editor(e)) => &e.stage,
        _ => panic!("the editor is in view"),
    }
}

const RENAME: &str = r#"[{"op": "replace", "path": "/name", "value": "Orders v2"}]"#;

fn sends(fx: &[Effect]) -> Vec<&Change> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Submit { change, .. } => Some(change),
            _ => None,
        })
        .collect()
}

#[test]
fn one_confirmed_send_carries_the_patch_and_the_etag() {
    let mut app = editing(false);
    paste(&mut app, RENAME);
    assert!(sends(&keys(&mut app, "<c-s>")).is_empty(), "review first");
    assert!(matches!(stage(&app), Stage::Confirm { .. }));
    let fx = keys(&mut app, "y");
    let sent = sends(&fx);
    assert_eq!(
        sent,
        [&Change::Patch {
            resource: flowscope::model::patchable::Resource::Flow,
            id: "f1".into(),
            etag: "\"e1\"".into(),
            ops: serde_json::from_str(RENAME).unwrap(),
        }]
    );
    assert!(matches!(stage(&app), Stage::Sending));
    // Keys while sending change nothing and send nothing more.
    assert!(sends(&keys(&mut app, "<c-s>yy")).is_empty());
    assert!(matches!(stage(&app), Stage::Sending));
}

#[test]
fn read_only_never_sends_and_keeps_the_text() {
    let mut app = editing(true);
    paste(&mut app, RENAME);
    // No confirmation opens, so a `y` after ctrl-s is typed text, never a send.
    let fx = keys(&mut app, "<c-s>");
    assert!(sends(&fx).is_empty());
    assert!(matches!(stage(&app), Stage::Editing));
    match app.view() {
        Some(View::Editor(e)) => {
            assert_eq!(e.value(), RENAME);
            assert!(e.notice.as_ref().unwrap().text.contains("--read-only"));
        }
        _ => unreachable!(),
    }
}

#[test]
fn errors_block_the_review_and_say_where() {
    let mut app = editing(false);
    paste(
        &mut app,
        r#"[{"op": "replace", "path": "/id", "value": "x"}]"#,
    );
    keys(&mut app, "<c-s>");
    assert!(matches!(stage(&app), Stage::Editing));
    let Some(View::Editor(e)) = app.view() else {
        unreachable!()
    };
    let text = &e.notice.as_ref().unwrap().text;
    assert!(
        text.contains("line 1") && text.contains("read-only"),
        "{text}"
    );
}

fn sent_slot(app: &mut App) -> u64 {
    paste(app, RENAME);
    let fx = keys(app, "<c-s>y");
    fx.iter()
        .find_map(|e| match e {
            Effect::Submit { slot, .. } => Some(*slot),
            _ => None,
        })
        .unwrap()
}

#[test]
fn success_reloads_the_object_updates_the_list_and_forgets_the_draft() {
    let mut app = editing(false);
    let slot = sent_slot(&mut app);
    let fx = receive(
        &mut app,
        Msg::Submitted {
            slot,
            outcome: Outcome::Sent {
                object: Some(flow("\"e2\"", "Orders v2")),
                etag: Some("\"e2\"".into()),
                journal: Ok(()),
            },
        },
    );
    assert!(fx.iter().any(|e| matches!(e, Effect::RemoveDraft(_))));
    let Some(View::Editor(e)) = app.view() else {
        unreachable!()
    };
    assert!(matches!(e.stage, Stage::Editing));
    assert_eq!(
        e.spec.etag().as_deref(),
        Some("\"e2\""),
        "edits go on from the new etag"
    );
    assert!(e.notice.as_ref().unwrap().text.contains("\"e2\""));
    assert!(!e.edited());
    let list = app
        .root_list(flowscope::app::shared::nav::Tab::Flows)
        .unwrap();
    assert_eq!(list.items()[0]["name"], "Orders v2");
}

#[test]
fn a_conflict_offers_a_rebase_onto_the_current_object() {
    let mut app = editing(false);
    let slot = sent_slot(&mut app);
    let error = ErrorInfo {
        status: Some(412),
        code: Some("FLOW-1404-412".into()),
        message: "FLOW-1404-412: stale (412)".into(),
        retry: false,
    };
    receive(
        &mut app,
        Msg::Submitted {
            slot,
            outcome: Outcome::Conflict {
                error,
                current: Some(flow("\"e9\"", "Orders (theirs)")),
                journal: Ok(()),
            },
        },
    );
    assert!(matches!(stage(&app), Stage::Conflict(_)));
    // Rebase goes straight to the review, with the new etag.
    keys(&mut app, "y");
    assert!(matches!(stage(&app), Stage::Confirm { .. }));
    let fx = keys(&mut app, "y");
    match sends(&fx)[..] {
        [Change::Patch { etag, .. }] => assert_eq!(etag, "\"e9\""),
        ref other => panic!("one send: {other:?}"),
    }
}

#[test]
fn an_unsure_failure_says_the_change_may_have_happened() {
    let mut app = editing(false);
    let slot = sent_slot(&mut app);
    receive(
        &mut app,
        Msg::Submitted {
            slot,
            outcome: Outcome::Failed {
                error: ErrorInfo {
                    status: None,
                    code: None,
                    message: "timed out: PATCH /flows/f1".into(),
                    retry: true,
                },
                unsure: true,
                journal: Err("disk full".into()),
            },
        },
    );
    let Some(View::Editor(e)) = app.view() else {
        unreachable!()
    };
    assert!(matches!(e.stage, Stage::Editing));
    assert_eq!(e.value(), RENAME, "the text is kept");
    assert!(e.notice.as_ref().unwrap().text.contains("may or may not"));
    assert!(app.toasts.iter().any(|t| t.text.contains("journal")));
}

#[test]
fn the_tick_saves_drafts_and_quitting_saves_the_rest() {
    let mut app = editing(false);
    paste(&mut app, RENAME);
    let now = app.now_ms;
    let fx = receive(&mut app, Msg::Tick { now_ms: now + 200 });
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::SaveDraft(d) if d.text == RENAME && d.id == "f1"))
    );
    // Nothing new: nothing written.
    let fx = receive(&mut app, Msg::Tick { now_ms: now + 400 });
    assert!(!fx.iter().any(|e| matches!(e, Effect::SaveDraft(_))));
    keys(&mut app, "x");
    let fx = keys(&mut app, "<c-c>");
    assert!(app.quit);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::SaveDraft(d) if d.text.ends_with('x')))
    );
}

#[test]
fn e_on_something_that_cannot_be_patched_says_so() {
    let mut app = test_app();
    start(&mut app);
    update(
        &mut app,
        Action::GoTab(flowscope::app::shared::nav::Tab::Specs),
    );
    let fx = update(&mut app, Action::Edit);
    assert!(fx.is_empty());
    assert!(!matches!(app.view(), Some(View::Editor(_))));
    assert!(!app.toasts.is_empty());
}

#[test]
fn a_masked_secret_is_never_sent_and_an_untouched_template_sends_nothing() {
    use flowscope::app::features::edit::spec::PatchSpec;
    use flowscope::app::shared::editor::spec::{EditSpec, Mode};
    use flowscope::model::patchable::Resource;
    let conn = json!({
        "id": "c1", "name": "SAS", "etag": "\"e\"",
        "auth": {"specName": "SAS", "params": {"sasUri": "https://x?sig=abc", "containerName": "c"}},
    });
    let spec = PatchSpec::new(Resource::Connection, "c1", &conn);
    let template = spec.initial(Mode::Patch);
    assert!(!template.contains("sasUri"), "{template}");
    let c = spec.check(Mode::Patch, &template);
    assert_eq!(
        (c.payload.is_none(), c.summary.as_str()),
        (true, "no changes (the 2 operations change nothing)")
    );
    let c = spec.check(
        Mode::Patch,
        r#"[{"op": "replace", "path": "/auth/params/sasUri", "value": "••••"}]"#,
    );
    assert!(c.payload.is_none() && c.errors() == 1, "{:?}", c.findings);
    // Document mode shows the secret masked; left as shown, it is not part of the patch.
    let doc = spec.initial(Mode::Document);
    assert!(!doc.contains("sig=abc"));
    let c = spec.check(Mode::Document, &doc.replacen("\"SAS\"", "\"SAS v2\"", 1));
    assert_eq!(
        c.payload,
        Some(json!([{"op": "replace", "path": "/name", "value": "SAS v2"}]))
    );
}
