//! The patch editor driven through the whole app loop against the emulator: renaming a
//! flow, a stale etag leading to the conflict screen and a rebase, refusal in a read-only
//! session, recovery of a draft after a crash, and the audit journal; with snapshots of
//! the editor's states. Etags come from a process-wide counter, so snapshots mask them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use flowscope::api::{Client, ClientConfig};
use flowscope::app::effect::Msg;
use flowscope::app::shared::editor::Stage;
use flowscope::app::view::View;
use flowscope::emulator::{EmulatorConfig, TEST_EPOCH_MS};
use flowscope::model::PatchOp;
use flowscope::store::Store;
use insta::assert_snapshot;
use serde_json::{Value, json};
use support::tui::{Opts, Tui};

const W: u16 = 120;
const H: u16 = 30;
pub(crate) const FLOW: &str = "DLZ web sessions full ingestion";
const RENAME: &str = r#"[
  { "op": "replace", "path": "/name", "value": "Web sessions (renamed)" }
]"#;

/// Etags differ from run to run (and may be cut at the pane's edge); the layout does not.
pub(crate) fn masked(screen: &str) -> String {
    const MID: &str = "-0000-0200-";
    let mut out = String::new();
    let mut rest = screen;
    while let Some(i) = rest.find(MID) {
        let (head, tail) = rest.split_at(i);
        let hex = head
            .chars()
            .rev()
            .take_while(char::is_ascii_hexdigit)
            .count();
        out.push_str(&head[..head.len() - hex]);
        out.push_str(&"x".repeat(hex));
        out.push_str(MID);
        let tail = &tail[MID.len()..];
        let run = tail
            .chars()
            .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
            .count();
        out.push_str(&"x".repeat(run));
        rest = &tail[run..];
    }
    out.push_str(rest);
    out
}

pub(crate) async fn on_flows(opts: Opts) -> Tui {
    let mut t = Tui::start_opts(EmulatorConfig::for_tests(), W, H, opts).await;
    t.keys("2");
    t.settle().await;
    t
}

pub(crate) fn client(t: &Tui) -> Client {
    Client::new(ClientConfig::for_emulator(&t.emu.base_url())).unwrap()
}

pub(crate) async fn flow_named(t: &Tui, name: &str) -> Value {
    let flows: Vec<Value> = t
        .app()
        .root_list(flowscope::app::shared::nav::Tab::Flows)
        .unwrap()
        .items();
    let id = flows
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("the demo has a flow named {name}"))["id"]
        .as_str()
        .unwrap()
        .to_string();
    fetch(t, &id).await
}

pub(crate) async fn fetch(t: &Tui, id: &str) -> Value {
    serde_json::to_value(client(t).get_flow(id).await.unwrap()).unwrap()
}

/// Filters the Flows list down to `name` and opens the editor on it.
pub(crate) fn edit(t: &mut Tui, name: &str) {
    t.keys(&format!("/{name}<enter>e"));
    assert!(
        matches!(t.app().view(), Some(View::Editor(_))),
        "the editor is open"
    );
}

/// Replaces the whole text by typing, as a user would.
pub(crate) fn type_text(t: &mut Tui, text: &str) {
    t.keys("<a-a>");
    t.keys(text);
}

pub(crate) fn stage(t: &Tui) -> &Stage {
    match t.app().view() {
        Some(View::Editor(e)) => &e.stage,
        _ => panic!("the editor is in view"),
    }
}

