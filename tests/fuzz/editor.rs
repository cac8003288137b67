//! The patch editor pane driven by arbitrary keystrokes, as the terminal delivers them
//! (routed by the keymap, handled by `update`): it never panics, a typed character lands
//! where the cursor was, and nothing but editing changes the text: a review refused for
//! errors, a mode switch refused, the question on leaving and the confirmation all keep
//! what was typed, and the draft written on leaving or quitting holds it. The checks
//! shown always describe the text in view, and a typed character undoes and redoes.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use flowscope::app::effect::Effect;
use flowscope::app::route::route_event;
use flowscope::app::shared::action::Action;
use flowscope::app::shared::editor::{EditorView, Stage};
use flowscope::app::shared::key::{Key as CoreKey, KeyCode as CoreCode, Mods};
use flowscope::app::state::App;
use flowscope::app::update::update;
use flowscope::app::view::View;
use flowscope::tui::input::input;

use super::inputs::{seeded, spicy_string};
use crate::support::tui::app_with_flows;

#[derive(Clone, Debug)]
enum Key {
    /// A key as a terminal reports it.
    Press(KeyCode, KeyModifiers),
    /// Bracketed paste.
    Paste(String),
    /// Select all (alt-a), then paste: the whole text replaced, as a user starts over.
    Replace(String),
}

const TYPED: &[char] = &[
    '[', ']', '{', '}', '"', ':', ',', ' ', 'a', 'n', 'm', 'e', '/', '0', '1', '-', 'é', '😀', 'y',
    'd', 'q',
];

/// Snippets worth pasting: a sendable rename, an op the service refuses, broken JSON.
const PASTES: &[&str] = &[
    r#"[{"op": "replace", "path": "/name", "value": "Renamed by fuzz"}]"#,
    r#"[{"op": "replace", "path": "/id", "value": "x"}]"#,
    r#"[{"op": "add", "path": "/description", "value": "d"}]"#,
    "[{\"op\": \"remove\",\n \"path\": \"/nmae\"}]",
    "{\"name\": ",
    "\r\n\t",
    "",
];

fn key() -> impl Strategy<Value = Key> {
    use KeyCode::*;
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    let alt = KeyModifiers::ALT;
    let named = select(vec![
        (Enter, none),
        (Backspace, none),
        (Delete, none),
        (Left, none),
        (Right, none),
        (Up, none),
        (Down, none),
        (Home, none),
        (End, none),
        (Tab, none),
        (PageDown, none),
        (Esc, none),
        (Char('s'), ctrl),
        (Char('t'), ctrl),
        (Char('z'), ctrl),
        (Char('y'), ctrl),
        (Char('f'), ctrl),
        (Char('g'), ctrl),
        (Char('k'), ctrl),
        (Char('w'), ctrl),
        (Char('u'), ctrl),
        (Char('a'), alt),
        (Char('o'), ctrl),
    ])
    .prop_map(|(c, m)| Key::Press(c, m));
    let snippet = || {
        prop_oneof![
            3 => select(PASTES).prop_map(str::to_string),
            1 => spicy_string(12),
        ]
    };
    prop_oneof![
        16 => select(TYPED).prop_map(|c| Key::Press(KeyCode::Char(c), KeyModifiers::NONE)),
        // Terminals report control characters as named keys or ctrl-letters, never so.
        3 => any::<char>()
            .prop_filter("a printable character", |c| !c.is_control())
            .prop_map(|c| Key::Press(KeyCode::Char(c), KeyModifiers::NONE)),
        12 => named,
        1 => snippet().prop_map(Key::Paste),
        1 => snippet().prop_map(Key::Replace),
        // The review key, to reach the confirmation and the send.
        2 => Just(Key::Press(KeyCode::Char('s'), ctrl)),
    ]
}

#[derive(Clone, Debug)]
struct Session {
    flow: usize,
    read_only: bool,
    /// Often starts from a pasted text (a sendable rename first of all), then types; may
    /// end with ctrl-c, which quits from anywhere and must keep the text as a draft.
    keys: Vec<Key>,
}

fn session() -> impl Strategy<Value = Session> {
    let start = prop_oneof![
        2 => Just(None),
        2 => Just(Some(PASTES[0])),
        1 => select(PASTES).prop_map(Some),
    ];
    (
        any::<usize>(),
        prop::bool::weighted(0.2),
        start,
        vec(key(), 1..40),
        any::<bool>(),
    )
        .prop_map(|(flow, read_only, start, mut keys, quit)| {
            if let Some(text) = start {
                keys.insert(0, Key::Replace(text.to_string()));
            }
            if quit {
                keys.push(Key::Press(KeyCode::Char('c'), KeyModifiers::CONTROL));
            }
            Session {
                flow,
                read_only,
                keys,
            }
        })
}

fn editor(app: &App) -> Option<&EditorView> {
    match app.view() {
        Some(View::Editor(e)) => Some(e),
        _ => None,
    }
}

fn stage_name(e: &EditorView) -> &'static str {
    match e.stage {
        Stage::Editing => "editing",
        Stage::Confirm { .. } => "confirm",
        Stage::Leaving => "leaving",
        Stage::Sending => "sending",
        Stage::Conflict(_) => "conflict",
    }
}

