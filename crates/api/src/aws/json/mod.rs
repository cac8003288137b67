//! SDK values back into the services' wire shape, as JSON: the member names of the models
//! (PascalCase for Customer Profiles, camelCase for AppFlow), timestamps as RFC 3339 UTC
//! strings, enums as their string values, absent members left out. Maps are written with
//! sorted keys so the same object always renders the same way. Pure functions.

pub(crate) mod appflow;
pub(crate) mod connectors;
pub(crate) mod profiles;

use std::collections::{BTreeMap, HashMap};

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use serde_json::{Map, Value};

/// An object under construction; members given `None` are left out.
#[derive(Default)]
pub(crate) struct Obj(Map<String, Value>);

impl Obj {
    pub fn new() -> Obj {
        Obj::default()
    }

    pub fn str<'a>(mut self, key: &str, v: impl Into<Option<&'a str>>) -> Obj {
        if let Some(v) = v.into() {
            self.0.insert(key.to_string(), Value::String(v.to_string()));
        }
        self
    }

    pub fn int(mut self, key: &str, v: impl Into<Option<i64>>) -> Obj {
        if let Some(v) = v.into() {
            self.0.insert(key.to_string(), Value::from(v));
        }
        self
    }

    pub fn float(mut self, key: &str, v: Option<f64>) -> Obj {
        if let Some(v) = v {
            self.0.insert(key.to_string(), Value::from(v));
        }
        self
    }

    pub fn bool(mut self, key: &str, v: impl Into<Option<bool>>) -> Obj {
        if let Some(v) = v.into() {
            self.0.insert(key.to_string(), Value::Bool(v));
        }
        self
    }

    pub fn time<'a>(mut self, key: &str, v: impl Into<Option<&'a DateTime>>) -> Obj {
        if let Some(v) = v.into() {
            self.0.insert(key.to_string(), time(v));
        }
        self
    }

    pub fn val(mut self, key: &str, v: Option<Value>) -> Obj {
        if let Some(v) = v {
            self.0.insert(key.to_string(), v);
        }
        self
    }

    pub fn strs(self, key: &str, v: Option<&[String]>) -> Obj {
        self.val(key, v.map(|v| Value::from(v.to_vec())))
    }

    pub fn tags(self, key: &str, v: Option<&HashMap<String, String>>) -> Obj {
        self.val(key, v.map(string_map))
    }

    pub fn build(self) -> Value {
        Value::Object(self.0)
    }
}

/// RFC 3339 UTC, e.g. "2026-11-20T10:00:00Z"; a time outside what RFC 3339 can write
/// stays the epoch seconds the service sent.
pub(crate) fn time(t: &DateTime) -> Value {
    match t.fmt(Format::DateTime) {
        Ok(s) => Value::String(s),
        Err(_) => Value::from(t.secs()),
    }
}

/// A string map with sorted keys.
pub(crate) fn string_map<K: AsRef<str>>(m: &HashMap<K, String>) -> Value {
    let sorted: BTreeMap<&str, &str> = m.iter().map(|(k, v)| (k.as_ref(), v.as_str())).collect();
    Value::Object(
        sorted
            .into_iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect(),
    )
}

/// A list of rendered items.
pub(crate) fn list<T>(items: Option<&[T]>, render: impl Fn(&T) -> Value) -> Option<Value> {
    items.map(|items| Value::Array(items.iter().map(render).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_members_are_left_out_and_times_are_rfc3339() {
        let t = DateTime::from_secs(1_795_168_800);
        let v = Obj::new()
            .str("a", "x")
            .str("b", None)
            .int("c", 3)
            .int("d", None)
            .time("e", &t)
            .bool("f", false)
            .float("g", Some(0.5))
            .build();
        assert_eq!(
            v,
            json!({"a": "x", "c": 3, "e": "2026-11-20T10:00:00Z", "f": false, "g": 0.5})
        );
    }

    #[test]
    fn maps_come_out_sorted() {
        let m: HashMap<String, String> = [("b", "2"), ("a", "1"), ("c", "3")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(string_map(&m).to_string(), r#"{"a":"1","b":"2","c":"3"}"#);
    }
}