pub(crate) fn notice(t: &Tui) -> String {
    match t.app().view() {
        Some(View::Editor(e)) => e
            .notice
            .as_ref()
            .map(|n| n.text.clone())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

pub(crate) fn journal(t: &Tui) -> Vec<flowscope::store::journal::Entry> {
    Store::at(&t.data).journal.read().unwrap().0
}

#[tokio::test]
async fn renaming_a_flow_changes_its_name_and_etag_and_is_journaled() {
    let mut t = on_flows(Opts::default()).await;
    let before = flow_named(&t, FLOW).await;
    edit(&mut t, FLOW);
    type_text(&mut t, RENAME);
    assert_snapshot!("editor_valid_patch", masked(&t.screen()));
    t.keys("<c-s>");
    assert!(matches!(stage(&t), Stage::Confirm { .. }));
    assert_snapshot!("editor_confirm", masked(&t.screen()));
    t.keys("y");
    t.wait_for("submitted").await;
    let id = before["id"].as_str().unwrap();
    let after = fetch(&t, id).await;
    assert_eq!(after["name"], "Web sessions (renamed)");
    assert_ne!(after["etag"], before["etag"], "a change makes a new etag");
    let shown = notice(&t);
    assert!(
        shown.contains(after["etag"].as_str().unwrap()),
        "the new etag is shown: {shown}"
    );
    assert!(matches!(stage(&t), Stage::Editing));
    // The flows list has the new name without a refresh.
    t.keys("<esc>");
    let list = t
        .app()
        .root_list(flowscope::app::shared::nav::Tab::Flows)
        .unwrap();
    let row = list.rows().find(|r| r.id() == id).unwrap();
    assert_eq!(row.name(), "Web sessions (renamed)");
    // One journal line, with both etags and the result.
    let j = journal(&t);
    assert_eq!(j.len(), 1);
    assert_eq!(j[0].id, id);
    assert_eq!(j[0].resource, "flows");
    assert_eq!(j[0].result, "ok");
    assert_eq!(j[0].old_etag.as_deref(), before["etag"].as_str());
    assert_eq!(j[0].new_etag.as_deref(), after["etag"].as_str());
    assert_eq!(j[0].time_ms, TEST_EPOCH_MS);
    assert_eq!(j[0].patch, serde_json::from_str::<Value>(RENAME).unwrap());
    assert_eq!(j[0].sandbox, "prod");
    // :journal shows it.
    t.keys(":journal<enter>");
    t.settle().await;
    let screen = t.screen();
    assert!(screen.contains("Journal"), "{screen}");
    assert!(screen.contains(id), "{screen}");
}

#[tokio::test]
async fn a_stale_etag_shows_the_conflict_and_a_rebase_sends_it() {
    let mut t = on_flows(Opts::default()).await;
    let before = flow_named(&t, FLOW).await;
    let id = before["id"].as_str().unwrap().to_string();
    edit(&mut t, FLOW);
    type_text(&mut t, RENAME);
    // Someone else changes the flow while the editor is open.
    let other = PatchOp {
        op: "replace".into(),
        path: "/description".into(),
        value: Some(json!("changed by a colleague")),
        extra: Default::default(),
    };
    client(&t)
        .patch_flow_fetching_etag(&id, &[other])
        .await
        .unwrap();
    t.keys("<c-s>y");
    t.wait_for("submitted").await;
    assert!(matches!(stage(&t), Stage::Conflict(_)), "{:?}", stage(&t));
    let screen = t.screen();
    assert!(
        screen.contains("FLOW-1404-412"),
        "the service's code: {screen}"
    );
    assert!(screen.contains("changed by a colleague"), "{screen}");
    assert_snapshot!("editor_conflict", masked(&screen));
    // Nothing changed on the server with the stale etag.
    assert_eq!(fetch(&t, &id).await["name"], before["name"]);
    // Rebase: the same patch on the current version, reviewed, then sent.
    t.keys("y");
    assert!(
        matches!(stage(&t), Stage::Confirm { .. }),
        "{:?}",
        stage(&t)
    );
    t.keys("y");
    t.wait_for("submitted").await;
    let after = fetch(&t, &id).await;
    assert_eq!(after["name"], "Web sessions (renamed)");
    assert_eq!(
        after["description"], "changed by a colleague",
        "theirs is kept"
    );
    let j = journal(&t);
    assert_eq!(j.len(), 2, "the refused attempt and the sent one");
    assert!(j[0].result.contains("FLOW-1404-412"), "{}", j[0].result);
    assert_eq!(j[1].result, "ok");
}

#[tokio::test]
async fn a_read_only_session_refuses_to_send_and_says_why() {
    let mut t = on_flows(Opts {
        read_only: true,
        ..Opts::default()
    })
    .await;
    let before = flow_named(&t, FLOW).await;
    edit(&mut t, FLOW);
    assert!(notice(&t).contains("read-only"), "{}", notice(&t));
    type_text(&mut t, RENAME);
    t.keys("<c-s>");
    assert!(matches!(stage(&t), Stage::Editing), "no confirmation");
    assert!(notice(&t).contains("--read-only"), "{}", notice(&t));
    assert!(t.screen().contains("refused: read-only session"));
    let after = fetch(&t, before["id"].as_str().unwrap()).await;
    assert_eq!(after["etag"], before["etag"], "nothing was sent");
    assert!(journal(&t).is_empty());
}

#[tokio::test]
async fn a_draft_survives_a_crash_and_is_offered_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let opts = || Opts {
        data: Some(dir.path().to_path_buf()),
        ..Opts::default()
    };
    let mut t = on_flows(opts()).await;
    let before = flow_named(&t, FLOW).await;
    edit(&mut t, FLOW);
    type_text(&mut t, RENAME);
    // The tick writes the draft; then the session dies without closing the editor.
    t.message(Msg::Tick {
        now_ms: TEST_EPOCH_MS + 1_000,
    });
    t.wait_for("draft saved").await;
    drop(t);
    let saved = Store::at(dir.path()).drafts.list().unwrap().0;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].text, RENAME);

    // The next start lists the draft; enter opens it with the text as it was.
    let mut t = on_flows(opts()).await;
    assert!(t.seen.contains(&"drafts"));
    let screen = t.screen();
    assert!(screen.contains("Drafts"), "{screen}");
    assert!(screen.contains(FLOW), "{screen}");
    t.keys("<enter>");
    match t.app().view() {
        Some(View::Editor(e)) => assert_eq!(e.value(), RENAME),
        _ => panic!("the draft opens in the editor"),
    }
    t.keys("<c-s>y");
    t.wait_for("submitted").await;
    let after = fetch(&t, before["id"].as_str().unwrap()).await;
    assert_eq!(after["name"], "Web sessions (renamed)");
    t.settle().await;
    // Sent: the draft is gone (its removal is queued behind the writer).
    t.d.exec.finish();
    assert!(Store::at(dir.path()).drafts.list().unwrap().0.is_empty());
}

