//! Reading a form back: each field's value typed as the output object wants it, or why it
//! is wrong, marked on the field; and the object masked for review.

use serde_json::{Map, Number, Value};

use flowscope_model::redact::mask_secrets;

use crate::shared::form::{Field, FieldKind, Form, JsonType};

impl Field {
    /// What the field puts in the output object: `None` when it is empty and optional,
    /// or why its value is wrong.
    pub fn output(&self) -> Result<Option<Value>, String> {
        let text = self.value_text();
        let trimmed = text.trim();
        if trimmed.is_empty() && self.kind != FieldKind::Bool {
            return if self.required {
                Err("required".to_string())
            } else {
                Ok(None)
            };
        }
        let value = match &self.kind {
            FieldKind::Text => Value::String(trimmed.to_string()),
            FieldKind::Secret => Value::String(text),
            FieldKind::Bool => Value::Bool(trimmed == "true"),
            FieldKind::Integer => Value::Number(integer(trimmed)?),
            FieldKind::Number => Value::Number(number(trimmed)?),
            FieldKind::Choice(choices) => {
                if !choices.iter().any(|c| c == trimmed) {
                    return Err(format!("must be one of {}", choices.join(", ")));
                }
                if self.choice_json {
                    serde_json::from_str(trimmed).map_err(|e| e.to_string())?
                } else {
                    Value::String(trimmed.to_string())
                }
            }
            FieldKind::Json { of, items } => json(trimmed, *of, *items)?,
        };
        Ok(Some(value))
    }
}

fn integer(text: &str) -> Result<Number, String> {
    let wrong = || "must be a whole number".to_string();
    match text.parse::<i64>() {
        Ok(n) => Ok(n.into()),
        Err(_) => text.parse::<u64>().map(Number::from).map_err(|_| wrong()),
    }
}

fn number(text: &str) -> Result<Number, String> {
    integer(text).or_else(|_| {
        text.parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .ok_or_else(|| "must be a number".to_string())
    })
}

fn json(text: &str, of: JsonType, items: Option<JsonType>) -> Result<Value, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if !of.holds(&v) {
        return Err(format!("must be a JSON {}", of.name()));
    }
    if let (Some(items), Some(list)) = (items, v.as_array())
        && let Some(i) = list.iter().position(|item| !items.holds(item))
    {
        return Err(format!("item {} must be a JSON {}", i + 1, items.name()));
    }
    Ok(v)
}

impl Form {
    /// The object the form stands for: each field typed (numbers as numbers, booleans as
    /// booleans), empty optional fields left out. Checks every field, marks each wrong
    /// one with its error (and clears the errors fixed), and from then on keeps the marks
    /// up to date as the values change; when a field is wrong, focuses the first and
    /// gives its index.
    pub fn value(&mut self) -> Result<Value, usize> {
        let mut out = Map::new();
        let mut first = None;
        for (i, field) in self.fields.iter_mut().enumerate() {
            field.touched = true;
            match field.output() {
                Ok(v) => {
                    field.error = None;
                    if let Some(v) = v {
                        out.insert(field.key.clone(), v);
                    }
                }
                Err(e) => {
                    field.error = Some(e);
                    first.get_or_insert(i);
                }
            }
        }
        match first {
            Some(i) => {
                self.focus = i;
                Err(i)
            }
            None => Ok(Value::Object(out)),
        }
    }

    /// Checks again the fields the user has touched, so a wrong value is marked where it
    /// is while it is typed, and a field not yet reached stays unmarked.
    pub fn check_live(&mut self) {
        for field in self.fields.iter_mut().filter(|f| f.touched) {
            field.error = field.output().err();
        }
    }

    /// The object as [`Form::value`] would give it, for a review screen: secrets as
    /// `••••` (the redaction mask), secret-looking members of JSON fields masked, a wrong value as its text.
    pub fn masked_value(&self) -> Value {
        let mut out = Map::new();
        for field in &self.fields {
            let v = match field.output() {
                Ok(None) => continue,
                _ if field.kind == FieldKind::Secret => Value::String(field.safe_text()),
                Ok(Some(v)) => v,
                Err(_) => Value::String(field.value_text()),
            };
            out.insert(field.key.clone(), v);
        }
        let mut out = Value::Object(out);
        mask_secrets(&mut out);
        out
    }
}
