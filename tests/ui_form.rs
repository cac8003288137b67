//! The form widget (`ui::widgets::form`) drawn with `TestBackend`: the S3 access-key form
//! from the demo spec empty, filled with its secret masked, revealed, with its errors
//! marked, and a form taller than its area scrolled to the focused field.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use flowscope::app::shared::action::Action;
use flowscope::app::shared::form::Form;
use flowscope::app::shared::key::{Key, KeyCode, Mods};
use flowscope::app::shared::theme::ThemeName;
use flowscope::ui::text::new_text;
use flowscope::ui::theme::Theme;
use flowscope::ui::widgets::form::draw;
use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use serde_json::Value;

use crate::support::tui::buffer_text;

const SPECS: &str = include_str!("../assets/demo/connection_specs.json");

fn s3_access_key() -> Form {
    let specs: Value = serde_json::from_str(SPECS).unwrap();
    let s3 = specs
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "amazon-s3")
        .unwrap();
    let auth = s3["authSpec"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Access Key Authentication")
        .unwrap();
    Form::from_schema(new_text, &auth["spec"], &Value::Null)
}

fn theme() -> &'static Theme {
    Theme::of(ThemeName::Dark)
}

/// The form drawn focused on a `w`×`h` screen.
fn drawn(form: &Form, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| draw(f, f.area(), theme(), form, true))
        .unwrap();
    term.backend().buffer().clone()
}

fn typed(form: &mut Form, text: &str) {
    for c in text.chars() {
        form.key(&Action::Key(Key::char(c)));
    }
}

/// The S3 form with both keys typed, the focus on the secret.
fn filled() -> Form {
    let mut form = s3_access_key();
    typed(&mut form, "AKIAEXAMPLE");
    form.key(&Action::Down);
    form.key(&Action::Down);
    form.key(&Action::Down);
    form.key(&Action::Down);
    typed(&mut form, "bucket/in");
    form.key(&Action::Down);
    form.key(&Action::Down);
    typed(&mut form, "hunter2");
    form
}

#[test]
fn the_s3_access_key_form_empty() {
    let screen = buffer_text(&drawn(&s3_access_key(), 90, 7));
    assert_snapshot!("form_s3_empty", screen);
}

#[test]
fn a_filled_form_masks_its_secrets() {
    let form = filled();
    assert_eq!(form.focus, 1);
    let screen = buffer_text(&drawn(&form, 90, 7));
    assert!(!screen.contains("hunter2") && !screen.contains("AKIAEXAMPLE"));
    assert!(screen.contains("•••••••"));
    assert_snapshot!("form_s3_filled_masked", screen);
}

#[test]
fn a_revealed_secret_is_drawn_in_clear() {
    let mut form = filled();
    form.key(&Action::Key(Key::new(KeyCode::Char('r'), Mods::CTRL)));
    let buf = drawn(&form, 90, 7);
    let screen = buffer_text(&buf);
    assert!(screen.contains("hunter2"));
    assert!(!screen.contains("AKIAEXAMPLE"), "only the focused one");
    assert_snapshot!("form_s3_revealed", screen);
    // The cursor, after the text, is the selection's colour.
    let row = screen.lines().position(|l| l.contains("hunter2")).unwrap();
    let line = screen.lines().nth(row).unwrap();
    let col = line[..line.find("hunter2").unwrap()].chars().count() + "hunter2".len();
    assert_eq!(
        buf[(col as u16, row as u16)].bg,
        theme().selection.bg.unwrap()
    );
}

#[test]
fn errors_are_marked_beside_their_fields() {
    let mut form = s3_access_key();
    form.key(&Action::Down);
    form.key(&Action::Down);
    typed(&mut form, "https://s3.example");
    assert_eq!(form.value(), Err(0));
    let buf = drawn(&form, 90, 7);
    let screen = buffer_text(&buf);
    assert_snapshot!("form_s3_errors", screen);
    let line = screen.lines().next().unwrap();
    let col = line[..line.find("required").unwrap()].chars().count();
    assert_eq!(buf[(col as u16, 0)].fg, theme().failed.fg.unwrap());
}

#[test]
fn a_form_taller_than_its_area_scrolls_to_the_focused_field() {
    let mut form = Form::new(new_text)
        .choice(
            "frequency",
            "frequency",
            &["once", "minute", "hour", "day", "week"],
            "hour",
            "How often the flow runs.",
        )
        .integer(
            "interval",
            "every",
            true,
            "Runs every this many units.",
            "1",
        )
        .bool(
            "backfill",
            "backfill",
            true,
            "Read what is already there too.",
        );
    for i in 0..9 {
        form = form.text(&format!("column{i}"), &format!("column {i}"), false, "", "");
    }
    form = form.secret(
        "apiKey",
        "api key",
        true,
        "The key of the export.",
        "s3cr3t",
    );
    for _ in 0..10 {
        form.key(&Action::Down);
    }
    typed(&mut form, "id");
    let screen = buffer_text(&drawn(&form, 80, 7));
    assert!(screen.contains("column 7") && screen.contains("id"));
    assert!(!screen.contains("frequency"), "scrolled past the top");
    assert_snapshot!("form_scrolled", screen);
    form.focus = 0;
    let screen = buffer_text(&drawn(&form, 80, 7));
    assert_snapshot!("form_top_choice", screen);
}