#[tokio::test]
async fn syntax_errors_are_marked_where_they_are() {
    let mut t = on_flows(Opts::default()).await;
    edit(&mut t, FLOW);
    type_text(
        &mut t,
        "[\n  {\"op\": \"replace\", \"path\": \"/name\" \"value\": \"x\"}\n]",
    );
    let e = match t.app().view() {
        Some(View::Editor(e)) => e,
        _ => unreachable!(),
    };
    let first = &e.checked.findings[0];
    // At the token where a `,` was missing.
    assert_eq!((first.line, first.column), (2, 37), "{first:?}");
    assert_snapshot!("editor_syntax_error", masked(&t.screen()));
    t.keys("<c-s>");
    assert!(matches!(stage(&t), Stage::Editing));
    assert!(
        notice(&t).starts_with("not sent: fix 1 error first"),
        "{}",
        notice(&t)
    );
}

#[tokio::test]
async fn document_mode_reports_read_only_fields_it_leaves_out() {
    let mut t = on_flows(Opts::default()).await;
    let flow = flow_named(&t, FLOW).await;
    edit(&mut t, FLOW);
    t.keys("<c-t>");
    let mut doc: Value = match t.app().view() {
        Some(View::Editor(e)) => serde_json::from_str(&e.value()).unwrap(),
        _ => unreachable!(),
    };
    doc["name"] = json!("Renamed in document mode");
    doc["createdBy"] = json!("someone-else@AdobeID");
    let text = serde_json::to_string_pretty(&doc).unwrap();
    // A paste, as a user would bring in a whole document.
    t.keys("<a-a>");
    t.event(&crossterm::event::Event::Paste(text));
    let e = match t.app().view() {
        Some(View::Editor(e)) => e,
        _ => unreachable!(),
    };
    assert_eq!(e.checked.warnings(), 1, "{:?}", e.checked.findings);
    assert!(
        e.checked.findings[0]
            .message
            .contains("`/createdBy` is read-only")
    );
    assert_eq!(
        e.checked.payload,
        Some(json!([{"op": "replace", "path": "/name", "value": "Renamed in document mode"}]))
    );
    // Search brings the flagged line into view.
    t.keys("<c-f>createdBy<enter>");
    assert_snapshot!("editor_read_only_warning", masked(&t.screen()));
    t.keys("<c-s>y");
    t.wait_for("submitted").await;
    let after = fetch(&t, flow["id"].as_str().unwrap()).await;
    assert_eq!(after["name"], "Renamed in document mode");
    assert_eq!(after["createdBy"], flow["createdBy"]);
}

