//! The schema form on the demo connection specs' auth specs, and by hand: kinds, labels,
//! typed values, errors marked where they are, and secrets kept masked.

use serde_json::{Value, json};

use crate::shared::action::Action;
use crate::shared::form::*;
use crate::shared::key::{Key, KeyCode, Mods};
use crate::shared::text::plain::new_text;

mod keys;

const SPECS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/demo/connection_specs.json"
));

/// The `spec` of the auth spec `auth` of the connection spec `spec`.
pub(super) fn auth_spec(spec: &str, auth: &str) -> Value {
    let specs: Value = serde_json::from_str(SPECS).unwrap();
    let spec = specs
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == spec)
        .unwrap_or_else(|| panic!("no spec {spec}"));
    spec["authSpec"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == auth)
        .unwrap_or_else(|| panic!("no auth {auth}"))["spec"]
        .clone()
}

pub(super) fn s3_access_key() -> Form {
    let schema = auth_spec("amazon-s3", "Access Key Authentication");
    Form::from_schema(new_text, &schema, &Value::Null)
}

pub(super) fn type_text(form: &mut Form, text: &str) {
    for c in text.chars() {
        assert_eq!(
            form.key(&Action::Key(Key::char(c))),
            FormKeyResult::Consumed
        );
    }
}

fn kinds(form: &Form) -> Vec<(&str, &FieldKind, bool)> {
    form.fields
        .iter()
        .map(|f| (f.key.as_str(), &f.kind, f.required))
        .collect()
}

#[test]
fn the_s3_access_key_spec_makes_its_fields_in_order_with_required_and_secrets() {
    let form = s3_access_key();
    assert_eq!(
        kinds(&form),
        [
            // The access key id is a secret to the app's redaction too (`accesskey`).
            ("s3AccessKey", &FieldKind::Secret, true),
            ("s3SecretKey", &FieldKind::Secret, true),
            ("serviceUrl", &FieldKind::Text, false),
            ("s3SessionToken", &FieldKind::Secret, false),
            ("folderPath", &FieldKind::Text, false),
        ]
    );
    let labels: Vec<&str> = form.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "s3 access key",
            "s3 secret key",
            "service url",
            "s3 session token",
            "folder path"
        ]
    );
    assert_eq!(form.fields[1].help, "The secret access key.");
    assert_eq!(form.focus, 0);
}

#[test]
fn a_filled_form_gives_the_typed_object_without_empty_optional_fields() {
    let mut form = s3_access_key();
    type_text(&mut form, "AKIAEXAMPLE");
    form.key(&Action::Down);
    type_text(&mut form, "wJalr/secret");
    form.key(&Action::Down);
    form.key(&Action::Down);
    form.key(&Action::Down);
    type_text(&mut form, " bucket/in ");
    assert_eq!(
        form.value(),
        Ok(json!({
            "s3AccessKey": "AKIAEXAMPLE",
            "s3SecretKey": "wJalr/secret",
            "folderPath": "bucket/in",
        }))
    );
    assert!(form.fields.iter().all(|f| f.error.is_none()));
    assert_eq!(
        form.masked_value(),
        json!({"s3AccessKey": "••••", "s3SecretKey": "••••", "folderPath": "bucket/in"})
    );
}

#[test]
fn missing_required_fields_are_marked_and_the_first_focused() {
    let mut form = s3_access_key();
    form.key(&Action::Down);
    form.key(&Action::Down);
    type_text(&mut form, "https://s3.example");
    assert_eq!(form.value(), Err(0));
    assert_eq!(form.focus, 0);
    let errors: Vec<Option<&str>> = form.fields.iter().map(|f| f.error.as_deref()).collect();
    assert_eq!(
        errors,
        [Some("required"), Some("required"), None, None, None]
    );
    // Typing into a marked field clears its mark as it is typed; the other stays.
    type_text(&mut form, "A");
    assert_eq!(form.fields[0].error, None);
    assert_eq!(form.fields[1].error.as_deref(), Some("required"));
    // And marks it again when emptied.
    form.key(&Action::Key(Key::new(KeyCode::Backspace, Mods::NONE)));
    assert_eq!(form.fields[0].error.as_deref(), Some("required"));
}

