//! Whether raw JSON text holds anything [`mask_secrets`](super::mask_secrets) would mask,
//! read without building a tree: keys are borrowed from the text and values skipped, so a
//! listing can pass items through byte for byte and mask only the few that need it.

use aho_corasick::AhoCorasick;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::sync::LazyLock;

use super::{SECRET_WORDS, is_secret_key};

/// Any secret word, in any case, anywhere (None only if the automaton could not be
/// built, and then every item is read key by key).
static SECRET_WORD_SEARCH: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(SECRET_WORDS)
        .ok()
});

/// True when `json` has a secret-looking key over a string or number, or a JSON Patch
/// operation whose `path` ends in one; also true when it names a secret word but is not
/// valid JSON, so a caller falls back to the careful path.
pub fn may_hold_secret(json: &str) -> bool {
    // Most items name no secret word anywhere, keys or values: one pass over the bytes
    // (SIMD-assisted, all words at once) settles them. The rest are read key by key.
    if SECRET_WORD_SEARCH
        .as_ref()
        .is_some_and(|words| !words.is_match(json))
    {
        return false;
    }
    let mut de = serde_json::Deserializer::from_str(json);
    Scan::VALUE.deserialize(&mut de).map_or(true, |s| s.secret)
}

/// Scans one value; `path` when it is a `path` member, whose string may make its
/// sibling `value` a secret.
#[derive(Clone, Copy)]
struct Scan {
    path: bool,
}

impl Scan {
    const VALUE: Scan = Scan { path: false };
}

/// What one value holds, as far as masking goes.
#[derive(Default)]
struct Found {
    /// Something inside must be masked.
    secret: bool,
    /// A string or a number (what masking replaces under a secret key).
    scalar: bool,
    /// A string whose last `/` segment is a secret key (read for `path` members only).
    secret_path: bool,
}

impl<'de> DeserializeSeed<'de> for Scan {
    type Value = Found;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Found, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan {
    type Value = Found;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Found, E> {
        Ok(Found {
            secret: false,
            scalar: true,
            secret_path: self.path && is_secret_key(s.rsplit('/').next().unwrap_or(s)),
        })
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Found, E> {
        self.visit_str("")
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Found, E> {
        self.visit_str("")
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Found, E> {
        self.visit_str("")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Found, E> {
        Ok(Found::default())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Found, E> {
        Ok(Found::default())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Found, A::Error> {
        let mut out = Found::default();
        while let Some(item) = seq.next_element_seed(Scan::VALUE)? {
            out.secret |= item.secret;
        }
        Ok(out)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found, A::Error> {
        let mut out = Found::default();
        let (mut path_is_secret, mut value_is_scalar) = (false, false);
        while let Some(key) = map.next_key_seed(KeyScan)? {
            if out.secret {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            match key {
                Key::Path => {
                    let p = map.next_value_seed(Scan { path: true })?;
                    out.secret |= p.secret;
                    path_is_secret = p.secret_path;
                }
                key => {
                    let value = map.next_value_seed(Scan::VALUE)?;
                    out.secret |= value.secret || (value.scalar && key == Key::Secret);
                    if key == Key::Value {
                        value_is_scalar = value.scalar;
                    }
                }
            }
        }
        out.secret |= path_is_secret && value_is_scalar;
        Ok(out)
    }
}

/// What a key says, read where it lies in the text (no copy unless it has escapes).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Secret,
    /// `path`: of a JSON Patch operation, perhaps.
    Path,
    /// `value`: what a patch operation on a secret path carries.
    Value,
    Other,
}

struct KeyScan;

impl<'de> DeserializeSeed<'de> for KeyScan {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyScan {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, k: &str) -> Result<Key, E> {
        Ok(match k {
            // `path` and `value` are no secret words: masking treats them apart.
            "path" => Key::Path,
            "value" => Key::Value,
            k if is_secret_key(k) => Key::Secret,
            _ => Key::Other,
        })
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
        assert!(may_hold_secret("{\"password\": [1, 2"));
        // Nothing secret-like in it at all: nothing to mask, whole or not.
        assert!(!may_hold_secret("{\"items\": [1, 2"));
    }
}