#[tokio::test]
async fn leaving_with_changes_asks_and_keeps_a_draft_that_e_continues() {
    let mut t = on_flows(Opts::default()).await;
    edit(&mut t, FLOW);
    type_text(&mut t, RENAME);
    t.keys("<esc>");
    assert!(matches!(stage(&t), Stage::Leaving));
    assert!(t.screen().contains("leave the editor?"));
    t.keys("y");
    assert!(matches!(t.app().view(), Some(View::List(_))));
    t.keys("e");
    match t.app().view() {
        Some(View::Editor(e)) => {
            assert_eq!(e.value(), RENAME);
            assert!(notice(&t).starts_with("continuing your draft"));
        }
        _ => panic!("the editor is back"),
    }
    // Discarding forgets it.
    t.keys("<esc>d");
    t.keys("e");
    match t.app().view() {
        Some(View::Editor(e)) => assert!(!e.edited(), "a fresh start"),
        _ => panic!("the editor opens"),
    }
}

#[tokio::test]
async fn undo_redo_search_and_the_external_editor() {
    let mut t = on_flows(Opts::default()).await;
    edit(&mut t, FLOW);
    let start = match t.app().view() {
        Some(View::Editor(e)) => e.value(),
        _ => unreachable!(),
    };
    let now = |t: &Tui| match t.app().view() {
        Some(View::Editor(e)) => e.value(),
        _ => unreachable!(),
    };
    // A paste over a selection undoes in two steps (the paste, then the cut).
    t.keys("<a-a>");
    t.event(&crossterm::event::Event::Paste(RENAME.to_string()));
    assert_eq!(now(&t), RENAME);
    t.keys("<c-z>");
    assert_ne!(now(&t), RENAME);
    t.keys("<c-z>");
    assert_eq!(now(&t), start);
    t.keys("<c-y><c-y>");
    assert_eq!(now(&t), RENAME);
    // Search moves the cursor to the match.
    t.keys("<c-f>value<enter>");
    match t.app().view() {
        Some(View::Editor(e)) => assert_eq!(e.cursor(), (2, 40)),
        _ => unreachable!(),
    }
    // Ctrl-o hands the text to $EDITOR; what comes back replaces it.
    t.keys("<c-o>");
    let (slot, text) = t.d.take_external().expect("an external edit was asked for");
    assert_eq!(text, RENAME);
    t.message(Msg::ExternalEdited {
        slot,
        result: Ok(text.replace("renamed", "edited outside") + "\n"),
    });
    assert_eq!(now(&t), RENAME.replace("renamed", "edited outside"));
    // Copying with no selection copies the whole text.
    t.keys("<a-c>");
    t.settle().await;
    use base64::Engine;
    let sent = base64::engine::general_purpose::STANDARD.encode(now(&t));
    assert!(
        t.copied().contains(&format!("\x1b]52;c;{sent}")),
        "the whole text went out"
    );
}
