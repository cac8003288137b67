//! A form of typed fields, made from a JSON schema (a connection spec's `authSpec`, a
//! source or target spec; [`Form::from_schema`]) or by hand ([`Form::new`] and its
//! builders), edited through the actions a pane forwards ([`Form::key`]) and read back as
//! the JSON object it stands for ([`Form::value`]), each wrong field marked where it is.
//!
//! Every field keeps its value as text in a [`TextBuffer`], whatever its kind: a choice
//! holds the choice picked, a boolean `true` or `false`, so [`Form::get`] and
//! [`Form::set`] read and write any field alike. Secrets never leave the form in clear
//! but through [`Form::value`]: `Debug` masks them and [`Form::masked_value`] is the
//! object for review screens.

use std::fmt;

use flowscope_model::redact::{MASK, mask_secrets_in_text};

use crate::shared::text::{NewText, TextBuffer, TextKind, one_line};

mod check;
mod keys;
mod schema;
#[cfg(test)]
mod tests;

pub use keys::FormKeyResult;
pub use schema::label_of_key;

/// The JSON types a schema names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    String,
    Boolean,
    Integer,
    Number,
    Array,
    Object,
    Null,
}

/// What a field holds and how it is edited and read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text, sent as a string with its ends trimmed.
    Text,
    /// Text shown as one `•` a character unless revealed, sent as typed.
    Secret,
    /// A whole number, sent as a JSON number.
    Integer,
    /// A number, sent as a JSON number.
    Number,
    /// Sent as a JSON boolean; always sent.
    Bool,
    /// One of these, picked with left and right; an empty choice (drawn `—`) sends
    /// nothing.
    Choice(Vec<String>),
    /// A nested object or array, edited as one line of JSON text and parsed back, checked
    /// to be `of` (an object or an array) and, for an array whose items the schema types,
    /// each item to be of type `items`.
    Json {
        of: JsonType,
        items: Option<JsonType>,
    },
}

/// One field: the member `key` of the output object.
pub struct Field {
    /// The member's name in the output object.
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    /// What the field is for (the schema's `description`).
    pub help: String,
    /// The value as text, whatever the kind.
    pub text: Box<dyn TextBuffer>,
    /// Why the value is wrong, as last checked.
    pub error: Option<String>,
    /// A secret shown in clear.
    pub revealed: bool,
    /// Changed by the user (typed, pasted, picked), or checked by [`Form::value`]: its
    /// error follows its value as it changes ([`Form::check_live`]).
    pub touched: bool,
    /// The choices are the JSON text of enum values that are not all strings (`1`,
    /// `true`), read back as JSON.
    pub choice_json: bool,
}

/// Fields in order, one focused.
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Makes the fields' text buffers.
    pub new_text: NewText,
}

impl Field {
    /// The value as text.
    pub fn value_text(&self) -> String {
        self.text.lines().join("\n")
    }

    /// The value as it may be shown: a secret not revealed as one `•` a character, an
    /// empty choice as `—`.
    pub fn shown(&self) -> String {
        let text = self.value_text();
        match &self.kind {
            FieldKind::Secret if !self.revealed => "•".repeat(text.chars().count()),
            FieldKind::Choice(_) if text.is_empty() => "—".to_string(),
            _ => text,
        }
    }

    /// The value as `Debug` and logs may show it: secrets masked, JSON text with its
    /// secret-looking members masked.
    fn safe_text(&self) -> String {
        let text = self.value_text();
        match &self.kind {
            FieldKind::Secret if text.is_empty() => text,
            FieldKind::Secret => MASK.to_string(),
            FieldKind::Json { .. } => mask_secrets_in_text(&text),
            _ => text,
        }
    }

    /// Typed into as text (not picked or toggled).
    pub fn is_typed(&self) -> bool {
        !matches!(self.kind, FieldKind::Bool | FieldKind::Choice(_))
    }
}

impl fmt::Debug for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Field")
            .field("key", &self.key)
            .field("label", &self.label)
            .field("kind", &self.kind)
            .field("required", &self.required)
            .field("help", &self.help)
            .field("text", &self.safe_text())
            .field("error", &self.error)
            .field("revealed", &self.revealed)
            .field("touched", &self.touched)
            .field("choice_json", &self.choice_json)
            .finish()
    }
}

