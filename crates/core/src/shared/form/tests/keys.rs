//! Editing a form with the actions a host forwards: choices, booleans, paste, secrets
//! revealed and hidden, moving, submitting and cancelling.

use serde_json::{Value, json};

use super::{s3_access_key, type_text};
use crate::shared::action::Action;
use crate::shared::form::*;
use crate::shared::key::{Key, KeyCode, Mods};
use crate::shared::text::plain::new_text;

#[test]
fn enums_are_choices_picked_with_left_right_and_letters() {
    let schema = json!({
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["file", "folder"]},
            "mode": {"type": "string", "enum": ["append", "overwrite"], "default": "overwrite"},
            "dataType": {"type": "string", "enum": ["xdm", "raw"]},
        },
        "required": ["mode", "dataType"]
    });
    let mut form = Form::from_schema(new_text, &schema, &json!({"dataType": "raw"}));
    let empty_first = FieldKind::Choice(vec!["".into(), "file".into(), "folder".into()]);
    assert_eq!(form.fields[0].kind, empty_first);
    assert_eq!(form.fields[0].shown(), "—");
    assert_eq!(form.get("mode"), "overwrite", "the default");
    assert_eq!(form.get("dataType"), "raw", "the prefill");
    assert_eq!(
        form.value(),
        Ok(json!({"mode": "overwrite", "dataType": "raw"}))
    );
    form.focus = 0;
    assert_eq!(form.key(&Action::Right), FormKeyResult::Consumed);
    assert_eq!(form.get("type"), "file");
    form.key(&Action::Key(Key::char(' ')));
    assert_eq!(form.get("type"), "folder");
    form.key(&Action::Right);
    assert_eq!(form.get("type"), "", "round to the empty choice");
    form.key(&Action::Left);
    assert_eq!(form.get("type"), "folder");
    form.key(&Action::Key(Key::char('F')));
    assert_eq!(form.get("type"), "file", "the next starting with f");
    assert_eq!(
        form.key(&Action::Key(Key::char('q'))),
        FormKeyResult::Consumed
    );
    assert_eq!(form.get("type"), "file");
    assert_eq!(form.value().unwrap()["type"], "file");
    assert!(!form.set("type", "socket"), "not a choice");
    assert!(form.set("type", "folder"));
    assert_eq!(form.get("type"), "folder");
}

#[test]
fn booleans_toggle_and_are_always_sent() {
    let schema = json!({"properties": {
        "recursive": {"type": "boolean", "description": "Read sub-folders too."},
        "gzip": {"type": "boolean", "default": true},
    }, "required": ["recursive"]});
    let mut form = Form::from_schema(new_text, &schema, &Value::Null);
    assert_eq!(form.fields[0].kind, FieldKind::Bool);
    assert!(!form.fields[0].required, "a box always has a value");
    assert_eq!(form.value(), Ok(json!({"recursive": false, "gzip": true})));
    form.focus = 0;
    form.key(&Action::Key(Key::char(' ')));
    form.key(&Action::Down);
    form.key(&Action::Toggle);
    assert_eq!(form.value(), Ok(json!({"recursive": true, "gzip": false})));
    assert_eq!(
        form.key(&Action::Key(Key::char('x'))),
        FormKeyResult::Ignored,
        "a box takes no text"
    );
}

#[test]
fn a_paste_goes_into_the_focused_field_on_one_line() {
    let mut form = s3_access_key();
    form.key(&Action::Up);
    assert_eq!(form.focus, 4, "round the top");
    assert_eq!(
        form.key(&Action::Paste("bucket/\r\nfolder\n".into())),
        FormKeyResult::Consumed
    );
    assert_eq!(form.get("folderPath"), "bucket/ folder");
    assert!(form.fields[4].touched);
}

#[test]
fn a_secret_is_revealed_and_hidden_and_never_shown_by_debug() {
    let mut form = s3_access_key();
    form.key(&Action::Down);
    type_text(&mut form, "hunter2");
    assert_eq!(form.fields[1].shown(), "•••••••");
    assert!(
        form.fields[1].hint().contains("ctrl-r"),
        "the help line says how"
    );
    let ctrl_r = Action::Key(Key::new(KeyCode::Char('r'), Mods::CTRL));
    assert_eq!(form.key(&ctrl_r), FormKeyResult::Consumed);
    assert!(form.fields[1].revealed);
    assert_eq!(form.fields[1].shown(), "hunter2");
    let debug = format!("{form:?} {:#?}", form.fields[1]);
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("••••"));
    form.key(&Action::RevealSecrets);
    assert!(!form.fields[1].revealed);
    form.key(&Action::Down);
    assert_eq!(
        form.key(&ctrl_r),
        FormKeyResult::Ignored,
        "nothing to reveal on a text field"
    );
}

#[test]
fn enter_submits_esc_cancels_and_other_actions_pass_through() {
    let mut form = s3_access_key();
    let enter = Action::Key(Key::new(KeyCode::Enter, Mods::NONE));
    assert_eq!(form.key(&enter), FormKeyResult::Submit);
    assert_eq!(form.key(&Action::Submit), FormKeyResult::Submit);
    assert_eq!(form.key(&Action::Cancel), FormKeyResult::Cancel);
    assert_eq!(form.key(&Action::Refresh), FormKeyResult::Ignored);
    let tab = Action::Key(Key::new(KeyCode::Tab, Mods::NONE));
    form.key(&tab);
    assert_eq!(form.focus, 1);
    form.key(&Action::Key(Key::new(KeyCode::BackTab, Mods::SHIFT)));
    assert_eq!(form.focus, 0);
    assert_eq!(Form::new(new_text).key(&tab), FormKeyResult::Consumed);
}
