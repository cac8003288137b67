//! A form from a JSON schema (draft-07, as connection specs carry them): one field per
//! property, typed from the property's `type`, `enum` and `format`.

use serde_json::Value;

use flowscope_model::redact::{MASK, is_secret_key};

use crate::shared::form::{Field, FieldKind, Form, JsonType, bool_text};
use crate::shared::text::NewText;

impl JsonType {
    /// The type a schema's `type` names (`"string"`, …); `None` for anything else.
    pub fn named(name: &str) -> Option<JsonType> {
        Some(match name {
            "string" => JsonType::String,
            "boolean" => JsonType::Boolean,
            "integer" => JsonType::Integer,
            "number" => JsonType::Number,
            "array" => JsonType::Array,
            "object" => JsonType::Object,
            "null" => JsonType::Null,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Boolean => "boolean",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Array => "array",
            JsonType::Object => "object",
            JsonType::Null => "null",
        }
    }

    /// `v` is of this type (an integer is a number too).
    pub fn holds(self, v: &Value) -> bool {
        match self {
            JsonType::String => v.is_string(),
            JsonType::Boolean => v.is_boolean(),
            JsonType::Integer => v.is_i64() || v.is_u64(),
            JsonType::Number => v.is_number(),
            JsonType::Array => v.is_array(),
            JsonType::Object => v.is_object(),
            JsonType::Null => v.is_null(),
        }
    }

    /// The type of a schema: its `type` (the first that is not `null` when it lists
    /// several), else an object when it has `properties`, else a string.
    pub fn of_schema(schema: &Value) -> JsonType {
        let named = match schema.get("type") {
            Some(Value::String(t)) => JsonType::named(t),
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .filter_map(JsonType::named)
                .find(|t| *t != JsonType::Null),
            _ => None,
        };
        named.unwrap_or(if schema.get("properties").is_some() {
            JsonType::Object
        } else {
            JsonType::String
        })
    }
}

impl Form {
    /// A form for the object `schema` describes, its values taken from `prefill` (an
    /// object; anything else prefills nothing), else from each property's `default`.
    ///
    /// One field per property, in the schema's order (the workspace's serde_json keeps
    /// the order of members). `required` marks the fields the schema requires; a label is
    /// the property's `title`, else its key in words ([`label_of_key`]); the help is its
    /// `description`. Kinds:
    /// - `enum` → [`FieldKind::Choice`]: the prefilled value, else the `default`, else the
    ///   first; a field not required gets an empty choice (`—`, sending nothing) first.
    ///   Values that are not all strings are offered as their JSON text and sent as JSON.
    /// - `boolean` → [`FieldKind::Bool`]; `integer`, `number` → [`FieldKind::Integer`],
    ///   [`FieldKind::Number`].
    /// - a string with `format: "password"` or under a secret-looking key
    ///   ([`is_secret_key`]) → [`FieldKind::Secret`]. A prefilled secret that is the
    ///   redaction [`MASK`] is left empty, so a masked copy is never sent as the secret.
    /// - nested objects and arrays are not expanded into fields of their own: each is one
    ///   [`FieldKind::Json`] field holding JSON text, parsed back and type-checked.
    pub fn from_schema(new_text: NewText, schema: &Value, prefill: &Value) -> Form {
        let mut form = Form::new(new_text);
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            return form;
        };
        for (key, prop) in props {
            let given = prefill.get(key).filter(|v| !v.is_null());
            let field = form.schema_field(key, prop, required.contains(&key.as_str()), given);
            form.fields.push(field);
        }
        form
    }

    fn schema_field(
        &self,
        key: &str,
        prop: &Value,
        required: bool,
        given: Option<&Value>,
    ) -> Field {
        let text_of = |name: &str| prop.get(name).and_then(Value::as_str).unwrap_or_default();
        let label = match text_of("title") {
            "" => label_of_key(key),
            title => title.to_string(),
        };
        let help = text_of("description");
        let initial = given.or_else(|| prop.get("default"));
        if let Some(values) = prop.get("enum").and_then(Value::as_array) {
            return self.enum_field(key, &label, required, help, values, initial);
        }
        let ty = JsonType::of_schema(prop);
        let secret =
            ty == JsonType::String && (text_of("format") == "password" || is_secret_key(key));
        let kind = match ty {
            JsonType::Boolean => FieldKind::Bool,
            JsonType::Integer => FieldKind::Integer,
            JsonType::Number => FieldKind::Number,
            JsonType::Object | JsonType::Array => FieldKind::Json {
                of: ty,
                items: prop
                    .get("items")
                    .filter(|items| items.get("type").is_some())
                    .map(JsonType::of_schema),
            },
            _ if secret => FieldKind::Secret,
            _ => FieldKind::Text,
        };
        let text = match (&kind, initial) {
            (FieldKind::Bool, v) => bool_text(
                v.is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true")),
            )
            .to_string(),
            (FieldKind::Secret, Some(Value::String(s))) if s == MASK => String::new(),
            (_, Some(v)) => text_of_value(v),
            (_, None) => String::new(),
        };
        let required = required && kind != FieldKind::Bool;
        self.field(key, &label, kind, required, help, &text)
    }

    fn enum_field(
        &self,
        key: &str,
        label: &str,
        required: bool,
        help: &str,
        values: &[Value],
        initial: Option<&Value>,
    ) -> Field {
        let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        let json = !values.iter().all(|v| v.is_string());
        let as_choice = |v: &Value| match v {
            Value::String(s) if !json => s.clone(),
            v => v.to_string(),
        };
        let mut choices: Vec<String> = values.iter().map(|v| as_choice(v)).collect();
        if !required {
            choices.insert(0, String::new());
        }
        let text = initial
            .map(as_choice)
            .filter(|c| choices.contains(c))
            .or_else(|| choices.first().cloned())
            .unwrap_or_default();
        let mut field = self.field(
            key,
            label,
            FieldKind::Choice(choices),
            required,
            help,
            &text,
        );
        field.choice_json = json;
        field
    }
}

/// A value as a field's text: a string as it is, anything else as compact JSON.
fn text_of_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

/// A property's key in words, lowercase: `s3SecretKey` → `s3 secret key`, `SASToken` →
/// `sas token`, `folder_path` → `folder path`.
pub fn label_of_key(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::with_capacity(key.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' || c == ' ' {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let starts_word = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if starts_word && !out.ends_with(' ') {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out.trim_end().to_string()
}