#[test]
fn errors_show_only_on_fields_the_user_touched_until_submitted() {
    let mut form = Form::new(new_text)
        .integer("port", "port", true, "", "")
        .text("host", "host", true, "", "");
    type_text(&mut form, "2x");
    assert_eq!(
        form.fields[0].error.as_deref(),
        Some("must be a whole number")
    );
    assert_eq!(form.fields[1].error, None, "not reached yet");
    form.fields[1].touched = true;
    form.check_live();
    assert_eq!(form.fields[1].error.as_deref(), Some("required"));
}

#[test]
fn a_secret_prefilled_with_the_mask_is_left_empty() {
    let schema = auth_spec("amazon-s3", "Access Key Authentication");
    let prefill = json!({"s3AccessKey": "AKIA", "s3SecretKey": "••••", "folderPath": "b/"});
    let form = Form::from_schema(new_text, &schema, &prefill);
    assert_eq!(form.get("s3AccessKey"), "AKIA");
    assert_eq!(form.get("s3SecretKey"), "");
    assert_eq!(form.get("folderPath"), "b/");
}

#[test]
fn enums_of_numbers_are_sent_as_numbers() {
    let schema = json!({"properties": {"level": {"type": "integer", "enum": [1, 2, 3]}},
        "required": ["level"]});
    let mut form = Form::from_schema(new_text, &schema, &json!({"level": 2}));
    assert_eq!(form.get("level"), "2");
    form.key(&Action::Right);
    assert_eq!(form.value(), Ok(json!({"level": 3})));
}

#[test]
fn integers_and_numbers_are_checked_and_sent_as_numbers() {
    let schema = auth_spec("sftp", "Basic Authentication for sftp");
    let mut form = Form::from_schema(new_text, &schema, &json!({"port": 22}));
    let port = form.index("port").unwrap();
    assert_eq!(form.fields[port].kind, FieldKind::Integer);
    assert_eq!(form.get("port"), "22");
    assert!(form.set("port", "2.5"));
    let _ = form.value();
    assert_eq!(
        form.fields[port].error.as_deref(),
        Some("must be a whole number")
    );
    form.set("port", " 2222 ");
    form.check_live();
    assert_eq!(form.fields[port].error, None);
    let mut form = Form::new(new_text).number("ratio", "ratio", false, "", "0.5");
    assert_eq!(form.value(), Ok(json!({"ratio": 0.5})));
    for wrong in ["NaN", "inf", "1,5", "x"] {
        form.set("ratio", wrong);
        assert_eq!(form.value(), Err(0), "{wrong}");
        assert_eq!(form.fields[0].error.as_deref(), Some("must be a number"));
    }
    form.set("ratio", "-3");
    assert_eq!(form.value(), Ok(json!({"ratio": -3})));
}