/// The text with `c` typed at the cursor.
fn typed_at(e: &EditorView, c: char) -> String {
    let (row, col) = e.text.cursor();
    let mut lines: Vec<String> = e.text.lines().to_vec();
    if let Some(line) = lines.get_mut(row) {
        let at = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
        line.insert(at, c);
    }
    lines.join("\n")
}

fn drafts_hold(fx: &[Effect], text: &str) -> Result<(), TestCaseError> {
    for f in fx {
        if let Effect::SaveDraft(d) = f {
            prop_assert_eq!(&d.text, text, "the draft lost what was typed");
        }
    }
    Ok(())
}

fn check(s: Session) -> Result<(), TestCaseError> {
    let flows = &seeded().flows;
    let flow = flows[s.flow % flows.len()].clone();
    let mut app = app_with_flows(vec![flow]);
    app.read_only = s.read_only;
    update(&mut app, Action::Edit);
    prop_assert!(editor(&app).is_some(), "e opens the editor");

    for k in &s.keys {
        if let Key::Replace(_) = k {
            // Select all first; the paste below then replaces the selection.
            let all = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::ALT);
            if let Some(a) = route_event(&app, &input(&Event::Key(all))) {
                update(&mut app, a);
            }
        }
        let Some(e) = editor(&app) else {
            // Left the editor (closed, or quit): nothing more to type into.
            return Ok(());
        };
        let before = e.value();
        let stage = stage_name(e);
        let overlay = app.overlay.is_some();
        let selecting = e.text.selection_range().is_some();
        let action = match k {
            Key::Paste(t) => Some(Action::Paste(t.clone())),
            Key::Replace(t) => Some(Action::Paste(t.clone())),
            Key::Press(code, mods) => {
                route_event(&app, &input(&Event::Key(KeyEvent::new(*code, *mods))))
            }
        };
        let Some(action) = action else { continue };
        let expected_typed = match (&action, stage, overlay, selecting) {
            (
                Action::Key(CoreKey {
                    code: CoreCode::Char(c),
                    mods,
                    ..
                }),
                "editing",
                false,
                false,
            ) if mods.without(Mods::SHIFT).is_empty() => Some(typed_at(e, *c)),
            _ => None,
        };
        let text_action = matches!(
            action,
            Action::Key(_) | Action::Paste(_) | Action::Undo | Action::Redo
        );
        let fx = update(&mut app, action.clone());
        if app.quit {
            return drafts_hold(&fx, &before);
        }
        let Some(e) = editor(&app) else {
            // Closed: leaving keeps the text as a draft, discarding says so.
            return drafts_hold(&fx, &before);
        };
        let after = e.value();
        if let Some(want) = &expected_typed {
            prop_assert_eq!(
                &after,
                want,
                "typing {:?} did not land at the cursor",
                action
            );
        } else if stage != "editing" || overlay || !text_action {
            // Only editing in the editing stage changes the text; a mode switch rewrites
            // it in the other mode, and a rebase is not reached here (nothing answers).
            if !(matches!(action, Action::EditMode) && stage == "editing" && !overlay) {
                prop_assert_eq!(
                    &after,
                    &before,
                    "{:?} in stage {} changed the text",
                    action,
                    stage
                );
            }
        }
        if matches!(action, Action::Submit) && stage == "editing" && !overlay {
            prop_assert_eq!(&after, &before);
            if e.checked.errors() > 0 || s.read_only {
                prop_assert!(matches!(e.stage, Stage::Editing), "sent with errors");
                let notice = e
                    .notice
                    .as_ref()
                    .map(|n| n.text.clone())
                    .unwrap_or_default();
                prop_assert!(!notice.is_empty(), "a refused review says why");
                if let Some(n) = notice
                    .split("line ")
                    .nth(1)
                    .and_then(|r| r.split(':').next())
                    .and_then(|n| n.parse::<usize>().ok())
                {
                    prop_assert!(
                        n >= 1 && n <= after.split('\n').count(),
                        "the notice points at line {n} of {} lines: {notice}",
                        after.split('\n').count()
                    );
                }
            }
        }
        if matches!(e.stage, Stage::Sending) {
            // Sent once: the confirmation's `y` produced exactly one submit.
            let submits = fx
                .iter()
                .filter(|f| matches!(f, Effect::Submit { .. }))
                .count();
            if stage == "confirm" {
                prop_assert_eq!(submits, 1);
                prop_assert!(!s.read_only, "a read-only session sent a change");
            }
        } else {
            let sent = fx.iter().any(|f| matches!(f, Effect::Submit { .. }));
            prop_assert!(!sent, "a submit without the confirmation's yes");
        }
        // The checks always describe the text in view (what a review would send above
        // all), and their findings point inside it.
        prop_assert!(
            e.checked == e.spec.check(e.mode, &after),
            "after {:?} the checks are of another text",
            action
        );
        super::inputs::findings_are_sound(&after, &e.checked.findings)?;
        // A typed character is one step of the history: undone, then redone.
        if expected_typed.is_some() {
            for (step, want) in [(Action::Undo, &before), (Action::Redo, &after)] {
                update(&mut app, step.clone());
                let now = editor(&app).map(EditorView::value).unwrap_or_default();
                prop_assert_eq!(&now, want, "{:?} after typing {:?}", step, action);
            }
        }
    }
    Ok(())
}

#[test]
fn editor_keystrokes() {
    super::fuzz("editor::editor_keystrokes", 64, session(), check);
}
