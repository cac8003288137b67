//! Whether raw JSON text holds anything [`mask_secrets`](super::mask_secrets) would mask,
//! read without building a tree: keys are borrowed from the text and values skipped, so a
//! listing can pass items through byte for byte and mask only the few that need it.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

use super::is_secret_key;

/// True when `json` has a secret-looking key over a string or number, or a JSON Patch
/// operation whose `path` ends in one; also true when it is not valid JSON, so a caller
/// falls back to the careful path.
pub fn may_hold_secret(json: &str) -> bool {
    serde_json::from_str::<Scan>(json).map_or(true, |s| s.secret)
}

/// What one value holds, as far as masking goes.
#[derive(Default)]
struct Scan {
    /// Something inside must be masked.
    secret: bool,
    /// A string or a number (what masking replaces under a secret key).
    scalar: bool,
    /// A string whose last `/` segment is a secret key (a patch operation's `path`).
    secret_path: bool,
}

impl<'de> Deserialize<'de> for Scan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scan, D::Error> {
        d.deserialize_any(ScanVisitor)
    }
}

struct ScanVisitor;

impl<'de> Visitor<'de> for ScanVisitor {
    type Value = Scan;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Scan, E> {
        let last = s.rsplit('/').next().unwrap_or(s);
        Ok(Scan {
            scalar: true,
            secret_path: is_secret_key(last),
            ..Scan::default()
        })
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Scan, E> {
        Ok(Scan {
            scalar: true,
            ..Scan::default()
        })
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Scan, E> {
        self.visit_i64(0)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Scan, E> {
        self.visit_i64(0)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Scan, E> {
        Ok(Scan::default())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scan, E> {
        Ok(Scan::default())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scan, A::Error> {
        let mut out = Scan::default();
        while let Some(item) = seq.next_element::<Scan>()? {
            out.secret |= item.secret;
        }
        Ok(out)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scan, A::Error> {
        let mut out = Scan::default();
        let (mut path_is_secret, mut value_is_scalar) = (false, false);
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if out.secret {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let value = map.next_value::<Scan>()?;
            out.secret |= value.secret || (value.scalar && is_secret_key(&key));
            match key.as_ref() {
                "path" => path_is_secret = value.secret_path,
                "value" => value_is_scalar = value.scalar,
                _ => {}
            }
        }
        out.secret |= path_is_secret && value_is_scalar;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::mask_secrets;
    use serde_json::{Value, json};

    /// The scan agrees with masking itself: it says "secret" exactly when masking would
    /// change something.
    fn agrees(v: Value) {
        let text = v.to_string();
        let mut masked = v.clone();
        let changed = mask_secrets(&mut masked) > 0;
        assert_eq!(may_hold_secret(&text), changed, "{text}");
    }

    #[test]
    fn the_scan_says_secret_exactly_when_masking_would_mask() {
        agrees(json!({"id": "r1", "metrics": {"recordSummary": {"inputRecordCount": 3}}}));
        agrees(json!({"auth": {"params": {"password": "hunter2", "username": "u"}}}));
        agrees(json!({"items": [{"a": 1}, {"sasToken": "sv=2020&sig=abc"}]}));
        agrees(json!({"AccessKeyId": 12345}));
        // A secret key over an object or an array is descended into, not masked whole.
        agrees(json!({"credentials": {"note": true}}));
        agrees(json!({"credentials": [null, false]}));
        // A patch operation on a secret carries it in `value`.
        agrees(json!([{"op": "replace", "path": "/auth/params/password", "value": "x"}]));
        agrees(json!([{"op": "replace", "path": "/auth/params/password", "value": {"a": 1}}]));
        agrees(json!([{"op": "replace", "path": "/name", "value": "password"}]));
        agrees(json!({"escaped\u{0}key": "x", "pass\"word": 1}));
    }

    #[test]
    fn text_that_is_not_json_takes_the_careful_path() {
        assert!(may_hold_secret("{\"items\": [1, 2"));
    }
}