impl fmt::Debug for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Form")
            .field("fields", &self.fields)
            .field("focus", &self.focus)
            .finish_non_exhaustive()
    }
}

impl Form {
    /// An empty form, to build by hand with [`Form::text`], [`Form::choice`], ….
    pub fn new(new_text: NewText) -> Form {
        Form {
            fields: Vec::new(),
            focus: 0,
            new_text,
        }
    }

    /// A field of `kind` holding `initial`, not yet touched.
    pub fn field(
        &self,
        key: &str,
        label: &str,
        kind: FieldKind,
        required: bool,
        help: &str,
        initial: &str,
    ) -> Field {
        Field {
            key: key.to_string(),
            label: label.to_string(),
            kind,
            required,
            help: help.to_string(),
            text: one_line(self.new_text, TextKind::Field, initial),
            error: None,
            revealed: false,
            touched: false,
            choice_json: false,
        }
    }

    fn with(mut self, field: Field) -> Form {
        self.fields.push(field);
        self
    }

    pub fn text(self, key: &str, label: &str, required: bool, help: &str, initial: &str) -> Form {
        let f = self.field(key, label, FieldKind::Text, required, help, initial);
        self.with(f)
    }

    pub fn secret(self, key: &str, label: &str, required: bool, help: &str, initial: &str) -> Form {
        let f = self.field(key, label, FieldKind::Secret, required, help, initial);
        self.with(f)
    }

    pub fn integer(
        self,
        key: &str,
        label: &str,
        required: bool,
        help: &str,
        initial: &str,
    ) -> Form {
        let f = self.field(key, label, FieldKind::Integer, required, help, initial);
        self.with(f)
    }

    pub fn number(self, key: &str, label: &str, required: bool, help: &str, initial: &str) -> Form {
        let f = self.field(key, label, FieldKind::Number, required, help, initial);
        self.with(f)
    }

    pub fn bool(self, key: &str, label: &str, value: bool, help: &str) -> Form {
        let f = self.field(key, label, FieldKind::Bool, false, help, bool_text(value));
        self.with(f)
    }

    /// A choice among `choices`, `selected` picked (the first if it is not one of them).
    /// Required unless one of the choices is empty (drawn `—`, sending nothing).
    pub fn choice(
        self,
        key: &str,
        label: &str,
        choices: &[&str],
        selected: &str,
        help: &str,
    ) -> Form {
        let initial = if choices.contains(&selected) {
            selected
        } else {
            choices.first().copied().unwrap_or("")
        };
        let required = !choices.contains(&"");
        let kind = FieldKind::Choice(choices.iter().map(|c| c.to_string()).collect());
        let f = self.field(key, label, kind, required, help, initial);
        self.with(f)
    }

    /// The index of the field `key`.
    pub fn index(&self, key: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.key == key)
    }

    pub fn get_field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    /// The value of the field `key` as text; empty when there is no such field.
    pub fn get(&self, key: &str) -> String {
        self.get_field(key)
            .map(Field::value_text)
            .unwrap_or_default()
    }

    /// Sets the field `key` to `text`, as the program does (it stays untouched); false
    /// when there is no such field, or `text` is not one of its choices or a boolean.
    pub fn set(&mut self, key: &str, text: &str) -> bool {
        let new_text = self.new_text;
        let Some(field) = self.fields.iter_mut().find(|f| f.key == key) else {
            return false;
        };
        let fits = match &field.kind {
            FieldKind::Choice(choices) => choices.iter().any(|c| c == text),
            FieldKind::Bool => text == "true" || text == "false",
            _ => true,
        };
        if fits {
            field.text = one_line(new_text, TextKind::Field, text);
            if field.touched {
                field.error = field.output().err();
            }
        }
        fits
    }

    /// Moves the focus `delta` fields, round the ends.
    pub fn move_focus(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        if n > 0 {
            self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
        }
    }
}

pub(crate) fn bool_text(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}