#[test]
fn nested_objects_and_arrays_are_json_text_parsed_and_type_checked() {
    let schema = json!({"properties": {
        "columns": {"type": "array", "items": {"type": "object"}},
        "headers": {"type": "object", "description": "Extra headers."},
    }, "required": ["columns"]});
    let mut form = Form::from_schema(
        new_text,
        &schema,
        &json!({"headers": {"apiKey": "k3y", "accept": "json"}}),
    );
    assert_eq!(
        form.fields[0].kind,
        FieldKind::Json {
            of: JsonType::Array,
            items: Some(JsonType::Object)
        }
    );
    assert_eq!(form.get("headers"), r#"{"apiKey":"k3y","accept":"json"}"#);
    assert!(
        !format!("{form:?}").contains("k3y"),
        "secret members masked"
    );
    form.set("columns", r#"[{"name": "id"}, 3]"#);
    assert_eq!(form.value(), Err(0));
    assert_eq!(
        form.fields[0].error.as_deref(),
        Some("item 2 must be a JSON object")
    );
    form.set("columns", "{}");
    form.check_live();
    assert_eq!(
        form.fields[0].error.as_deref(),
        Some("must be a JSON array")
    );
    form.set("columns", "[{");
    form.check_live();
    assert!(form.fields[0].error.as_deref().unwrap().contains("line 1"));
    form.set("columns", r#"[{"name": "id"}]"#);
    assert_eq!(form.value().unwrap()["columns"][0]["name"], "id");
    assert_eq!(form.masked_value()["headers"]["apiKey"], "••••");
}

#[test]
fn hand_made_forms_use_the_same_fields() {
    let mut form = Form::new(new_text)
        .choice(
            "frequency",
            "frequency",
            &["once", "hour", "day"],
            "day",
            "How often.",
        )
        .integer("interval", "every", true, "", "1")
        .bool("backfill", "backfill", false, "")
        .secret("token", "token", false, "", "")
        .text("name", "name", true, "", "Orders");
    assert!(form.fields[0].required);
    assert_eq!(form.get("frequency"), "day");
    assert_eq!(
        form.value(),
        Ok(json!({"frequency": "day", "interval": 1, "backfill": false, "name": "Orders"}))
    );
    let loose = Form::new(new_text).choice("c", "c", &["", "a"], "zzz", "");
    assert!(!loose.fields[0].required);
    assert_eq!(loose.get("c"), "", "not a choice: the first");
    assert!(!form.set("nothing", "x"));
    assert_eq!(form.get("nothing"), "");
}

#[test]
fn labels_are_keys_in_words_unless_titled() {
    for (key, label) in [
        ("s3SecretKey", "s3 secret key"),
        ("SASToken", "sas token"),
        ("folder_path", "folder path"),
        ("clientID", "client id"),
        ("port", "port"),
    ] {
        assert_eq!(label_of_key(key), label);
    }
    let schema = json!({"properties": {
        "k": {"type": "string", "title": "Storage account"},
        "accountKey": {"type": "string"},
    }});
    let form = Form::from_schema(new_text, &schema, &Value::Null);
    assert_eq!(form.fields[0].label, "Storage account");
    assert_eq!(form.fields[0].kind, FieldKind::Text);
    assert_eq!(
        form.fields[1].kind,
        FieldKind::Secret,
        "a secret by its key"
    );
}

#[test]
fn every_demo_auth_spec_makes_a_form_that_reads_back_when_filled() {
    let specs: Value = serde_json::from_str(SPECS).unwrap();
    for spec in specs.as_array().unwrap() {
        for auth in spec["authSpec"].as_array().into_iter().flatten() {
            let mut form = Form::from_schema(new_text, &auth["spec"], &Value::Null);
            let n = auth["spec"]["properties"].as_object().unwrap().len();
            assert_eq!(form.fields.len(), n, "{}", auth["name"]);
            for i in 0..form.fields.len() {
                let (key, kind) = (form.fields[i].key.clone(), form.fields[i].kind.clone());
                let text = match kind {
                    FieldKind::Integer | FieldKind::Number => "1",
                    FieldKind::Json {
                        of: JsonType::Array,
                        ..
                    } => "[]",
                    FieldKind::Json { .. } => "{}",
                    FieldKind::Bool | FieldKind::Choice(_) => continue,
                    _ => "x",
                };
                assert!(form.set(&key, text));
            }
            let value = form.value().unwrap();
            assert_eq!(value.as_object().unwrap().len(), n, "{}", auth["name"]);
            for f in form.fields.iter().filter(|f| f.kind == FieldKind::Secret) {
                assert_eq!(form.masked_value()[&f.key], "••••");
            }
        }
    }
}
